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
/// Party; a Party sees its own row. Everything is aggregated in SQL — grouped counts and sums over covering indexes, the
/// response time from the stored <see cref="PreExportNotification.ResponseSeconds"/> — so the pages stay fast at world
/// scale (ADR 30).
/// </summary>
public sealed class PreExportStatistics(CordonDbContext db, ICurrentActor actor)
{
    public async Task<PreExportStatisticsReport> ForYearAsync(int year, CancellationToken ct = default)
    {
        var inYear = db.PreExportNotifications.AsNoTracking().Where(n => n.Year == year);
        var sent = await inYear.GroupBy(n => new { n.ExportingCountry, n.Status, Marked = n.Mark != PreExportMark.None })
            .Select(g => new { g.Key.ExportingCountry, g.Key.Status, g.Key.Marked, Count = g.Count() }).ToListAsync(ct);
        var received = await inYear.GroupBy(n => new { n.ImportingCountry, n.Status })
            .Select(g => new { g.Key.ImportingCountry, g.Key.Status, Count = g.Count(), Seconds = g.Sum(n => n.ResponseSeconds ?? 0), Timed = g.Count(n => n.ResponseSeconds != null) })
            .ToListAsync(ct);
        var members = await db.PartyModuleMemberships.AsNoTracking().Where(m => m.Module == CordonModule.PreExport && m.LeftAt == null)
            .Select(m => m.PartyCode).Distinct().ToListAsync(ct);
        var invoking = await db.PreExportInvocations.AsNoTracking().Where(i => i.WithdrawnOn == null).Select(i => i.CountryCode).Distinct().ToListAsync(ct);

        var sentBy = sent.ToLookup(s => s.ExportingCountry, StringComparer.Ordinal);
        var receivedBy = received.ToLookup(r => r.ImportingCountry, StringComparer.Ordinal);
        var memberSet = members.ToHashSet(StringComparer.Ordinal);
        var invokingSet = invoking.ToHashSet(StringComparer.Ordinal);
        var parties = members.Concat(sent.Select(s => s.ExportingCountry)).Concat(received.Select(r => r.ImportingCountry)).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = new List<PartyStatistics>();
        foreach (var p in parties)
        {
            var s = sentBy[p].ToList();
            var r = receivedBy[p].ToList();
            int R(PreExportStatus st) => r.Where(x => x.Status == st).Sum(x => x.Count);
            var receivedCount = r.Sum(x => x.Count);
            var answeredCount = R(PreExportStatus.NoObjection) + R(PreExportStatus.Objection) + R(PreExportStatus.MoreInformationRequested);
            var closed = answeredCount + R(PreExportStatus.NoReplyByDeadline);
            var timed = r.Sum(x => x.Timed);
            rows.Add(new PartyStatistics(p, s.Sum(x => x.Count), receivedCount, answeredCount, R(PreExportStatus.NoReplyByDeadline), R(PreExportStatus.Objection),
                R(PreExportStatus.MoreInformationRequested), closed == 0 ? null : (double)answeredCount / closed, timed == 0 ? null : r.Sum(x => x.Seconds) / 3600.0 / timed,
                s.Where(x => x.Marked).Sum(x => x.Count), s.Count == 0 && r.Count == 0 && memberSet.Contains(p), invokingSet.Contains(p)));
        }
        var inactive = rows.Where(x => x.Inactive).Select(x => x.PartyCode).ToList();
        if (actor.PartyCode is { } own)
        {
            rows = rows.Where(x => x.PartyCode == own).ToList();
            inactive = inactive.Where(x => x == own).ToList();
        }
        else if (!actor.IsSecretariat)
        {
            rows = [];
            inactive = [];
        }
        return new PreExportStatisticsReport(year, sent.Sum(x => x.Count), rows, inactive, invoking.Count);
    }

    /// <summary>
    /// Notifications per year over a span of years: all of them for the Secretariat, those the Party sent or received for a
    /// Party (the charts of the statistics page).
    /// </summary>
    public async Task<List<YearTrend>> TrendAsync(int fromYear, int toYear, CancellationToken ct = default)
    {
        var q = db.PreExportNotifications.AsNoTracking().Where(n => n.Year >= fromYear && n.Year <= toYear);
        List<YearTrend> Shape(IEnumerable<(int Year, bool Sent, PreExportStatus Status, int Count, long Seconds, int Timed)> rows)
        {
            var list = rows.ToList();
            return Enumerable.Range(fromYear, toYear - fromYear + 1).Select(y =>
            {
                var inYear = list.Where(x => x.Year == y).ToList();
                var received = inYear.Where(x => !x.Sent).ToList();
                int C(PreExportStatus s) => received.Where(x => x.Status == s).Sum(x => x.Count);
                var timed = received.Sum(x => x.Timed);
                return new YearTrend(y, inYear.Where(x => x.Sent).Sum(x => x.Count), received.Sum(x => x.Count),
                    C(PreExportStatus.NoObjection) + C(PreExportStatus.Objection) + C(PreExportStatus.MoreInformationRequested),
                    C(PreExportStatus.Objection), C(PreExportStatus.NoReplyByDeadline), timed == 0 ? null : received.Sum(x => x.Seconds) / 3600.0 / timed);
            }).ToList();
        }

        if (actor.PartyCode is { } party)
        {
            var sent = await q.Where(n => n.ExportingCountry == party).GroupBy(n => n.Year).Select(g => new { Year = g.Key, Count = g.Count() }).ToListAsync(ct);
            var received = await q.Where(n => n.ImportingCountry == party).GroupBy(n => new { n.Year, n.Status })
                .Select(g => new { g.Key.Year, g.Key.Status, Count = g.Count(), Seconds = g.Sum(n => n.ResponseSeconds ?? 0), Timed = g.Count(n => n.ResponseSeconds != null) }).ToListAsync(ct);
            return Shape(sent.Select(s => (s.Year, true, PreExportStatus.AwaitingReply, s.Count, 0L, 0))
                .Concat(received.Select(r => (r.Year, false, r.Status, r.Count, r.Seconds, r.Timed))));
        }
        if (!actor.IsSecretariat) return Shape([]);
        // For the Secretariat every notification is both sent and received: one grouped scan.
        var all = await q.GroupBy(n => new { n.Year, n.Status })
            .Select(g => new { g.Key.Year, g.Key.Status, Count = g.Count(), Seconds = g.Sum(n => n.ResponseSeconds ?? 0), Timed = g.Count(n => n.ResponseSeconds != null) }).ToListAsync(ct);
        return Shape(all.Select(r => (r.Year, true, r.Status, r.Count, 0L, 0)).Concat(all.Select(r => (r.Year, false, r.Status, r.Count, r.Seconds, r.Timed))));
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

        var first = new DateOnly(year, 1, 1);
        var next = first.AddYears(1);
        var notifiedQuery = from l in db.PreExportLines
                            join n in db.PreExportNotifications on l.NotificationId equals n.Id
                            where n.DispatchDate >= first && n.DispatchDate < next && invokers.Contains(n.ImportingCountry)
                            select new { n.ExportingCountry, n.ImportingCountry, l.SubstanceCode };
        if (party is not null) notifiedQuery = notifiedQuery.Where(x => x.ExportingCountry == party || x.ImportingCountry == party);
        var notified = (await notifiedQuery.Distinct().ToListAsync(ct)).Select(x => (x.ExportingCountry, x.ImportingCountry, x.SubstanceCode)).ToHashSet();

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
