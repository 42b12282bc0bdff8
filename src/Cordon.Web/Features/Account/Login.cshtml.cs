using System.ComponentModel.DataAnnotations;
using Cordon.Application.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Account;

[EnableRateLimiting("login")]
public sealed class LoginModel(UserManager<CordonUser> users, SignInManager<CordonUser> signIn, SignInFlow flow, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null || user.RemovedAt is not null)
        {
            await flow.FailedAsync(Input.Email, "unknown or removed user");
            ModelState.AddModelError("", l["Invalid e-mail or password."]);
            return Page();
        }
        if (!user.TwoFactorEnabled)
        {
            var check = await signIn.CheckPasswordSignInAsync(user, Input.Password, lockoutOnFailure: true);
            if (check.Succeeded)
            {
                await flow.RememberPasswordPassedAsync(user);
                return RedirectToPage("/Account/Enroll", new { ReturnUrl });
            }
            return await FailAsync(check);
        }
        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor) return RedirectToPage("/Account/LoginTwoFactor", new { ReturnUrl });
        if (result.Succeeded)
        {
            // Cannot happen with two-factor enabled; never leave a one-factor session behind.
            await signIn.SignOutAsync();
        }
        return await FailAsync(result);
    }

    private async Task<IActionResult> FailAsync(Microsoft.AspNetCore.Identity.SignInResult result)
    {
        await flow.FailedAsync(Input.Email, result.IsLockedOut ? "locked out" : "wrong password");
        ModelState.AddModelError("", result.IsLockedOut ? l["This account is locked after too many failed attempts. Try again in 15 minutes."] : l["Invalid e-mail or password."]);
        return Page();
    }
}
