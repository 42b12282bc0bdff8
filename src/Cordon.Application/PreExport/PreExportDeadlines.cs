using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Exchange;
using Cordon.Application.Notifications;
using Cordon.Domain.PreExport;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.PreExport;

/// <summary>
/// The scheduled work on reply deadlines: a reminder to the importing authority shortly before the deadline, and
/// silence recorded as "no reply by deadline" once it has passed (never as consent), told to the exporter.
/// </summary>
public sealed class PreExportDeadlines(CordonDbContext db, AuditLog audit, PartyExchange exchange, Notifier notifier, TimeProvider clock)
{
    public sealed record RunResult(int Reminded, int Lapsed);

    public async Task<RunResult> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var reminderFrom = now + ReplyDeadline.ReminderBefore;
        await using var tx = await db.BeginWriteAsync(ct);
        var lapsed = await db.PreExportNotifications
            .Where(n => n.Status == PreExportStatus.AwaitingReply && n.ReplyDeadline <= now)
            .OrderBy(n => n.ReplyDeadline).Take(500).ToListAsync(ct);
        foreach (var n in lapsed)
        {
            n.Status = PreExportStatus.NoReplyByDeadline;
            n.Version++;
            await audit.RecordAsync("preexport.no-reply", PreExportNotifications.RecordType, n.Id.ToString(), new { n.Id, n.Reference, n.Status, n.ReplyDeadline },
                $"{n.Reference}: no reply from {n.ImportingCountry} by the deadline", [n.ExportingCountry, n.ImportingCountry], ct);
            await exchange.SendAsync(new Dispatch(PreExportNotifications.Module, PreExportNotifications.RecordType, n.Id.ToString(), n.ImportingCountry,
                [n.ExportingCountry], SecretariatCopy: true, "no-reply", "Notification.PreExportNoReply", [n.Reference, n.ImportingCountry],
                PreExportNotifications.Link(n.Id)), ct);
        }
        var due = await db.PreExportNotifications
            .Where(n => n.Status == PreExportStatus.AwaitingReply && n.ReminderSentAt == null && n.ReplyDeadline > now && n.ReplyDeadline <= reminderFrom)
            .OrderBy(n => n.ReplyDeadline).Take(500).ToListAsync(ct);
        foreach (var n in due)
        {
            n.ReminderSentAt = now;
            await notifier.NotifyPartiesAsync([n.ImportingCountry], "PreExport.View", "Notification.PreExportReminder",
                [n.Reference, n.ExportingCountry, n.ReplyDeadline.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)],
                PreExportNotifications.Link(n.Id), includeSecretariat: false, email: true, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new RunResult(due.Count, lapsed.Count);
    }
}
