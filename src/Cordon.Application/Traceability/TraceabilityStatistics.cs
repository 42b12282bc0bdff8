using Cordon.Application.Data;
using Cordon.Domain.Identity;
using Cordon.Domain.Traceability;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Traceability;

/// <summary>The period and Parties a statistics query covers. Parties empty = all.</summary>
public sealed record StatisticsFilter(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Parties)
{
    public bool Includes(string party) => Parties.Count == 0 || Parties.Contains(party);
}

public sealed record PartyUsers(string Party, int Users, int UsersWithKeys);

public sealed record ActiveParty(string Party, int Requests, int Replies, int FollowUps);

public sealed record PartyTraffic(string Party, int Sent, int Received);

public sealed record PairTraffic(string From, string To, int Messages, long Uims);

public sealed record ReplyTime(string Party, int Chains, double AverageHours);

public sealed record PartyUnread(string Party, int NotActioned, int Unread);

/// <summary>The eight statistics of the issue, computed from metadata only (never content).</summary>
public sealed record TraceabilityStatisticsReport(
    DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Parties,
    int PartiesRegistered, IReadOnlyList<string> RegisteredParties,
    IReadOnlyList<PartyUsers> UsersPerParty,
    IReadOnlyList<ActiveParty> ActiveParties,
    IReadOnlyList<PartyTraffic> MessagesPerParty, int MessagesTotal,
    IReadOnlyList<PairTraffic> BetweenParties,
    long UimsTotal,
    double? AverageReplyHours, IReadOnlyList<ReplyTime> ReplyTimes,
    IReadOnlyList<PartyUnread> Unread);

/// <summary>Counts between one ordered pair of Parties over a period: the shared result of statistics 3, 4, 5, 6 and 8.</summary>
public sealed record PairCounts(string From, string To, int Requests, int Replies, int FollowUps, long Uims, int NotActioned, int Unread)
{
    public int Messages => Requests + Replies + FollowUps;
}

/// <summary>
/// Statistics for the Secretariat over a period and a set of Parties, from metadata only. Whole months are read from
/// per-month counters maintained on write (ADR 27: a few thousand rows however many messages); the partial months at
/// either end of the period from the messages themselves, through the (SentAt, …) index. Statistics 3–6 and 8 share one
/// grouped result per pair of Parties (<see cref="PairCountsAsync"/>), so the whole report reads it once.
/// </summary>
public sealed class TraceabilityStatistics(CordonDbContext db)
{
    /// <summary>The whole months inside [From, To) as [first, end) month numbers, and the raw-message edges around them.</summary>
    private static (int First, int End, DateTimeOffset EdgeEnd, DateTimeOffset EdgeStart) Split(StatisticsFilter f)
    {
        var first = TraceabilityMonthlyCount.MonthOf(f.From);
        if (TraceabilityMonthlyCount.StartOf(first) < f.From) first++;
        var end = TraceabilityMonthlyCount.MonthOf(f.To);
        if (end <= first) return (0, 0, f.To, f.To); // no whole month: everything from the messages
        return (first, end, TraceabilityMonthlyCount.StartOf(first), TraceabilityMonthlyCount.StartOf(end));
    }

    /// <summary>
    /// Within the whole months [first, end): the whole years as a range of year rows [yearsFrom, yearsTo] (Month = -year),
    /// and the months before and after them, [first, monthsEnd) and [monthsStart, end). Without a whole year the year range
    /// is empty and the months cover everything.
    /// </summary>
    private static (int YearsFrom, int YearsTo, int MonthsEnd, int MonthsStart) Years(int first, int end)
    {
        var firstYear = (first + 11) / 12;   // the first year starting at or after the first month
        var endYear = end / 12;              // years before it end at or before the end month
        if (endYear <= firstYear) return (1, 0, end, end);
        return (-(endYear - 1), -firstYear, firstYear * 12, endYear * 12);
    }

    /// <summary>Messages, UIMs, not actioned and unread per ordered pair of Parties, for pairs involving the filter's Parties.</summary>
    public async Task<List<PairCounts>> PairCountsAsync(StatisticsFilter f, CancellationToken ct = default)
    {
        var (first, end, edgeEnd, edgeStart) = Split(f);
        var parties = f.Parties.ToList();
        var all = parties.Count == 0;
        var rows = new List<PairCounts>();
        if (end > first)
        {
            var (yearsFrom, yearsTo, monthsEnd, monthsStart) = Years(first, end);
            rows.AddRange(await db.TraceabilityMonthlyCounts.AsNoTracking()
                .Where(c => ((c.Month >= first && c.Month < monthsEnd) || (c.Month >= monthsStart && c.Month < end) || (c.Month >= yearsFrom && c.Month <= yearsTo))
                    && (all || parties.Contains(c.FromParty) || parties.Contains(c.ToParty)))
                .GroupBy(c => new { c.FromParty, c.ToParty })
                .Select(g => new PairCounts(g.Key.FromParty, g.Key.ToParty, g.Sum(c => c.Requests), g.Sum(c => c.Replies), g.Sum(c => c.FollowUps), g.Sum(c => c.Uims),
                    g.Sum(c => c.NotActioned), g.Sum(c => c.Unread)))
                .ToListAsync(ct));
        }
        var from = f.From;
        var to = f.To;
        if (from < edgeEnd || edgeStart < to)
        {
            rows.AddRange(await db.TraceabilityMessages.AsNoTracking()
                .Where(m => ((m.SentAt >= from && m.SentAt < edgeEnd) || (m.SentAt >= edgeStart && m.SentAt < to))
                    && (all || parties.Contains(m.SenderParty) || parties.Contains(m.RecipientParty)))
                .GroupBy(m => new { m.SenderParty, m.RecipientParty })
                .Select(g => new PairCounts(g.Key.SenderParty, g.Key.RecipientParty,
                    g.Count(m => m.Kind == TraceabilityMessageKind.Request), g.Count(m => m.Kind == TraceabilityMessageKind.Reply), g.Count(m => m.Kind == TraceabilityMessageKind.FollowUp),
                    g.Sum(m => m.Kind == TraceabilityMessageKind.Reply ? 0 : (long)m.UimCount), g.Count(m => m.ActionedAt == null), g.Count(m => m.ReadAt == null)))
                .ToListAsync(ct));
        }
        return rows.GroupBy(r => (r.From, r.To))
            .Select(g => new PairCounts(g.Key.From, g.Key.To, g.Sum(r => r.Requests), g.Sum(r => r.Replies), g.Sum(r => r.FollowUps), g.Sum(r => r.Uims), g.Sum(r => r.NotActioned), g.Sum(r => r.Unread)))
            .Where(r => r.Messages > 0)
            .OrderBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.To, StringComparer.Ordinal).ToList();
    }

    /// <summary>1. Parties registered in the module (joined by the end of the period and not left before it).</summary>
    public async Task<List<string>> PartiesRegisteredAsync(StatisticsFilter f, CancellationToken ct = default)
    {
        var rows = await db.PartyModuleMemberships.AsNoTracking()
            .Where(m => m.Module == CordonModule.Traceability && m.JoinedAt < f.To && (m.LeftAt == null || m.LeftAt >= f.From))
            .Select(m => m.PartyCode).Distinct().ToListAsync(ct);
        return rows.Where(f.Includes).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>2. Users per Party: active users holding Traceability.View, and how many of them registered keys.</summary>
    public async Task<List<PartyUsers>> UsersPerPartyAsync(StatisticsFilter f, CancellationToken ct = default)
    {
        var users = db.Users.AsNoTracking().Where(u => u.PartyCode != null && u.RemovedAt == null
            && db.ModuleGrants.Any(g => g.UserId == u.Id && g.Module == CordonModule.Traceability && g.Right == ModuleRight.View && g.RevokedAt == null));
        // Users are few (thousands at most): one indexed read, grouped here.
        var list = await users.Select(u => new { Party = u.PartyCode!, HasKey = db.TraceabilityUserKeys.Any(k => k.UserId == u.Id && k.ReplacedAt == null) }).ToListAsync(ct);
        var rows = list.GroupBy(u => u.Party).Select(g => new { Party = g.Key, Users = g.Count(), WithKeys = g.Count(u => u.HasKey) }).ToList();
        return rows.Where(r => f.Includes(r.Party)).OrderBy(r => r.Party, StringComparer.Ordinal).Select(r => new PartyUsers(r.Party, r.Users, r.WithKeys)).ToList();
    }

    /// <summary>3. Parties sending or replying in the period (active), with what they sent.</summary>
    public async Task<List<ActiveParty>> ActivePartiesAsync(StatisticsFilter f, CancellationToken ct = default) => Active(f, await PairCountsAsync(f, ct));

    private static List<ActiveParty> Active(StatisticsFilter f, List<PairCounts> pairs) =>
        pairs.Where(r => f.Includes(r.From)).GroupBy(r => r.From).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ActiveParty(g.Key, g.Sum(r => r.Requests), g.Sum(r => r.Replies), g.Sum(r => r.FollowUps))).ToList();

    /// <summary>4. Messages sent and received by each Party (of the set) in the period.</summary>
    public async Task<List<PartyTraffic>> MessagesPerPartyAsync(StatisticsFilter f, CancellationToken ct = default) => PerParty(f, await PairCountsAsync(f, ct));

    private static List<PartyTraffic> PerParty(StatisticsFilter f, List<PairCounts> pairs)
    {
        var sent = pairs.GroupBy(r => r.From).ToDictionary(g => g.Key, g => g.Sum(r => r.Messages));
        var received = pairs.GroupBy(r => r.To).ToDictionary(g => g.Key, g => g.Sum(r => r.Messages));
        return sent.Keys.Union(received.Keys).Where(f.Includes).Order(StringComparer.Ordinal)
            .Select(p => new PartyTraffic(p, sent.GetValueOrDefault(p), received.GetValueOrDefault(p))).ToList();
    }

    /// <summary>5 and 6. Messages and UIMs between each ordered pair of Parties (UIMs: those asked about in requests and follow-ups).</summary>
    public async Task<List<PairTraffic>> BetweenPartiesAsync(StatisticsFilter f, CancellationToken ct = default) => Between(await PairCountsAsync(f, ct));

    private static List<PairTraffic> Between(List<PairCounts> pairs) => pairs.Select(r => new PairTraffic(r.From, r.To, r.Messages, r.Uims)).ToList();

    /// <summary>6. UIMs exchanged in total (asked about in requests and follow-ups).</summary>
    public async Task<long> UimsTotalAsync(StatisticsFilter f, CancellationToken ct = default) => (await PairCountsAsync(f, ct)).Sum(r => r.Uims);

    /// <summary>7. Average time to obtain a first reply, for chains opened in the period, per responding Party.</summary>
    public async Task<List<ReplyTime>> ReplyTimesAsync(StatisticsFilter f, CancellationToken ct = default)
    {
        var (first, end, edgeEnd, edgeStart) = Split(f);
        var parties = f.Parties.ToList();
        var all = parties.Count == 0;
        var rows = new List<(string Party, int Chains, long Seconds)>();
        if (end > first)
        {
            var (yearsFrom, yearsTo, monthsEnd, monthsStart) = Years(first, end);
            var counted = await db.TraceabilityMonthlyCounts.AsNoTracking()
                .Where(c => ((c.Month >= first && c.Month < monthsEnd) || (c.Month >= monthsStart && c.Month < end) || (c.Month >= yearsFrom && c.Month <= yearsTo))
                    && c.RepliedChains > 0 && (all || parties.Contains(c.FromParty) || parties.Contains(c.ToParty)))
                .GroupBy(c => c.ToParty).Select(g => new { Party = g.Key, Chains = g.Sum(c => c.RepliedChains), Seconds = g.Sum(c => c.ReplySeconds) }).ToListAsync(ct);
            rows.AddRange(counted.Select(r => (r.Party, r.Chains, r.Seconds)));
        }
        var from = f.From;
        var to = f.To;
        if (from < edgeEnd || edgeStart < to)
        {
            var raw = await db.TraceabilityChains.AsNoTracking()
                .Where(c => ((c.CreatedAt >= from && c.CreatedAt < edgeEnd) || (c.CreatedAt >= edgeStart && c.CreatedAt < to)) && c.ReplySeconds != null
                    && (all || parties.Contains(c.RespondingParty) || parties.Contains(c.RequestingParty)))
                .GroupBy(c => c.RespondingParty).Select(g => new { Party = g.Key, Chains = g.Count(), Seconds = g.Sum(c => c.ReplySeconds!.Value) }).ToListAsync(ct);
            rows.AddRange(raw.Select(r => (r.Party, r.Chains, r.Seconds)));
        }
        return rows.GroupBy(r => r.Party).Where(g => g.Sum(r => r.Chains) > 0).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ReplyTime(g.Key, g.Sum(r => r.Chains), g.Sum(r => r.Seconds) / 3600.0 / g.Sum(r => r.Chains))).ToList();
    }

    /// <summary>8. Messages received in the period and not actioned (and not even read) per receiving Party.</summary>
    public async Task<List<PartyUnread>> UnreadAsync(StatisticsFilter f, CancellationToken ct = default) => Unread(f, await PairCountsAsync(f, ct));

    private static List<PartyUnread> Unread(StatisticsFilter f, List<PairCounts> pairs) =>
        pairs.Where(r => f.Includes(r.To)).GroupBy(r => r.To).Where(g => g.Sum(r => r.NotActioned) > 0).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PartyUnread(g.Key, g.Sum(r => r.NotActioned), g.Sum(r => r.Unread))).ToList();

    public async Task<TraceabilityStatisticsReport> ReportAsync(StatisticsFilter f, CancellationToken ct = default)
    {
        var registered = await PartiesRegisteredAsync(f, ct);
        var users = await UsersPerPartyAsync(f, ct);
        var pairs = await PairCountsAsync(f, ct);
        var replies = await ReplyTimesAsync(f, ct);
        var between = Between(pairs);
        var chains = replies.Sum(r => r.Chains);
        double? average = chains == 0 ? null : replies.Sum(r => r.AverageHours * r.Chains) / chains;
        return new TraceabilityStatisticsReport(f.From, f.To, f.Parties, registered.Count, registered, users, Active(f, pairs), PerParty(f, pairs), between.Sum(p => p.Messages),
            between, pairs.Sum(r => r.Uims), average, replies, Unread(f, pairs));
    }
}
