using Cordon.Application.Data;
using Cordon.Application.Notifications;
using Cordon.Domain.Incidents;
using Cordon.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Incidents;

/// <summary>
/// Alerts users personally about incidents: always in the app (live), and by e-mail as each user chose
/// (<see cref="AlertEmail"/>): at once, in the daily digest (<see cref="IncidentDigests"/>), or not at all.
/// </summary>
public sealed class IncidentAlerting(CordonDbContext db, Notifier notifier, TimeProvider clock)
{
    /// <summary>How a user who never chose is e-mailed.</summary>
    private const AlertEmail Unchosen = AlertEmail.Immediate;

    public async Task AlertAsync(IReadOnlyCollection<Guid> users, string messageKey, string[] args, string link, CancellationToken ct)
    {
        if (users.Count == 0) return;
        var ids = users.Distinct().ToList();
        // Each user's address and e-mail choice in one read (a removed user is never e-mailed).
        var found = await Recipients.GetAsync(db, Key(ids), ids, static async (db, ids, ct) =>
            await RecipientsOf(db, ids).ToDictionaryAsync(u => u.Id, cancellationToken: ct), ct);
        AlertEmail Choice(Guid u) => found.GetValueOrDefault(u)?.Choice ?? Unchosen;
        notifier.Notify(ids.Select(u => (u, Choice(u) == AlertEmail.Immediate ? found.GetValueOrDefault(u)?.Email : null)).ToList(), messageKey, args, link, email: true);
        AddToDigests(ids.Where(u => Choice(u) == AlertEmail.DailyDigest), messageKey, args, link);
    }

    /// <summary>
    /// E-mails the users of the Parties an incident names, whom the exchange alerted in the app (it hands them over through
    /// <see cref="Exchange.Dispatch.EmailUsers"/>), as each chose: at once, in the daily digest, or not at all.
    /// </summary>
    public async Task EmailByChoiceAsync(IReadOnlyList<(Guid Id, string? Email)> users, string messageKey, string[] args, string link, CancellationToken ct)
    {
        var choice = await ChoicesAsync(users.Select(u => u.Id).ToList(), ct);
        notifier.Email(users.Where(u => u.Email is not null && choice(u.Id) == AlertEmail.Immediate).Select(u => u.Email!).ToList(), messageKey, args, link);
        AddToDigests(users.Select(u => u.Id).Where(u => choice(u) == AlertEmail.DailyDigest), messageKey, args, link);
    }

    /// <summary>Each user's e-mail choice (<see cref="Unchosen"/> for a user who never chose).</summary>
    private async Task<Func<Guid, AlertEmail>> ChoicesAsync(List<Guid> ids, CancellationToken ct)
    {
        var choices = await Choices.GetAsync(db, Key(ids), ids, static async (db, ids, ct) =>
            await ChoicesOf(db, ids).ToDictionaryAsync(p => p.UserId, p => p.Email, cancellationToken: ct), ct);
        return u => choices.TryGetValue(u, out var e) ? e : Unchosen;
    }

    // The same users are alerted again and again (the followers of a substance, the users of a named Party): their
    // addresses and choices are kept between directory changes (ADR 50), keyed by the sorted ids.
    private static readonly DirectoryCache<string, Dictionary<Guid, Recipient>> Recipients = new(capacity: 10_000);
    private static readonly DirectoryCache<string, Dictionary<Guid, AlertEmail>> Choices = new(capacity: 10_000);

    private static string Key(List<Guid> ids) => string.Join(',', ids.Order());

    // Compiled (ADR 45): these run for every incident reported the cache cannot answer, with up to hundreds of users.
    private static readonly Func<CordonDbContext, List<Guid>, IAsyncEnumerable<Recipient>> RecipientsOf =
        EF.CompileAsyncQuery((CordonDbContext db, List<Guid> ids) =>
            from u in db.Users
            where ids.Contains(u.Id) && u.RemovedAt == null
            join p in db.IncidentAlertPreferences on u.Id equals p.UserId into chosen
            from p in chosen.DefaultIfEmpty()
            select new Recipient(u.Id, u.Email, p == null ? null : p.Email));

    private static readonly Func<CordonDbContext, List<Guid>, IAsyncEnumerable<IncidentAlertPreference>> ChoicesOf =
        EF.CompileAsyncQuery((CordonDbContext db, List<Guid> ids) => db.IncidentAlertPreferences.AsNoTracking().Where(p => ids.Contains(p.UserId)));

    private sealed record Recipient(Guid Id, string? Email, AlertEmail? Choice);

    private void AddToDigests(IEnumerable<Guid> users, string messageKey, string[] args, string link)
    {
        var now = clock.GetUtcNow();
        foreach (var u in users)
            db.IncidentDigestItems.Add(new IncidentDigestItem { UserId = u, MessageKey = messageKey, Arguments = NotificationMessage.JoinArguments(args), Link = link, CreatedAt = now });
    }
}

/// <summary>
/// Keeps the pre-aggregated dashboard counters (<see cref="IncidentStatistic"/>) in step (ADR 47): a report or an edit adds
/// delta rows to its own save, the leased job folds them into the counters, and the dashboard reads both in one statement.
/// </summary>
public static class IncidentStatisticsWriter
{
    /// <summary>Adds to the context the deltas from one incident version's contributions to another's (saved with the caller's next save).</summary>
    public static void Add(CordonDbContext db, IReadOnlyList<IncidentStatistics.Contribution> removed, IReadOnlyList<IncidentStatistics.Contribution> added) =>
        db.IncidentStatisticDeltas.AddRange(IncidentStatistics.Deltas(removed, added));

    /// <summary>Moves up to <see cref="CounterDeltas.FoldBatch"/> pending deltas into the counters; returns how many were moved.</summary>
    public static async Task<int> FoldAsync(CordonDbContext db, CancellationToken ct = default)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var moved = await CounterDeltas.MoveAsync(db, "IncidentStatisticDeltas", source => $"""
            INSERT INTO "IncidentStatistics" ("Kind", "Channel", "Year", "Key", "Key2", "Count")
            SELECT "Kind", "Channel", "Year", "Key", "Key2", SUM("Count") FROM {source} AS d WHERE 1 = 1
            GROUP BY "Kind", "Channel", "Year", "Key", "Key2"
            ON CONFLICT ("Kind", "Channel", "Year", "Key", "Key2") DO UPDATE SET "Count" = "IncidentStatistics"."Count" + excluded."Count"
            """, ct);
        await tx.CommitAsync(ct);
        return moved;
    }

    /// <summary>Folds until no delta is left.</summary>
    public static Task<int> FoldAllAsync(CordonDbContext db, CancellationToken ct = default) => CounterDeltas.FoldAllAsync(db, FoldAsync, ct);

    /// <summary>Rebuilds every counter from the incidents and drops the pending deltas (after bulk loads); plain SQL valid on both providers.</summary>
    public const string RebuildSql = "DELETE FROM \"IncidentStatisticDeltas\";\n" + CountersFromIncidentsSql;

    /// <summary>Every counter recounted from the incidents (the migration that created the counters ran it before deltas existed).</summary>
    public const string CountersFromIncidentsSql = """
        DELETE FROM "IncidentStatistics";
        INSERT INTO "IncidentStatistics" ("Kind", "Channel", "Year", "Key", "Key2", "Count")
            SELECT 'Year', i."Channel", i."Year", '', '', COUNT(*) FROM "Incidents" i WHERE NOT i."Restricted" GROUP BY i."Channel", i."Year";
        INSERT INTO "IncidentStatistics" ("Kind", "Channel", "Year", "Key", "Key2", "Count")
            SELECT 'Route', i."Channel", 0, o."CountryCode", d."CountryCode", COUNT(*) FROM "Incidents" i
            JOIN "IncidentCountries" o ON o."IncidentId" = i."Id" AND o."Role" = 'Origin'
            JOIN "IncidentCountries" d ON d."IncidentId" = i."Id" AND d."Role" = 'Destination'
            WHERE NOT i."Restricted" GROUP BY i."Channel", o."CountryCode", d."CountryCode";
        INSERT INTO "IncidentStatistics" ("Kind", "Channel", "Year", "Key", "Key2", "Count")
            SELECT 'Substance', i."Channel", 0, s."Name", '', COUNT(*) FROM "Incidents" i
            JOIN "IncidentSubstances" s ON s."IncidentId" = i."Id"
            WHERE NOT i."Restricted" GROUP BY i."Channel", s."Name";
        """;
}
