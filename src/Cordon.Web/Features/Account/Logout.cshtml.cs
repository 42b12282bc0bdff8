using Cordon.Application.Audit;
using Cordon.Application.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Account;

public sealed class LogoutModel(SignInManager<CordonUser> signIn, AuditLog audit) : PageModel
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
            await audit.RecordNowAsync("logout", "User", User.UserIdText(), "signed out");
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }
}

internal static class PrincipalText
{
    public static string UserIdText(this System.Security.Claims.ClaimsPrincipal user) =>
        user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
}
