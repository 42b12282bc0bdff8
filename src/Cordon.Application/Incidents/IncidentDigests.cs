using System.Globalization;
using System.Text;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Incidents;
using Cordon.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Incidents;

/// <summary>
/// Each user's choice of incident alert e-mails, and the daily digest: once a day (after midnight UTC), the alerts
/// of the days before go to each user who chose the digest, as one e-mail in the outbox. Items are marked sent in
/// the same transaction as the e-mail is queued, and only if still unsent, so a digest goes out exactly once even
/// if two nodes ran it (the job also holds a lease).
/// </summary>
public sealed class IncidentDigests(CordonDbContext db, AuditLog audit, ICurrentActor actor, TimeProvider clock)
{
    public async Task<AlertEmail> PreferenceAsync(CancellationToken ct = default) =>
        actor.UserId is { } me ? await db.IncidentAlertPreferences.AsNoTracking().Where(p => p.UserId == me).Select(p => (AlertEmail?)p.Email).FirstOrDefaultAsync(ct) ?? AlertEmail.Immediate : AlertEmail.Immediate;

    public async Task<Outcome<AlertEmail>> SetPreferenceAsync(AlertEmail email, CancellationToken ct = default)
    {
        if (actor.UserId is not { } me) return Outcome<AlertEmail>.Forbidden("Only a person has alert preferences.");
        if (!Enum.IsDefined(email)) return Outcome<AlertEmail>.Invalid("Choose immediate, daily digest or none.", new Dictionary<string, string[]> { ["email"] = ["Choose immediate, daily digest or none."] });
        await using var tx = await db.BeginWriteAsync(ct);
        var pref = await db.IncidentAlertPreferences.FirstOrDefaultAsync(p => p.UserId == me, ct);
        if (pref?.Email == email) return Outcome<AlertEmail>.Ok(email); // nothing changes, nothing to audit
        if (pref is null) db.IncidentAlertPreferences.Add(new IncidentAlertPreference { UserId = me, Email = email, UpdatedAt = clock.GetUtcNow() });
        else
        {
            pref.Email = email;
            pref.UpdatedAt = clock.GetUtcNow();
        }
        await audit.RecordAsync("incident.alert-preference", "User", me.ToString(), null, email.ToString(), null, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<AlertEmail>.Ok(email);
    }

    /// <summary>Sends the digests due (alerts created before today, UTC); returns the number of e-mails queued.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var users = await db.IncidentDigestItems.AsNoTracking().Where(d => d.SentAt == null && d.CreatedAt < today).Select(d => d.UserId).Distinct().ToListAsync(ct);
        var sent = 0;
        foreach (var user in users)
        {
            await using var tx = await db.BeginWriteAsync(ct);
            var items = await db.IncidentDigestItems.AsNoTracking().Where(d => d.UserId == user && d.SentAt == null && d.CreatedAt < today).OrderBy(d => d.Id).ToListAsync(ct);
            var ids = items.Select(i => i.Id).ToList();
            // Claim the items: if another node claimed any meanwhile, send nothing for this user.
            var claimed = await db.IncidentDigestItems.Where(d => ids.Contains(d.Id) && d.SentAt == null).ExecuteUpdateAsync(s => s.SetProperty(d => d.SentAt, now), ct);
            if (claimed != ids.Count || ids.Count == 0) continue;
            var address = await db.Users.AsNoTracking().Where(u => u.Id == user && u.RemovedAt == null).Select(u => u.Email).FirstOrDefaultAsync(ct);
            var choice = await db.IncidentAlertPreferences.AsNoTracking().Where(p => p.UserId == user).Select(p => (AlertEmail?)p.Email).FirstOrDefaultAsync(ct);
            // A user who has since chosen no e-mail, or left, gets none; the items stay marked so they are not sent later.
            if (address is not null && choice != AlertEmail.None)
            {
                db.OutboxEmails.Add(new OutboxEmail
                {
                    To = address,
                    Subject = $"[Cordon] Incident digest: {items.Count.ToString(CultureInfo.InvariantCulture)} alert(s)",
                    Body = Body(items),
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
                sent++;
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return sent;
    }

    // E-mail goes out in English with links, like every e-mail of the outbox; the pages linked are in the reader's language.
    private static string Body(IReadOnlyList<IncidentDigestItem> items)
    {
        var sb = new StringBuilder("Incident alerts since your last digest:\n\n");
        foreach (var i in items)
            sb.Append(i.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append("Z  ")
              .Append(i.MessageKey.Replace("Notification.", "", StringComparison.Ordinal)).Append(": ")
              .Append(string.Join(", ", i.Arguments.Split('|'))).Append('\n')
              .Append("  ").Append(i.Link).Append('\n');
        return sb.ToString();
    }
}
