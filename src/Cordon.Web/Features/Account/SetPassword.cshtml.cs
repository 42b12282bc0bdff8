using System.ComponentModel.DataAnnotations;
using Cordon.Application.Audit;
using Cordon.Application.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Account;

/// <summary>The page a new user reaches from the invitation e-mail (a password-reset token) to choose a password.</summary>
[EnableRateLimiting("login")]
public sealed class SetPasswordModel(UserManager<CordonUser> users, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Choose a password.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty]
    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    [DataType(DataType.Password)]
    public string Confirm { get; set; } = "";

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByIdAsync(UserId.ToString());
        if (user is null || user.RemovedAt is not null)
        {
            ModelState.AddModelError("", l["This link is not valid any more. Ask your national administrator for a new one."]);
            return Page();
        }
        var result = await users.ResetPasswordAsync(user, Token, Password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError("", e.Description);
            return Page();
        }
        await audit.RecordNowAsync("password.set", "User", user.Id.ToString(), $"{user.Email} set a password", user.PartyCode is null ? null : [user.PartyCode]);
        TempData["Message"] = l["Your password is set. Sign in to set up your authenticator."].Value;
        return RedirectToPage("/Account/Login");
    }
}
