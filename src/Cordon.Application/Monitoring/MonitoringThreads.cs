using System.Globalization;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Exchange;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Cordon.Domain.Exchange;
using Cordon.Domain.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Monitoring;

public sealed record OpenThreadInput(string? Key, int? Year, string? Message);

public sealed record ThreadMessageInput(string? Text);

public sealed record ThreadMessageView(string? FromParty, string Author, string Text, DateTimeOffset At);

public sealed record ThreadView(Guid Id, ThreadKind Kind, string Reference, IReadOnlyList<string> Parties, IReadOnlyList<string> AnsweredBy, string Subject,
    string Figures, string? Substance, int Year, ThreadStatus Status, DateTimeOffset OpenedAt, DateTimeOffset? AnsweredAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<ThreadMessageView> Messages);

/// <summary>
/// Queries (about discrepancies) and alerts (about unusual trade patterns) from the Secretariat to the Parties concerned,
/// tracked until every Party has answered. Delivered through the shared PartyExchange (feed, webhooks, notifications).
/// </summary>
public sealed class MonitoringThreads(CordonDbContext db, ICurrentActor actor, AuditLog audit, PartyExchange exchange, Notifier notifier,
    CrossChecks crossChecks, TradePatternService patterns, TimeProvider clock)
{
    public const string Module = "Monitoring";
    public const string RecordType = "MonitoringThread";

    public static string Link(Guid id) => $"/Monitoring/Thread/{id}";

    private IQueryable<MonitoringThread> Visible()
    {
        var q = db.MonitoringThreads.AsQueryable();
        if (actor.PartyCode is { } p) return q.Where(t => t.Parties.Contains(p));
        return actor.IsSecretariat ? q : q.Where(_ => false);
    }

    public async Task<List<ThreadView>> ListAsync(string? status, CancellationToken ct = default)
    {
        var q = Visible().AsNoTracking().Include(t => t.Messages).AsQueryable();
        if (Cordon.Domain.Common.EnumNames.TryParse<ThreadStatus>(status, true, out var st)) q = q.Where(t => t.Status == st);
        var rows = await q.OrderByDescending(t => t.OpenedAt).Take(500).ToListAsync(ct);
        // Contains on the ';'-joined list could match a substring; keep exact members only.
        return rows.Where(t => actor.PartyCode is null || t.PartyList.Contains(actor.PartyCode)).Select(View).ToList();
    }

    public async Task<ThreadView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        var t = await Visible().AsNoTracking().Include(x => x.Messages).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (t is null || (actor.PartyCode is { } p && !t.PartyList.Contains(p))) return null;
        return View(t);
    }

    private static ThreadView View(MonitoringThread t) => new(t.Id, t.Kind, t.Reference, t.PartyList, t.AnsweredList, t.Subject, t.Figures, t.SubstanceCode, t.Year,
        t.Status, t.OpenedAt, t.AnsweredAt, t.ClosedAt, t.Messages.OrderBy(m => m.At).ThenBy(m => m.Id).Select(m => new ThreadMessageView(m.FromParty, m.Author, m.Text, m.At)).ToList());

    /// <summary>The Secretariat queries the Parties concerned about a discrepancy found by the cross-checks (named by its key).</summary>
    public async Task<Outcome<ThreadView>> OpenQueryAsync(OpenThreadInput input, CancellationToken ct = default)
    {
        if (!actor.IsSecretariat || actor.PartyCode is not null) return Outcome<ThreadView>.Forbidden("The Secretariat opens queries.");
        var message = Clean(input.Message);
        if (message is null) return Invalid("Write the question to the Parties (up to 4,000 characters).", "message");
        if (input.Key is not { Length: > 0 and < 200 } key || await crossChecks.FindAsync(key, ct) is not { } d)
            return Invalid("No such discrepancy: run the cross-check again and choose one from the list.", "key");
        return await OpenAsync(ThreadKind.Query, [d.Importer, d.Exporter], $"{d.Kind}: {d.Substance} {d.Importer}/{d.Exporter}", d.Figures(), d.Substance, d.Year, message, ct);
    }

    /// <summary>The Secretariat turns an unusual-trade finding (named by its key) into an alert to the Party concerned.</summary>
    public async Task<Outcome<ThreadView>> OpenAlertAsync(OpenThreadInput input, CancellationToken ct = default)
    {
        if (!actor.IsSecretariat || actor.PartyCode is not null) return Outcome<ThreadView>.Forbidden("The Secretariat sends alerts.");
        var message = Clean(input.Message);
        if (message is null) return Invalid("Write the alert to the Government (up to 4,000 characters).", "message");
        if (input.Year is not (>= 2000 and <= 2100) || input.Key is not { Length: > 0 and < 200 } key)
            return Invalid("Choose a finding from the list (key and year).", "key");
        var findings = await patterns.FindAsync(input.Year.Value, null, ct);
        if (findings.FirstOrDefault(f => f.Key == key) is not { } f) return Invalid("No such finding: look at the findings again and choose one from the list.", "key");
        return await OpenAsync(ThreadKind.Alert, [f.Country], $"{f.Kind}: {f.Substance} {f.Country}" + (f.Partner is null ? "" : $"→{f.Partner}"), f.Explanation, f.Substance, f.Year, message, ct);
    }

    private static Outcome<ThreadView> Invalid(string message, string field) =>
        Outcome<ThreadView>.Invalid(message, new Dictionary<string, string[]> { [field] = [message] });

    private static string? Clean(string? text) => text?.Trim() is { Length: > 0 and <= 4000 } t ? t : null;

    private async Task<Outcome<ThreadView>> OpenAsync(ThreadKind kind, IReadOnlyList<string> parties, string subject, string figures, string? substance, int year,
        string message, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(ct);
        await db.AcquireLedgerLockAsync(ct);
        var count = await db.MonitoringThreads.CountAsync(t => t.Kind == kind, ct);
        var t = new MonitoringThread
        {
            Id = Guid.CreateVersion7(now), Kind = kind, Reference = string.Create(CultureInfo.InvariantCulture, $"{(kind == ThreadKind.Query ? "MQ" : "MA")}-{now.Year}-{count + 1:0000}"),
            Parties = string.Join(';', parties.Distinct()), Subject = subject.Length > 400 ? subject[..400] : subject, Figures = figures.Length > 4000 ? figures[..4000] : figures,
            SubstanceCode = substance, Year = year, Status = ThreadStatus.Open, OpenedAt = now,
        };
        t.Messages.Add(new ThreadMessage { ThreadId = t.Id, FromParty = null, Author = actor.UserName ?? "Secretariat", Text = message, At = now });
        db.MonitoringThreads.Add(t);
        await audit.RecordAsync(kind == ThreadKind.Query ? "monitoring.query-opened" : "monitoring.alert-sent", RecordType, t.Id.ToString(),
            new { t.Id, t.Reference, t.Kind, t.Parties, t.Subject, t.Figures }, $"{t.Reference} to {t.Parties}: {t.Subject}", t.PartyList, ct);
        await db.SaveChangesAsync(ct);
        await exchange.SendAsync(new Dispatch(Module, RecordType, t.Id.ToString(), Delivery.SecretariatRecipient, t.PartyList, SecretariatCopy: false,
            kind == ThreadKind.Query ? "query-opened" : "alert-sent", kind == ThreadKind.Query ? "Notification.MonitoringQuery" : "Notification.MonitoringAlert",
            [t.Reference, t.Subject], Link(t.Id)), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<ThreadView>.Ok(View(t));
    }

    /// <summary>A Party concerned answers (the thread is answered once every Party has); the Secretariat may write back.</summary>
    public async Task<Outcome<ThreadView>> ReplyAsync(Guid id, ThreadMessageInput input, CancellationToken ct = default)
    {
        var t = await Visible().Include(x => x.Messages).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (t is null || (actor.PartyCode is { } p0 && !t.PartyList.Contains(p0))) return Outcome<ThreadView>.NotFound("No such query or alert.");
        if (t.Status == ThreadStatus.Closed) return Outcome<ThreadView>.Conflict("This thread is closed.");
        var text = Clean(input.Text);
        if (text is null) return Invalid("Write the answer (up to 4,000 characters).", "text");
        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(ct);
        t.Messages.Add(new ThreadMessage { ThreadId = t.Id, FromParty = actor.PartyCode, Author = actor.UserName ?? actor.PartyCode ?? "Secretariat", Text = text, At = now });
        if (actor.PartyCode is { } party)
        {
            if (!t.AnsweredList.Contains(party)) t.AnsweredBy = string.Join(';', t.AnsweredList.Append(party));
            if (t.PartyList.All(t.AnsweredList.Contains) && t.Status == ThreadStatus.Open)
            {
                t.Status = ThreadStatus.Answered;
                t.AnsweredAt = now;
            }
            await exchange.MarkAsync(RecordType, t.Id.ToString(), party, DeliveryState.Actioned, ct);
            await notifier.NotifyPartiesAsync([], "Monitoring.View", "Notification.MonitoringAnswered", [t.Reference, party], Link(t.Id), includeSecretariat: true, email: true, ct);
        }
        else
        {
            await notifier.NotifyPartiesAsync(t.PartyList, "Monitoring.View", "Notification.MonitoringMessage", [t.Reference], Link(t.Id), includeSecretariat: false, email: true, ct);
        }
        t.Version++;
        await audit.RecordAsync("monitoring.thread-message", RecordType, t.Id.ToString(), new { t.Id, t.Reference, From = actor.PartyCode ?? "Secretariat", Text = text, t.Status },
            $"{t.Reference}: message from {actor.PartyCode ?? "the Secretariat"}", t.PartyList, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<ThreadView>.Ok(View(t));
    }

    public async Task<Outcome<ThreadView>> CloseAsync(Guid id, CancellationToken ct = default)
    {
        if (!actor.IsSecretariat || actor.PartyCode is not null) return Outcome<ThreadView>.Forbidden("The Secretariat closes queries and alerts.");
        var t = await db.MonitoringThreads.Include(x => x.Messages).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (t is null) return Outcome<ThreadView>.NotFound("No such query or alert.");
        if (t.Status == ThreadStatus.Closed) return Outcome<ThreadView>.Ok(View(t));
        await using var tx = await db.BeginWriteAsync(ct);
        t.Status = ThreadStatus.Closed;
        t.ClosedAt = clock.GetUtcNow();
        t.Version++;
        await audit.RecordAsync("monitoring.thread-closed", RecordType, t.Id.ToString(), new { t.Id, t.Reference, t.Status }, $"{t.Reference} closed", t.PartyList, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<ThreadView>.Ok(View(t));
    }
}
