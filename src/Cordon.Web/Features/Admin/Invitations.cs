using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Notifications;
using Microsoft.AspNetCore.Identity;

namespace Cordon.Web.Features.Admin;

/// <summary>E-mails a new user the link to choose a password (a single-use password-reset token).</summary>
public sealed class Invitations(CordonDbContext db, UserManager<CordonUser> users, TimeProvider clock, IHttpContextAccessor http)
{
    public async Task SendAsync(CordonUser user, string? token = null)
    {
        token ??= await users.GeneratePasswordResetTokenAsync(user);
        var request = http.HttpContext!.Request;
        var link = $"{request.Scheme}://{request.Host}/Account/SetPassword?userId={user.Id}&token={Uri.EscapeDataString(token)}";
        db.OutboxEmails.Add(new OutboxEmail
        {
            To = user.Email!,
            Subject = "Your Cordon account",
            Body = $"Hello {user.DisplayName},\n\nAn account was created for you on Cordon. Choose your password here:\n{link}\n\nYou will then link an authenticator app (TOTP).",
            CreatedAt = clock.GetUtcNow(),
            NextAttemptAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
    }
}
