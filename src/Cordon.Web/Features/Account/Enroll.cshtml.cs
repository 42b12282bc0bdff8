using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Cordon.Application.Audit;
using Cordon.Application.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace Cordon.Web.Features.Account;

/// <summary>First log-in: the user links an authenticator app (QR code), proves it with a code and gets recovery codes.</summary>
[EnableRateLimiting("login")]
public sealed class EnrollModel(UserManager<CordonUser> users, SignInManager<CordonUser> signIn, SignInFlow flow, AuditLog audit, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string SharedKey { get; private set; } = "";
    public string QrSvg { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await flow.PendingUserAsync();
        if (user is null) return RedirectToPage("/Account/Login");
        if (user.TwoFactorEnabled) return RedirectToPage("/Account/LoginTwoFactor", new { ReturnUrl });
        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await flow.PendingUserAsync();
        if (user is null) return RedirectToPage("/Account/Login");
        if (user.TwoFactorEnabled) return RedirectToPage("/Account/LoginTwoFactor", new { ReturnUrl });
        if (!ModelState.IsValid)
        {
            await LoadKeyAsync(user);
            return Page();
        }
        var code = Code.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), l["That code is not valid. Check your device's clock and try the current code."]);
            await LoadKeyAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        var recovery = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        await audit.RecordNowAsync("totp.enrolled", "User", user.Id.ToString(), $"{user.Email} enrolled an authenticator", user.PartyCode is null ? null : [user.PartyCode]);
        await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        await flow.CompletedAsync(user, "password + new TOTP");
        TempData["RecoveryCodes"] = string.Join(' ', recovery ?? []);
        return RedirectToPage("/Account/RecoveryCodes", new { ReturnUrl });
    }

    private async Task LoadKeyAsync(CordonUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        SharedKey = key!;
        var uri = $"otpauth://totp/Cordon:{Uri.EscapeDataString(user.Email ?? "")}?secret={SharedKey}&issuer=Cordon&digits=6";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrSvg = new SvgQRCode(data).GetGraphic(4);
    }
}
