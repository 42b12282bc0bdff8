using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Identity;
using Cordon.Domain.Monitoring;
using Cordon.Domain.PreExport;
using Cordon.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.PreExport;

/// <summary>
/// Notifications sent and received per Party and year, response rate and time, objections, Parties registered in the
/// module but not active, invocation coverage and exports reported without a notification. The Secretariat sees every
/// Party; a Party sees its own row. The figures come from counters per Party and year and per notified route, kept on
/// write with deltas folded by a job (ADR 35; <see cref="PreExportCounts"/>), so a page reads hundreds of rows, not the
/// year's notifications.
/// </summary>
public sealed class PreExportStatistics(CordonDbContext db, ICurrentActor actor)
{
    /// <summary>One group of the counters (folded and pending added up): a side of a Party, or all notifications, in a year.</summary>
    private sealed class CountRow
    {
        public int Year { get; set; }
        public int Role { get; set; }
        public string PartyCode { get; set; } = "";
        public string Status { get; set; } = "";
        public bool Marked { get; set; }
        public long Notifications { get; set; }
        public long ResponseSeconds { get; set; }
        public long Timed { get; set; }

        public PreExportStatus State() => Enum.Parse<PreExportStatus>(Status);
    }

    /// <summary>
    /// The counters of the years [from, to] with the deltas not yet folded, in ONE statement so that a fold committing meanwhile
    /// is seen either wholly or not at all (ADR 35). <paramref name="scope"/>: "all" (every row), "totals" (the rows of all
    /// notifications only), or a Party code (its sent and received rows, and the totals).
    /// </summary>
    private async Task<List<CountRow>> CountsAsync(int from, int to, string scope, CancellationToken ct)
    {
        var (counterFilter, deltaSides) = scope switch
        {
            "all" => ("", new[] { (0, "\"ExportingCountry\""), (1, "\"ImportingCountry\""), (2, "''") }),
            "totals" => (" AND \"Role\" = 2", new[] { (2, "''") }),
            _ => (" AND (\"Role\" = 2 OR \"PartyCode\" = {2})", new[] { (0, "\"ExportingCountry\""), (1, "\"ImportingCountry\""), (2, "''") }),
        };
        var deltas = string.Join("\n", deltaSides.Select(side => $$"""
            UNION ALL SELECT "Year", {{side.Item1}}, {{side.Item2}}, "Status", "Marked", "Notifications", "ResponseSeconds", "Timed"
            FROM "PreExportCountDeltas" WHERE "Year" BETWEEN {0} AND {1}
            """));
        var partyFilter = scope is "all" or "totals" ? "" : "WHERE c.\"Role\" = 2 OR c.\"PartyCode\" = {2}";
        var sql = $$"""
            SELECT c."Year", c."Role", c."PartyCode", c."Status", c."Marked", CAST(SUM(c."Notifications") AS BIGINT) AS "Notifications",
                   CAST(SUM(c."ResponseSeconds") AS BIGINT) AS "ResponseSeconds", CAST(SUM(c."Timed") AS BIGINT) AS "Timed"
            FROM (
              SELECT "Year", "Role", "PartyCode", "Status", "Marked", "Notifications", "ResponseSeconds", "Timed"
              FROM "PreExportPartyCounts" WHERE "Year" BETWEEN {0} AND {1}{{counterFilter}}
              {{deltas}}
            ) AS c {{partyFilter}}
            GROUP BY c."Year", c."Role", c."PartyCode", c."Status", c."Marked"
            HAVING SUM(c."Notifications") <> 0
            """;
        object[] args = scope is "all" or "totals" ? [from, to] : [from, to, scope];
        return await db.Database.SqlQueryRaw<CountRow>(sql, args).ToListAsync(ct);
    }

    public async Task<PreExportStatisticsReport> ForYearAsync(int year, CancellationToken ct = default)
    {
        var party = actor.PartyCode;
        if (party is null && !actor.IsSecretariat) return new PreExportStatisticsReport(year, 0, [], [], 0);
        var counts = await CountsAsync(year, year, party ?? "all", ct);
        var members = await db.PartyModuleMemberships.AsNoTracking().Where(m => m.Module == CordonModule.PreExport && m.LeftAt == null)
            .Select(m => m.PartyCode).Distinct().ToListAsync(ct);
        var invoking = await db.PreExportInvocations.AsNoTracking().Where(i => i.WithdrawnOn == null).Select(i => i.CountryCode).Distinct().ToListAsync(ct);

        var sentBy = counts.Where(c => c.Role == (int)PreExportCountRole.Sent).ToLookup(c => c.PartyCode, StringComparer.Ordinal);
        var receivedBy = counts.Where(c => c.Role == (int)PreExportCountRole.Received).ToLookup(c => c.PartyCode, StringComparer.Ordinal);
        var memberSet = members.ToHashSet(StringComparer.Ordinal);
        var invokingSet = invoking.ToHashSet(StringComparer.Ordinal);
        var parties = members.Concat(sentBy.Select(g => g.Key)).Concat(receivedBy.Select(g => g.Key)).Distinct()
            .Where(p => party is null || p == party).Order(StringComparer.Ordinal).ToList();
        var rows = new List<PartyStatistics>();
        foreach (var p in parties)
        {
            var s = sentBy[p].ToList();
            var r = receivedBy[p].ToList();
            int R(PreExportStatus st) => (int)r.Where(x => x.State() == st).Sum(x => x.Notifications);
            var receivedCount = (int)r.Sum(x => x.Notifications);
            var answeredCount = R(PreExportStatus.NoObjection) + R(PreExportStatus.Objection) + R(PreExportStatus.MoreInformationRequested);
            var closed = answeredCount + R(PreExportStatus.NoReplyByDeadline);
            var timed = r.Sum(x => x.Timed);
            rows.Add(new PartyStatistics(p, (int)s.Sum(x => x.Notifications), receivedCount, answeredCount, R(PreExportStatus.NoReplyByDeadline), R(PreExportStatus.Objection),
                R(PreExportStatus.MoreInformationRequested), closed == 0 ? null : (double)answeredCount / closed, timed == 0 ? null : r.Sum(x => x.ResponseSeconds) / 3600.0 / timed,
                (int)s.Where(x => x.Marked).Sum(x => x.Notifications), s.Count == 0 && r.Count == 0 && memberSet.Contains(p), invokingSet.Contains(p)));
        }
        var inactive = rows.Where(x => x.Inactive).Select(x => x.PartyCode).ToList();
        var total = (int)counts.Where(c => c.Role == (int)PreExportCountRole.All).Sum(c => c.Notifications);
        return new PreExportStatisticsReport(year, total, rows, inactive, invoking.Count);
    }

    /// <summary>
    /// Notifications per year over a span of years: all of them for the Secretariat, those the Party sent or received for a
    /// Party (the charts of the statistics page).
    /// </summary>
    public async Task<List<YearTrend>> TrendAsync(int fromYear, int toYear, CancellationToken ct = default)
    {
        var party = actor.PartyCode;
        if (party is null && !actor.IsSecretariat) return Shape([]);
        // For the Secretariat every notification is both sent and received: the rows of all notifications.
        var counts = await CountsAsync(fromYear, toYear, party ?? "totals", ct);
        var (sent, received) = party is null
            ? (PreExportCountRole.All, PreExportCountRole.All)
            : (PreExportCountRole.Sent, PreExportCountRole.Received);
        return Shape(counts.Where(c => c.Role == (int)sent).Select(c => (c.Year, true, c.State(), c.Notifications, 0L, 0L))
            .Concat(counts.Where(c => c.Role == (int)received).Select(c => (c.Year, false, c.State(), c.Notifications, c.ResponseSeconds, c.Timed))));

        List<YearTrend> Shape(IEnumerable<(int Year, bool Sent, PreExportStatus Status, long Count, long Seconds, long Timed)> rows)
        {
            var list = rows.ToList();
            return Enumerable.Range(fromYear, Math.Max(0, toYear - fromYear + 1)).Select(y =>
            {
                var inYear = list.Where(x => x.Year == y).ToList();
                var r = inYear.Where(x => !x.Sent).ToList();
                int C(PreExportStatus s) => (int)r.Where(x => x.Status == s).Sum(x => x.Count);
                var timed = r.Sum(x => x.Timed);
                return new YearTrend(y, (int)inYear.Where(x => x.Sent).Sum(x => x.Count), (int)r.Sum(x => x.Count),
                    C(PreExportStatus.NoObjection) + C(PreExportStatus.Objection) + C(PreExportStatus.MoreInformationRequested),
                    C(PreExportStatus.Objection), C(PreExportStatus.NoReplyByDeadline), timed == 0 ? null : r.Sum(x => x.Seconds) / 3600.0 / timed);
            }).ToList();
        }
    }

    private sealed class RouteRow
    {
        public string ExportingCountry { get; set; } = "";
        public string ImportingCountry { get; set; } = "";
        public string SubstanceCode { get; set; } = "";
    }

    /// <summary>
    /// Exports reported in Monitoring (Form D licit trade, submitted) by an exporting Party to a Government whose art. 12(10)(a)
    /// invocation covered the substance in the year, with no pre-export notification of the same Party pair and substance
    /// dispatched in that year; and, per invoking Government, the share of reported routes that were notified.
    /// The Secretariat sees all; a Party the rows where it is the exporter or the importer.
    /// </summary>
    public async Task<UnnotifiedExportsReport> UnnotifiedExportsAsync(int year, CancellationToken ct = default)
    {
        var party = actor.PartyCode;
        if (party is null && !actor.IsSecretariat) return new UnnotifiedExportsReport(year, [], []);
        var invocations = (await db.PreExportInvocations.AsNoTracking().ToListAsync(ct)).Select(InvocationTerms.Of).ToList();
        var invokers = invocations.Select(i => i.CountryCode).Distinct().ToList();
        if (invokers.Count == 0) return new UnnotifiedExportsReport(year, [], []);

        var trade = db.TradeFigures.AsNoTracking().Where(t => t.Year == year && t.Form == StatisticsForm.D && t.Direction == TradeDirection.Export && invokers.Contains(t.PartnerCountry));
        if (party is not null) trade = trade.Where(t => t.ReporterCountry == party || t.PartnerCountry == party);
        var reported = await trade.GroupBy(t => new { t.ReporterCountry, t.PartnerCountry, t.SubstanceCode })
            .Select(g => new { g.Key.ReporterCountry, g.Key.PartnerCountry, g.Key.SubstanceCode, Grams = g.Sum(t => t.Grams) }).ToListAsync(ct);
        if (reported.Count == 0) return new UnnotifiedExportsReport(year, [], []);

        // The routes notified with a dispatch date in the year, to invoking Governments: route counters with pending deltas (ADR 35).
        var partyFilter = party is null ? "" : " AND (r.\"ExportingCountry\" = {1} OR r.\"ImportingCountry\" = {1})";
        var routeSql = $$"""
            SELECT r."ExportingCountry", r."ImportingCountry", r."SubstanceCode" FROM (
              SELECT "ImportingCountry", "ExportingCountry", "SubstanceCode", "Lines" FROM "PreExportRouteCounts" WHERE "DispatchYear" = {0}
              UNION ALL SELECT "ImportingCountry", "ExportingCountry", "SubstanceCode", "Lines" FROM "PreExportRouteDeltas" WHERE "DispatchYear" = {0}
            ) AS r
            WHERE r."ImportingCountry" IN (SELECT "CountryCode" FROM "PreExportInvocations"){{partyFilter}}
            GROUP BY r."ExportingCountry", r."ImportingCountry", r."SubstanceCode"
            HAVING SUM(r."Lines") > 0
            """;
        object[] routeArgs = party is null ? [year] : [year, party];
        var notified = (await db.Database.SqlQueryRaw<RouteRow>(routeSql, routeArgs).ToListAsync(ct))
            .Select(x => (x.ExportingCountry, x.ImportingCountry, x.SubstanceCode)).ToHashSet();

        var codes = reported.Select(r => r.SubstanceCode).Distinct().ToList();
        var substances = (await db.Substances.AsNoTracking().Where(s => codes.Contains(s.Code)).ToListAsync(ct))
            .ToDictionary(s => s.Code, s => new SubstanceTerms(s.Code, s.Name, s.Kind != SubstanceKind.Precursor ? null : s.IsInSchedule("I") ? "I" : s.IsInSchedule("II") ? "II" : null));
        var (unnotified, coverage) = UnnotifiedExportRule.Find(year, invocations, substances,
            reported.Select(r => new ReportedExport(r.ReporterCountry, r.PartnerCountry, r.SubstanceCode, r.Grams)), notified);
        // A Party sees coverage only of itself as the invoking Government (the other rows would reveal third Parties' trade).
        if (party is not null) coverage = coverage.Where(c => c.Importer == party).ToList();
        return new UnnotifiedExportsReport(year, unnotified, coverage);
    }
}
