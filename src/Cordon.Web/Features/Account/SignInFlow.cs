using System.Security.Claims;
using Cordon.Application.Audit;
using Cordon.Application.Identity;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Cordon.Web.Features.Account;

/// <summary>
/// The steps shared by the log-in pages. A session exists only after the second factor: the password
/// alone leads to the TOTP page, or to TOTP enrolment for a user who has none yet.
/// </summary>
public sealed class SignInFlow(SignInManager<CordonUser> signIn, AuditLog audit, IHttpContextAccessor http)
{
    /// <summary>Remembers who passed the password check, in Identity's short-lived two-factor cookie.</summary>
    public Task RememberPasswordPassedAsync(CordonUser user) =>
        http.HttpContext!.SignInAsync(IdentityConstants.TwoFactorUserIdScheme,
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Id.ToString())], IdentityConstants.TwoFactorUserIdScheme)));

    public Task<CordonUser?> PendingUserAsync() => signIn.GetTwoFactorAuthenticationUserAsync();

    /// <summary>After a successful second factor: audit, and restore the user's language.</summary>
    public async Task CompletedAsync(CordonUser user, string how)
    {
        await audit.RecordNowAsync("login.succeeded", "User", user.Id.ToString(), $"{user.Email} signed in ({how})", user.PartyCode is null ? null : [user.PartyCode]);
        if (Languages.IsSupported(user.PreferredLanguage)) Languages.Remember(http.HttpContext!.Response, user.PreferredLanguage);
    }

    public Task FailedAsync(string email, string reason) =>
        audit.RecordNowAsync("login.failed", "User", email.Length > 128 ? email[..128] : email, reason);

    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";
}
