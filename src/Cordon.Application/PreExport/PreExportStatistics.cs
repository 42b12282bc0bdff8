using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Identity;
using Cordon.Domain.PreExport;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.PreExport;

/// <summary>
/// Notifications sent and received per Party and year, response rate and time, objections, Parties registered in the
/// module but not active, and invocation coverage. The Secretariat sees every Party; a Party sees its own row.
/// Aggregated in SQL (grouped counts), so it stays fast at world scale.
/// </summary>
public sealed class PreExportStatistics(CordonDbContext db, ICurrentActor actor)
{
    public async Task<PreExportStatisticsReport> ForYearAsync(int year, CancellationToken ct = default)
    {
        var inYear = db.PreExportNotifications.AsNoTracking().Where(n => n.Year == year);
        var sent = await inYear.GroupBy(n => new { n.ExportingCountry, n.Status, Marked = n.Mark != PreExportMark.None })
            .Select(g => new { g.Key.ExportingCountry, g.Key.Status, g.Key.Marked, Count = g.Count() }).ToListAsync(ct);
        var received = await inYear.GroupBy(n => new { n.ImportingCountry, n.Status })
            .Select(g => new { g.Key.ImportingCountry, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        // Response time: average over answered notifications, computed per importer from start and answer times.
        var answered = await inYear.Where(n => n.AnsweredAt != null)
            .Select(n => new { n.ImportingCountry, n.CreatedAt, AnsweredAt = n.AnsweredAt!.Value }).ToListAsync(ct);
        var members = await db.PartyModuleMemberships.AsNoTracking().Where(m => m.Module == CordonModule.PreExport && m.LeftAt == null)
            .Select(m => m.PartyCode).Distinct().ToListAsync(ct);
        var invoking = await db.PreExportInvocations.AsNoTracking().Where(i => i.WithdrawnOn == null).Select(i => i.CountryCode).Distinct().ToListAsync(ct);

        var parties = members.Concat(sent.Select(s => s.ExportingCountry)).Concat(received.Select(r => r.ImportingCountry)).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = new List<PartyStatistics>();
        foreach (var p in parties)
        {
            var s = sent.Where(x => x.ExportingCountry == p).ToList();
            var r = received.Where(x => x.ImportingCountry == p).ToList();
            int R(PreExportStatus st) => r.Where(x => x.Status == st).Sum(x => x.Count);
            var receivedCount = r.Sum(x => x.Count);
            var answeredCount = R(PreExportStatus.NoObjection) + R(PreExportStatus.Objection) + R(PreExportStatus.MoreInformationRequested);
            var closed = answeredCount + R(PreExportStatus.NoReplyByDeadline);
            var times = answered.Where(a => a.ImportingCountry == p).Select(a => (a.AnsweredAt - a.CreatedAt).TotalHours).ToList();
            rows.Add(new PartyStatistics(p, s.Sum(x => x.Count), receivedCount, answeredCount, R(PreExportStatus.NoReplyByDeadline), R(PreExportStatus.Objection),
                R(PreExportStatus.MoreInformationRequested), closed == 0 ? null : (double)answeredCount / closed, times.Count == 0 ? null : times.Average(),
                s.Where(x => x.Marked).Sum(x => x.Count), s.Count == 0 && r.Count == 0 && members.Contains(p), invoking.Contains(p)));
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
}
