using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Exchange;
using Cordon.Application.Identity;
using Cordon.Domain.Exchange;
using Cordon.Domain.Identity;
using Cordon.Domain.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Incidents;

public sealed record FacetCount(string Value, int Count);

public sealed record IncidentSearchResult(
    IReadOnlyList<Incident> Items, int Total, int Page, int PageSize,
    IReadOnlyList<FacetCount> Channels, IReadOnlyList<FacetCount> Types, IReadOnlyList<FacetCount> Substances, IReadOnlyList<FacetCount> Countries)
{
    /// <summary>False when more incidents match than are counted: <see cref="Total"/> and the facet counts are then lower bounds.</summary>
    public bool TotalIsExact { get; init; } = true;

    public bool HasNextPage { get; init; }
}

/// <summary>How many matches a search counts exactly (ADR 48); <c>Cordon:Incidents:ExactCountLimit</c> in the configuration.</summary>
public sealed record IncidentSearchLimits(int ExactCount = IncidentQueries.ExactCountLimit);

public sealed record IncidentDetails(Incident Incident, IReadOnlyList<IncidentComment> Comments, IReadOnlyList<LinkedIncident> Links, IReadOnlyList<LinkedIncident> Suggestions);

public sealed record LinkedIncident(Guid Id, string Summary, IncidentType Type, DateOnly OccurredOn, string ReporterPartyCode, LinkReason Reason);

public sealed record YearChannelCount(int Year, IncidentChannel Channel, int Count);

public sealed record RouteCount(string Origin, string Destination, int Count);

public sealed record YearCount(int Year, int Count);

public sealed record Dashboard(IReadOnlyList<YearChannelCount> IncidentsPerYear, IReadOnlyList<YearCount> UsersRegisteredPerYear, int RegisteredUsers,
    IReadOnlyList<RouteCount> Routes, IReadOnlyList<FacetCount> TopSubstances, int Total);

/// <summary>Every read of incidents goes through here, filtered by <see cref="IncidentAccess.VisibleTo(IQueryable{Incident}, ICurrentActor)"/>.</summary>
public sealed class IncidentQueries(CordonDbContext db, ICurrentActor actor, AuditLog audit, PartyExchange exchange, IncidentChannelMemberships channels,
    IncidentSearchLimits? searchLimits = null)
{
    private readonly IncidentSearchLimits limits = searchLimits ?? new();

    public const int PageSize = 50;

    private bool IsSecretariat => actor.IsSecretariat && actor.PartyCode is null;

    /// <summary>Incidents the caller may see: of the channels its Party takes part in, and not restricted away from it.</summary>
    public async Task<IQueryable<Incident>> VisibleAsync(CancellationToken ct = default) => await VisibleAsync(db.Incidents, ct);

    private async Task<IQueryable<Incident>> VisibleAsync(IQueryable<Incident> source, CancellationToken ct) =>
        source.AsNoTracking().VisibleTo(actor.PartyCode, IsSecretariat, await channels.ForActorAsync(ct));

    public async Task<IQueryable<Incident>> FilterAsync(IncidentCriteria c, CancellationToken ct = default)
    {
        if (!db.IsSqlite)
        {
            // PostgreSQL: channel, type, substance, country (and the years of a short period) are keys in the same GIN index
            // as the words, so the index intersects them instead of every row with the words being read and tested (ADR 44).
            var indexed = await VisibleAsync(FullText(c.Q, IncidentFacets.Required(c), IncidentFacets.Years(c)), ct);
            if (c.From is { } start) indexed = indexed.Where(i => i.OccurredOn >= start);
            if (c.To is { } end) indexed = indexed.Where(i => i.OccurredOn <= end);
            return indexed;
        }
        var q = await VisibleAsync(FullText(c.Q), ct);
        if (c.Channel is { } ch) q = q.Where(i => i.Channel == ch);
        if (c.Type is { } t) q = q.Where(i => i.Type == t);
        if (c.Substance is { } s) q = q.Where(i => i.Substances.Any(x => x.SubstanceCode == s));
        if (c.Country is { } k) q = q.Where(i => i.Countries.Any(x => x.CountryCode == k));
        if (c.From is { } from) q = q.Where(i => i.OccurredOn >= from);
        if (c.To is { } to) q = q.Where(i => i.OccurredOn <= to);
        return q;
    }

    /// <summary>
    /// Incidents whose search text holds every term of the query (a term also matches in its compact form, and the
    /// whole query compacted matches too, so "MSKU 123456-7" finds "MSKU1234567"). Uses the full-text index of
    /// <see cref="IncidentSearchSql"/>: a tsvector with a GIN index on PostgreSQL, FTS5 on SQLite.
    /// On PostgreSQL only, <paramref name="facetKeys"/> must all be among the incident's <see cref="Incident.FacetKeys"/> and one of
    /// <paramref name="anyFacetKeys"/> must be (when given); they are tested in the same GIN index as the words.
    /// </summary>
    public IQueryable<Incident> FullText(string? query, IReadOnlyList<string>? facetKeys = null, IReadOnlyList<string>? anyFacetKeys = null)
    {
        if (db.IsSqlite && (facetKeys is { Count: > 0 } || anyFacetKeys is { Count: > 0 }))
            throw new NotSupportedException("Facet keys are indexed on PostgreSQL only; SQLite filters the facets by their rows.");
        var terms = IncidentSearchText.Terms(query).Where(t => IncidentSearchText.Compact(t).Length > 0).ToList();
        if (terms.Count == 0 && facetKeys is not { Count: > 0 } && anyFacetKeys is not { Count: > 0 }) return db.Incidents;
        static IEnumerable<string> Alternatives(string t) => new[] { t, IncidentSearchText.Compact(t) }.Distinct();
        var whole = terms.Count > 1 ? IncidentSearchText.Compact(string.Concat(terms)) : null;
        if (db.IsSqlite)
        {
            static string Phrase(string v) => "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            var all = string.Join(" AND ", terms.Select(t => "(" + string.Join(" OR ", Alternatives(t).Select(Phrase)) + ")"));
            var match = whole is null ? all : $"({all}) OR {Phrase(whole)}";
            return db.Incidents.FromSqlRaw("""SELECT * FROM "Incidents" WHERE "Id" IN (SELECT "IncidentId" FROM "IncidentSearch" WHERE "IncidentSearch" MATCH {0})""", match);
        }
        var args = new List<object>();
        string Param(string v) => "phraseto_tsquery('simple', " + Placeholder(v) + ")";
        string Placeholder(object v)
        {
            args.Add(v);
            return "{" + (args.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
        }
        var conditions = new List<string>();
        if (terms.Count > 0)
        {
            var tsquery = string.Join(" && ", terms.Select(t => "(" + string.Join(" || ", Alternatives(t).Select(Param)) + ")"));
            if (whole is not null) tsquery = $"({tsquery}) || {Param(whole)}";
            conditions.Add("\"SearchVector\" @@ (" + tsquery + ")");
        }
        if (facetKeys is { Count: > 0 }) conditions.Add("\"FacetKeys\" @> " + Placeholder(facetKeys.ToArray()));
        if (anyFacetKeys is { Count: > 0 }) conditions.Add("\"FacetKeys\" && " + Placeholder(anyFacetKeys.ToArray()));
        // Only placeholders of our own making are spliced in; every user value is a parameter.
        var sql = "SELECT * FROM \"Incidents\" WHERE " + string.Join(" AND ", conditions);
        return db.Incidents.FromSqlRaw(sql, [.. args]);
    }

    /// <summary>The default of <see cref="IncidentSearchLimits.ExactCount"/>.</summary>
    public const int ExactCountLimit = 5_000;

    private sealed record Match(Guid Id, IncidentChannel Channel, IncidentType Type, DateTimeOffset CreatedAt);

    /// <summary>
    /// One page of the matches, newest first, with the total and the facets. Up to <see cref="IncidentSearchLimits.ExactCount"/>
    /// matches are counted exactly. Beyond that, the total and every facet count are lower bounds, counted among the first matches
    /// found (<see cref="IncidentSearchResult.TotalIsExact"/> is false), and the page is read in date order (ADR 48).
    /// </summary>
    public async Task<IncidentSearchResult> SearchAsync(IncidentCriteria criteria, int page, CancellationToken ct = default)
    {
        page = Math.Clamp(page, 1, 10_000);
        var q = await FilterAsync(criteria, ct);
        var limit = limits.ExactCount;
        // The matches are read once, four columns, in the index's order (no sort); the rest comes from them by id. Counting them
        // all has no bound: "port" matched 134,848 of a million incidents and took 5.5 s to count.
        var matches = await q.Select(i => new Match(i.Id, i.Channel, i.Type, i.CreatedAt)).Take(limit + 1).ToListAsync(ct);
        if (matches.Count <= limit)
        {
            var pageIds = matches.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip((page - 1) * PageSize).Take(PageSize).Select(m => m.Id).ToList();
            return await ResultAsync(matches, pageIds, page, exact: true, hasNextPage: page * PageSize < matches.Count, ct);
        }
        matches.RemoveAt(limit);
        // Matches are then dense, so walking the creation-time index backwards finds a page after a few hundred rows; the
        // extra row tells whether a next page exists.
        var ordered = await q.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(i => i.Id).ToListAsync(ct);
        var hasNext = ordered.Count > PageSize;
        return await ResultAsync(matches, hasNext ? ordered[..PageSize] : ordered, page, exact: false, hasNext, ct);
    }

    /// <summary>The page's incidents (read by id, in the given order) and the facets counted among <paramref name="matches"/>.</summary>
    private async Task<IncidentSearchResult> ResultAsync(List<Match> matches, List<Guid> pageIds, int page, bool exact, bool hasNextPage, CancellationToken ct)
    {
        if (matches.Count == 0) return new IncidentSearchResult([], 0, page, PageSize, [], [], [], []);
        var loaded = pageIds.Count == 0 ? [] : await db.Incidents.AsNoTracking().Where(i => pageIds.Contains(i.Id))
            .Include(i => i.Substances).Include(i => i.Countries).AsSplitQuery().ToDictionaryAsync(i => i.Id, ct);
        var items = pageIds.Select(id => loaded[id]).ToList();
        var ids = matches.Select(m => m.Id).ToList();
        var substances = await db.IncidentSubstances.AsNoTracking().Where(s => s.SubstanceCode != null && ids.Contains(s.IncidentId))
            .GroupBy(s => s.SubstanceCode!).Select(g => new { g.Key, Count = g.Select(x => x.IncidentId).Distinct().Count() })
            .OrderByDescending(g => g.Count).ThenBy(g => g.Key).Take(15).ToListAsync(ct);
        var countries = await db.IncidentCountries.AsNoTracking().Where(c => ids.Contains(c.IncidentId))
            .GroupBy(c => c.CountryCode).Select(g => new { g.Key, Count = g.Select(x => x.IncidentId).Distinct().Count() })
            .OrderByDescending(g => g.Count).ThenBy(g => g.Key).Take(15).ToListAsync(ct);
        return new IncidentSearchResult(items, matches.Count, page, PageSize,
            matches.GroupBy(m => m.Channel).Select(g => new FacetCount(g.Key.ToString(), g.Count())).ToList(),
            matches.GroupBy(m => m.Type).Select(g => new FacetCount(g.Key.ToString(), g.Count())).OrderByDescending(c => c.Count).ToList(),
            substances.Select(c => new FacetCount(c.Key, c.Count)).ToList(),
            countries.Select(c => new FacetCount(c.Key, c.Count)).ToList())
        { TotalIsExact = exact, HasNextPage = hasNextPage };
    }

    /// <summary>Null when the incident does not exist or the caller may not see it (both look the same).</summary>
    public async Task<Incident?> FindAsync(Guid id, CancellationToken ct = default) =>
        await (await VisibleAsync(ct)).Include(i => i.Substances).Include(i => i.Countries).Include(i => i.NamedParties).AsSplitQuery()
            .FirstOrDefaultAsync(i => i.Id == id, ct);

    /// <summary>Reads an incident with its thread and links; audits the read and marks the Party's delivery read.</summary>
    public async Task<IncidentDetails?> ReadAsync(Guid id, CancellationToken ct = default)
    {
        var incident = await FindAsync(id, ct);
        if (incident is null) return null;
        var comments = await db.IncidentComments.AsNoTracking().Where(c => c.IncidentId == id).OrderBy(c => c.Id).ToListAsync(ct);
        var linkRows = await db.IncidentLinks.AsNoTracking().Where(l => l.FromIncidentId == id || l.ToIncidentId == id).ToListAsync(ct);
        var otherIds = linkRows.Select(l => l.FromIncidentId == id ? l.ToIncidentId : l.FromIncidentId).Distinct().ToList();
        var others = await (await VisibleAsync(ct)).Where(i => otherIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var links = linkRows.Select(l => (l, other: others.GetValueOrDefault(l.FromIncidentId == id ? l.ToIncidentId : l.FromIncidentId)))
            .Where(x => x.other is not null)
            .Select(x => new LinkedIncident(x.other!.Id, x.other.Summary, x.other.Type, x.other.OccurredOn, x.other.ReporterPartyCode, x.l.Reason)).ToList();
        var suggestions = await SuggestLinksAsync(incident, links.Select(l => l.Id).ToHashSet(), ct);

        await using var tx = await db.BeginWriteAsync(ct);
        await audit.RecordAsync("incident.read", "Incident", id.ToString(), null, null, [incident.ReporterPartyCode], ct);
        if (actor.PartyCode is { } party) await exchange.MarkAsync("Incident", id.ToString(), party, DeliveryState.Read, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new IncidentDetails(incident, comments, links, suggestions);
    }

    /// <summary>Visible incidents sharing a container, airway bill or company with this one (or its route), by <see cref="IncidentLinks"/>.</summary>
    private async Task<IReadOnlyList<LinkedIncident>> SuggestLinksAsync(Incident incident, HashSet<Guid> linked, CancellationToken ct)
    {
        var keys = incident.ContainerList.Concat(incident.AirwayBillList).Select(c => c.ToLowerInvariant())
            .Concat(incident.CompanyList.Select(c => c.ToLowerInvariant())).Take(10).ToList();
        if (keys.Count == 0) return [];
        var candidates = new List<Incident>();
        foreach (var key in keys)
        {
            var q = (await VisibleAsync(FullText("\"" + key.Replace("\"", " ", StringComparison.Ordinal) + "\""), ct)).Where(i => i.Id != incident.Id);
            candidates.AddRange(await q.Include(i => i.Countries).OrderByDescending(i => i.CreatedAt).Take(10).ToListAsync(ct));
        }
        return candidates.DistinctBy(c => c.Id).Where(c => !linked.Contains(c.Id))
            .Select(c => (c, reasons: IncidentLinks.Suggest(incident, c))).Where(x => x.reasons.Count > 0)
            .Select(x => new LinkedIncident(x.c.Id, x.c.Summary, x.c.Type, x.c.OccurredOn, x.c.ReporterPartyCode, x.reasons[0])).Take(10).ToList();
    }

    /// <summary>
    /// The dashboard. Non-restricted incidents are counted from the counters kept on write (<see cref="IncidentStatistic"/>) plus
    /// the deltas not yet folded into them, read in one statement each, so a fold committing meanwhile is seen wholly or not at
    /// all (ADR 47); restricted ones the caller may see are counted live (they are few, and who sees them depends on the caller).
    /// </summary>
    public async Task<Dashboard> DashboardAsync(CancellationToken ct = default)
    {
        var mine = (await channels.ForActorAsync(ct)).ToList();
        var stats = db.IncidentStatistics.AsNoTracking().Select(s => new { s.Kind, s.Channel, s.Year, s.Key, s.Key2, s.Count })
            .Concat(db.IncidentStatisticDeltas.AsNoTracking().Select(s => new { s.Kind, s.Channel, s.Year, s.Key, s.Key2, s.Count }))
            .Where(s => mine.Contains(s.Channel));
        var perYear = (await stats.Where(s => s.Kind == IncidentStatisticKind.Year).GroupBy(s => new { s.Year, s.Channel })
            .Select(g => new { g.Key.Year, g.Key.Channel, Count = g.Sum(x => x.Count) }).ToListAsync(ct))
            .Select(s => (s.Year, s.Channel, s.Count)).ToList();
        var routes = (await stats.Where(s => s.Kind == IncidentStatisticKind.Route).GroupBy(s => new { s.Key, s.Key2 })
            .Select(g => new { g.Key.Key, g.Key.Key2, Count = g.Sum(x => x.Count) }).OrderByDescending(r => r.Count).Take(200).ToListAsync(ct))
            .Select(r => (r.Key, r.Key2, r.Count)).ToList();
        var top = (await stats.Where(s => s.Kind == IncidentStatisticKind.Substance).GroupBy(s => s.Key)
            .Select(g => new { g.Key, Count = g.Sum(x => x.Count) }).OrderByDescending(r => r.Count).Take(200).ToListAsync(ct))
            .Select(r => (r.Key, r.Count)).ToList();

        // The restricted incidents the caller may see, as a list first: a subquery here made PostgreSQL join every country row.
        var ids = await (await VisibleAsync(ct)).Where(i => i.Restricted).Select(i => i.Id).ToListAsync(ct);
        var restricted = db.Incidents.AsNoTracking().Where(i => ids.Contains(i.Id));
        perYear.AddRange((await restricted.GroupBy(i => new { i.Year, i.Channel }).Select(g => new { g.Key.Year, g.Key.Channel, Count = g.LongCount() }).ToListAsync(ct))
            .Select(r => (r.Year, r.Channel, r.Count)));
        routes.AddRange((await (from o in db.IncidentCountries
                                where o.Role == CountryRole.Origin && ids.Contains(o.IncidentId)
                                join d in db.IncidentCountries on o.IncidentId equals d.IncidentId
                                where d.Role == CountryRole.Destination
                                group o by new { Origin = o.CountryCode, Destination = d.CountryCode } into g
                                select new { g.Key.Origin, g.Key.Destination, Count = g.LongCount() }).ToListAsync(ct))
            .Select(r => (r.Origin, r.Destination, r.Count)));
        top.AddRange((await db.IncidentSubstances.AsNoTracking().Where(s => ids.Contains(s.IncidentId)).GroupBy(s => s.Name)
            .Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct)).Select(r => (r.Key, r.Count)));

        // Focal points: active users holding the module's View right. Years are grouped here (SQLite stores ticks).
        var grants = await (from g in db.ModuleGrants
                            join u in db.Users on g.UserId equals u.Id
                            where g.Module == CordonModule.Incidents && g.Right == ModuleRight.View && g.RevokedAt == null && u.RemovedAt == null
                            select new { g.UserId, g.GrantedAt }).ToListAsync(ct);
        var firstGrant = grants.GroupBy(g => g.UserId).Select(g => g.Min(x => x.GrantedAt)).ToList();
        var years = perYear.GroupBy(p => (p.Year, p.Channel)).Select(g => new YearChannelCount(g.Key.Year, g.Key.Channel, (int)g.Sum(x => x.Count)))
            .Where(y => y.Count > 0).OrderBy(p => p.Year).ThenBy(p => p.Channel).ToList();
        return new Dashboard(
            years,
            firstGrant.GroupBy(d => d.UtcDateTime.Year).Select(g => new YearCount(g.Key, g.Count())).OrderBy(y => y.Year).ToList(),
            firstGrant.Count,
            routes.GroupBy(r => (r.Item1, r.Item2)).Select(g => new RouteCount(g.Key.Item1, g.Key.Item2, (int)g.Sum(x => x.Item3))).Where(r => r.Count > 0)
                .OrderByDescending(r => r.Count).ThenBy(r => r.Origin, StringComparer.Ordinal).ThenBy(r => r.Destination, StringComparer.Ordinal).Take(50).ToList(),
            top.GroupBy(t => t.Item1).Select(g => new FacetCount(g.Key, (int)g.Sum(x => x.Item2))).Where(t => t.Count > 0)
                .OrderByDescending(t => t.Count).ThenBy(t => t.Value, StringComparer.Ordinal).Take(20).ToList(),
            years.Sum(p => p.Count));
    }

    /// <summary>Every version of an incident the caller may see, oldest first; null when it may not see it.</summary>
    public async Task<IReadOnlyList<IncidentRevision>?> HistoryAsync(Guid id, CancellationToken ct = default)
    {
        var incident = await FindAsync(id, ct);
        if (incident is null) return null;
        var revisions = await db.IncidentRevisions.AsNoTracking().Where(r => r.IncidentId == id).OrderBy(r => r.Version).ToListAsync(ct);
        if (revisions.Count > 0) return revisions;
        // Never edited: its one version is the incident as reported.
        return [new IncidentRevision
        {
            IncidentId = id, Version = incident.Version, EditedBy = incident.ReporterUserId, EditorName = incident.ReporterPartyCode,
            EditorPartyCode = incident.ReporterPartyCode, EditedAt = incident.CreatedAt,
            Content = EditIncident.Content(incident),
        }];
    }
}
