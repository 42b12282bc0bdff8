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

/// <summary>
/// Statistics for the Secretariat over a period and a set of Parties. Each is one grouped query on an index of metadata
/// columns (see TraceabilityConfiguration), so it stays fast over millions of messages on PostgreSQL.
/// </summary>
public sealed class TraceabilityStatistics(CordonDbContext db)
{
    private IQueryable<TraceabilityMessage> Messages(StatisticsFilter f)
    {
        var q = db.TraceabilityMessages.AsNoTracking().Where(m => m.SentAt >= f.From && m.SentAt < f.To);
        if (f.Parties.Count > 0)
        {
            var parties = f.Parties.ToList();
            q = q.Where(m => parties.Contains(m.SenderParty) || parties.Contains(m.RecipientParty));
        }
        return q;
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
    public async Task<List<ActiveParty>> ActivePartiesAsync(StatisticsFilter f, CancellationToken ct = default)
    {
        var rows = await Messages(f).GroupBy(m => new { m.SenderParty, m.Kind }).Select(g => new { g.Key.SenderParty, g.Key.Kind, Count = g.Count() }).ToListAsync(ct);
        return rows.Where(r => f.Includes(r.SenderParty)).GroupBy(r => r.SenderParty).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ActiveParty(g.Key, g.Where(r => r.Kind == TraceabilityMessageKind.Request).Sum(r => r.Count),
                g.Where(r => r.Kind == TraceabilityMessageKind.Reply).Sum(r => r.Count), g.Where(r => r.Kind == TraceabilityMessageKind.FollowUp).Sum(r => r.Count))).ToList();
    }

    /// <summary>4. Messages sent and received by each Party (of the set) in the period.</summary>
    public async Task<List<PartyTraffic>> MessagesPerPartyAsync(StatisticsFilter f, CancellationToken ct = default)
    {
        var sent = await Messages(f).GroupBy(m => m.SenderParty).Select(g => new { Party = g.Key, Count = g.Count() }).ToListAsync(ct);
        var received = await Messages(f).GroupBy(m => m.RecipientParty).Select(g => new { Party = g.Key, Count = g.Count() }).ToListAsync(ct);
        return sent.Select(s => s.Party).Union(received.Select(r => r.Party)).Where(f.Includes).Order(StringComparer.Ordinal)
            .Select(p => new PartyTraffic(p, sent.FirstOrDefault(s => s.Party == p)?.Count ?? 0, received.FirstOrDefault(r => r.Party == p)?.Count ?? 0)).ToList();
    }

    /// <summary>5 and 6. Messages and UIMs between each ordered pair of Parties (UIMs: those asked about in requests and follow-ups).</summary>
    public async Task<List<PairTraffic>> BetweenPartiesAsync(StatisticsFilter f, CancellationToken ct = default)
    {
        var rows = await Messages(f).GroupBy(m => new { m.SenderParty, m.RecipientParty })
            .Select(g => new { g.Key.SenderParty, g.Key.RecipientParty, Count = g.Count(), Uims = g.Sum(m => m.Kind == TraceabilityMessageKind.Reply ? 0 : (long)m.UimCount) })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.SenderParty, StringComparer.Ordinal).ThenBy(r => r.RecipientParty, StringComparer.Ordinal)
            .Select(r => new PairTraffic(r.SenderParty, r.RecipientParty, r.Count, r.Uims)).ToList();
    }

    /// <summary>6. UIMs exchanged in total (asked about in requests and follow-ups).</summary>
    public async Task<long> UimsTotalAsync(StatisticsFilter f, CancellationToken ct = default) =>
        await Messages(f).Where(m => m.Kind != TraceabilityMessageKind.Reply).SumAsync(m => (long)m.UimCount, ct);

    /// <summary>7. Average time to obtain a first reply, for chains opened in the period, per responding Party.</summary>
    public async Task<List<ReplyTime>> ReplyTimesAsync(StatisticsFilter f, CancellationToken ct = default)
    {
        var q = db.TraceabilityChains.AsNoTracking().Where(c => c.CreatedAt >= f.From && c.CreatedAt < f.To && c.ReplySeconds != null);
        if (f.Parties.Count > 0)
        {
            var parties = f.Parties.ToList();
            q = q.Where(c => parties.Contains(c.RespondingParty) || parties.Contains(c.RequestingParty));
        }
        var rows = await q.GroupBy(c => c.RespondingParty).Select(g => new { Party = g.Key, Chains = g.Count(), Seconds = g.Sum(c => c.ReplySeconds!.Value) }).ToListAsync(ct);
        return rows.OrderBy(r => r.Party, StringComparer.Ordinal).Select(r => new ReplyTime(r.Party, r.Chains, r.Seconds / 3600.0 / r.Chains)).ToList();
    }

    /// <summary>8. Messages received in the period and not actioned (and not even read) per receiving Party.</summary>
    public async Task<List<PartyUnread>> UnreadAsync(StatisticsFilter f, CancellationToken ct = default)
    {
        var q = db.TraceabilityMessages.AsNoTracking().Where(m => m.ActionedAt == null && m.SentAt >= f.From && m.SentAt < f.To);
        if (f.Parties.Count > 0)
        {
            var parties = f.Parties.ToList();
            q = q.Where(m => parties.Contains(m.RecipientParty));
        }
        var rows = await q.GroupBy(m => m.RecipientParty).Select(g => new { Party = g.Key, Count = g.Count(), Unread = g.Count(m => m.ReadAt == null) }).ToListAsync(ct);
        return rows.OrderBy(r => r.Party, StringComparer.Ordinal).Select(r => new PartyUnread(r.Party, r.Count, r.Unread)).ToList();
    }

    public async Task<TraceabilityStatisticsReport> ReportAsync(StatisticsFilter f, CancellationToken ct = default)
    {
        var registered = await PartiesRegisteredAsync(f, ct);
        var users = await UsersPerPartyAsync(f, ct);
        var active = await ActivePartiesAsync(f, ct);
        var perParty = await MessagesPerPartyAsync(f, ct);
        var pairs = await BetweenPartiesAsync(f, ct);
        var uims = await UimsTotalAsync(f, ct);
        var replies = await ReplyTimesAsync(f, ct);
        var unread = await UnreadAsync(f, ct);
        var chains = replies.Sum(r => r.Chains);
        double? average = chains == 0 ? null : replies.Sum(r => r.AverageHours * r.Chains) / chains;
        return new TraceabilityStatisticsReport(f.From, f.To, f.Parties, registered.Count, registered, users, active, perParty, pairs.Sum(p => p.Messages),
            pairs, uims, average, replies, unread);
    }
}
