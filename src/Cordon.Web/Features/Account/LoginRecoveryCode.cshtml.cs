using System.ComponentModel.DataAnnotations;
using Cordon.Application.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Account;

[EnableRateLimiting("login")]
public sealed class LoginRecoveryCodeModel(SignInManager<CordonUser> signIn, SignInFlow flow, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter one of your recovery codes.")]
    [StringLength(20, ErrorMessage = "Enter one of your recovery codes.")]
    public string RecoveryCode { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await flow.PendingUserAsync() is null ? RedirectToPage("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await flow.PendingUserAsync();
        if (user is null) return RedirectToPage("/Account/Login");
        if (!ModelState.IsValid) return Page();
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(RecoveryCode.Replace(" ", "", StringComparison.Ordinal));
        if (result.Succeeded)
        {
            await flow.CompletedAsync(user, "password + recovery code");
            return LocalRedirect(SignInFlow.SafeReturnUrl(ReturnUrl));
        }
        await flow.FailedAsync(user.Email ?? "", "wrong recovery code");
        ModelState.AddModelError("", result.IsLockedOut ? l["This account is locked after too many failed attempts. Try again in 15 minutes."] : l["That recovery code is not valid or was already used."]);
        return Page();
    }
}
