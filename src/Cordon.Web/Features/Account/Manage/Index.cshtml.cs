using Cordon.Application.Audit;
using Cordon.Application.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Account.Manage;

/// <summary>The user's own account: sign out on every device, new recovery codes.</summary>
public sealed class IndexModel(UserManager<CordonUser> users, SignInManager<CordonUser> signIn, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    public CordonUser? Me { get; private set; }
    public int RecoveryCodesLeft { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Me = await users.GetUserAsync(User);
        if (Me is null) return RedirectToPage("/Account/Login");
        RecoveryCodesLeft = await users.CountRecoveryCodesAsync(Me);
        return Page();
    }

    /// <summary>Changing the security stamp invalidates every session of this user on every node within a minute.</summary>
    public async Task<IActionResult> OnPostLogoutEverywhereAsync()
    {
        var me = await users.GetUserAsync(User);
        if (me is null) return RedirectToPage("/Account/Login");
        await users.UpdateSecurityStampAsync(me);
        await audit.RecordNowAsync("logout.everywhere", "User", me.Id.ToString(), $"{me.Email} signed out everywhere", me.PartyCode is null ? null : [me.PartyCode]);
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var me = await users.GetUserAsync(User);
        if (me is null) return RedirectToPage("/Account/Login");
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(me, 10);
        await audit.RecordNowAsync("recovery-codes.renewed", "User", me.Id.ToString(), $"{me.Email} renewed recovery codes", me.PartyCode is null ? null : [me.PartyCode]);
        TempData["RecoveryCodes"] = string.Join(' ', codes ?? []);
        TempData["Message"] = l["New recovery codes were made; the old ones no longer work."].Value;
        return RedirectToPage("/Account/RecoveryCodes", new { ReturnUrl = "/Account/Manage" });
    }
}
