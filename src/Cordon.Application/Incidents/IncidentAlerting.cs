using System.Globalization;
using System.Text;
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
    public async Task AlertAsync(IReadOnlyCollection<Guid> users, string messageKey, string[] args, string link, CancellationToken ct)
    {
        if (users.Count == 0) return;
        var ids = users.Distinct().ToList();
        var choice = await ChoicesAsync(ids, ct);
        var immediate = ids.Where(u => choice(u) == AlertEmail.Immediate).ToList();
        var others = ids.Where(u => choice(u) != AlertEmail.Immediate).ToList();
        await notifier.NotifyUsersAsync(immediate, messageKey, args, link, email: true, ct);
        await notifier.NotifyUsersAsync(others, messageKey, args, link, email: false, ct);
        AddToDigests(others.Where(u => choice(u) == AlertEmail.DailyDigest), messageKey, args, link);
    }

    /// <summary>
    /// The users of the Parties an incident names were alerted in the app by the exchange (<see cref="Exchange.Dispatch.EmailRecipients"/>
    /// off); they are e-mailed here as each chose: at once, in the daily digest, or not at all.
    /// </summary>
    public async Task EmailNamedPartiesAsync(IReadOnlyCollection<string> parties, string messageKey, string[] args, string link, CancellationToken ct)
    {
        if (parties.Count == 0) return;
        // The users and their addresses in one read, as the exchange reads them.
        var users = await Identity.UserDirectory.UsersWithPermissionAndEmailAsync(db, parties, $"{Domain.Identity.CordonModule.Incidents}.View", includeSecretariat: false, ct);
        if (users.Count == 0) return;
        var choice = await ChoicesAsync(users.Select(u => u.Id).ToList(), ct);
        notifier.Email(users.Where(u => u.Email is not null && choice(u.Id) == AlertEmail.Immediate).Select(u => u.Email!).ToList(), messageKey, args, link);
        AddToDigests(users.Select(u => u.Id).Where(u => choice(u) == AlertEmail.DailyDigest), messageKey, args, link);
    }

    /// <summary>Each user's e-mail choice; a user who never chose is e-mailed at once.</summary>
    private async Task<Func<Guid, AlertEmail>> ChoicesAsync(List<Guid> ids, CancellationToken ct)
    {
        var choices = await db.IncidentAlertPreferences.AsNoTracking().Where(p => ids.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, p => p.Email, ct);
        return u => choices.TryGetValue(u, out var e) ? e : AlertEmail.Immediate;
    }

    private void AddToDigests(IEnumerable<Guid> users, string messageKey, string[] args, string link)
    {
        var now = clock.GetUtcNow();
        foreach (var u in users)
            db.IncidentDigestItems.Add(new IncidentDigestItem { UserId = u, MessageKey = messageKey, Arguments = Notification.JoinArguments(args), Link = link, CreatedAt = now });
    }
}

/// <summary>
/// Keeps the pre-aggregated dashboard counters (<see cref="IncidentStatistic"/>) in step, in the caller's transaction.
/// Every report of a channel and year adds to the same counter rows, and an upsert holds their row locks until commit,
/// so callers apply the counters as the last statement before committing: the lock is then held for the commit only,
/// not for the alerts and notifications the request writes before it.
/// </summary>
public static class IncidentStatisticsWriter
{
    /// <summary>
    /// Removes one incident version's contributions and adds another's, netted, in one atomic upsert: a report removes
    /// nothing, an edit removes the version before it.
    /// </summary>
    public static async Task ApplyAsync(CordonDbContext db, IReadOnlyList<IncidentStatistics.Contribution> removed, IReadOnlyList<IncidentStatistics.Contribution> added, CancellationToken ct)
    {
        // Rows in one fixed order, so that two transactions upserting overlapping counters cannot deadlock.
        var rows = removed.Select(c => (Key: c, Count: -1)).Concat(added.Select(c => (Key: c, Count: 1)))
            .GroupBy(r => r.Key).Select(g => (g.Key, Count: g.Sum(r => r.Count))).Where(r => r.Count != 0)
            .OrderBy(r => r.Key.Kind).ThenBy(r => r.Key.Channel).ThenBy(r => r.Key.Year)
            .ThenBy(r => r.Key.Key, StringComparer.Ordinal).ThenBy(r => r.Key.Key2, StringComparer.Ordinal).ToList();
        if (rows.Count == 0) return;
        var sql = new StringBuilder("INSERT INTO \"IncidentStatistics\" (\"Kind\", \"Channel\", \"Year\", \"Key\", \"Key2\", \"Count\") VALUES ");
        var args = new List<object>();
        string P(object v)
        {
            args.Add(v);
            return "{" + (args.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
        }
        sql.AppendJoin(", ", rows.Select(r => $"({P(r.Key.Kind.ToString())}, {P(r.Key.Channel.ToString())}, {P(r.Key.Year)}, {P(r.Key.Key)}, {P(r.Key.Key2)}, {P((long)r.Count)})"));
        sql.Append(" ON CONFLICT (\"Kind\", \"Channel\", \"Year\", \"Key\", \"Key2\") DO UPDATE SET \"Count\" = \"IncidentStatistics\".\"Count\" + excluded.\"Count\"");
        // Only placeholders of our own making are spliced in; every value is a parameter.
        await db.Database.ExecuteSqlRawAsync(sql.ToString(), args, ct);
    }

    /// <summary>Rebuilds every counter from the incidents (migration backfill and bulk loads); plain SQL valid on both providers.</summary>
    public const string RebuildSql = """
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
