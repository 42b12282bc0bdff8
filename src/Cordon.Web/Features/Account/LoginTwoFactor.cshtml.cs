using System.ComponentModel.DataAnnotations;
using Cordon.Application.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Account;

[EnableRateLimiting("login")]
public sealed class LoginTwoFactorModel(SignInManager<CordonUser> signIn, SignInFlow flow, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await flow.PendingUserAsync() is null ? RedirectToPage("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await flow.PendingUserAsync();
        if (user is null) return RedirectToPage("/Account/Login");
        if (!ModelState.IsValid) return Page();
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Code.Replace(" ", "", StringComparison.Ordinal).Trim(), isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            await flow.CompletedAsync(user, "password + TOTP");
            return LocalRedirect(SignInFlow.SafeReturnUrl(ReturnUrl));
        }
        await flow.FailedAsync(user.Email ?? "", result.IsLockedOut ? "locked out at TOTP" : "wrong TOTP code");
        ModelState.AddModelError("", result.IsLockedOut ? l["This account is locked after too many failed attempts. Try again in 15 minutes."] : l["That code is not valid. Check your device's clock and try the current code."]);
        return Page();
    }
}
