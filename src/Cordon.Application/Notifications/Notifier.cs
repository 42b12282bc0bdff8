using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Notifications;

/// <summary>
/// Writes in-app notifications (and, when asked, e-mails to the outbox) in the caller's transaction.
/// Live delivery to open pages is done by the web host, which pushes new rows to connected browsers.
/// </summary>
public sealed class Notifier(CordonDbContext db, TimeProvider clock)
{
    public async Task NotifyUsersAsync(IReadOnlyCollection<Guid> userIds, string messageKey, IEnumerable<string> args, string? link, bool email, CancellationToken ct = default)
    {
        if (userIds.Count == 0) return;
        var addresses = email
            ? await db.Users.Where(u => userIds.Contains(u.Id) && u.RemovedAt == null && u.Email != null).Select(u => u.Email!).ToListAsync(ct)
            : null;
        Add(userIds, addresses, messageKey, args, link);
    }

    /// <summary>E-mails (through the outbox) the given addresses, without an in-app notification.</summary>
    public void Email(IReadOnlyList<string> addresses, string messageKey, IEnumerable<string> args, string? link) =>
        AddEmails(addresses, messageKey, args, link, clock.GetUtcNow());

    /// <summary>Notifies every active user of the given Parties who holds the permission (and Secretariat users if asked).</summary>
    public async Task NotifyPartiesAsync(IEnumerable<string> partyCodes, string permission, string messageKey, IEnumerable<string> args, string? link, bool includeSecretariat, bool email, CancellationToken ct = default)
    {
        // Recipients and their addresses in one read: this runs in every delivery between Parties.
        Notify(await UserDirectory.UsersWithPermissionAndEmailAsync(db, partyCodes.ToList(), permission, includeSecretariat, ct), messageKey, args, link, email);
    }

    /// <summary>Notifies users already looked up (see <see cref="UserDirectory.AddresseesAsync"/>), e-mailing those with an address if asked.</summary>
    public void Notify(IReadOnlyList<(Guid Id, string? Email)> users, string messageKey, IEnumerable<string> args, string? link, bool email)
    {
        if (users.Count == 0) return;
        Add(users.Select(u => u.Id).ToList(), email ? users.Where(u => u.Email is not null).Select(u => u.Email!).ToList() : null, messageKey, args, link);
    }

    private void Add(IReadOnlyCollection<Guid> userIds, IReadOnlyList<string>? addresses, string messageKey, IEnumerable<string> args, string? link)
    {
        var now = clock.GetUtcNow();
        var arguments = NotificationMessage.JoinArguments(args);
        if (db.FansOutThroughLedger)
        {
            // Inserted in bulk after commit by the ledger's sealer, with the request's other ledger writes (ADR 0045).
            db.EnqueueFanOut(new FanOut
            {
                Users = [.. userIds.Distinct()], Emails = [.. addresses ?? []], MessageKey = messageKey, Arguments = arguments, Link = link,
                Subject = Subject(messageKey), Body = Body(messageKey, args, link), CreatedAt = now,
            });
            return;
        }
        // One message, one narrow row per recipient (ADR 52).
        var message = new NotificationMessage { MessageKey = messageKey, Arguments = arguments, Link = link, CreatedAt = now };
        foreach (var id in userIds.Distinct())
            db.Notifications.Add(new Notification { UserId = id, Message = message });
        if (addresses is not null) AddEmails(addresses, messageKey, args, link, now);
    }

    private void AddEmails(IReadOnlyList<string> addresses, string messageKey, IEnumerable<string> args, string? link, DateTimeOffset now)
    {
        if (addresses.Count == 0) return;
        if (db.FansOutThroughLedger)
        {
            db.EnqueueFanOut(new FanOut { Emails = [.. addresses], MessageKey = messageKey, Subject = Subject(messageKey), Body = Body(messageKey, args, link), CreatedAt = now });
            return;
        }
        // One mail for all of them (ADR 49); the sender sends each a message of their own.
        db.OutboxEmails.Add(new OutboxEmail
        {
            To = OutboxEmail.JoinRecipients(addresses), Subject = Subject(messageKey), Body = Body(messageKey, args, link), CreatedAt = now, NextAttemptAt = now,
        });
    }

    // E-mail goes out in English with a link; the page it links to is in the reader's language.
    private static string Subject(string messageKey) => $"[Cordon] {messageKey.Replace("Notification.", "", StringComparison.Ordinal)}";

    private static string Body(string messageKey, IEnumerable<string> args, string? link) => $"{messageKey}: {string.Join(", ", args)}\n\n{link}";
}
