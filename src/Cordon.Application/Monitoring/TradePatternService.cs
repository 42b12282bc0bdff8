using Cordon.Application.Data;
using Cordon.Domain.Authorizations;
using Cordon.Domain.Monitoring;
using Cordon.Domain.PreExport;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Monitoring;

/// <summary>
/// Gathers what the pattern rules need for one year — reported trade and pre-export notifications, the routes and yearly
/// totals of the ten years before, and the importers' legitimate requirements — and runs them (Secretariat).
/// </summary>
public sealed class TradePatternService(CordonDbContext db, MonitoringSettings settings)
{
    public const int HistoryYears = 10;

    public async Task<IReadOnlyList<TradeFinding>> FindAsync(int year, string? country, CancellationToken ct = default)
    {
        var first = year - HistoryYears;
        var yearly = await db.TradeFigures.AsNoTracking().Where(t => t.Year >= first && t.Year <= year)
            .GroupBy(t => new { t.ReporterCountry, t.PartnerCountry, t.SubstanceCode, t.Direction, t.Year })
            .Select(g => new { g.Key.ReporterCountry, g.Key.PartnerCountry, g.Key.SubstanceCode, g.Key.Direction, g.Key.Year, Grams = g.Sum(x => x.Grams) })
            .ToListAsync(ct);
        var notifications = await (from l in db.PreExportLines
                join n in db.PreExportNotifications on l.NotificationId equals n.Id
                where n.Year >= first && n.Year <= year && n.Status != PreExportStatus.Objection && l.Grams != null
                select new { n.ExportingCountry, n.ImportingCountry, l.SubstanceCode, n.Year, l.Grams }).AsNoTracking().ToListAsync(ct);

        // Flows of the year: exports as the exporter reported them; imports the importer reported where the exporter did not; then notifications.
        var flows = new Dictionary<(string, string, string), double>();
        foreach (var t in yearly.Where(t => t.Year == year && t.Direction == TradeDirection.Export))
            flows[(t.ReporterCountry, t.PartnerCountry, t.SubstanceCode)] = flows.GetValueOrDefault((t.ReporterCountry, t.PartnerCountry, t.SubstanceCode)) + t.Grams;
        foreach (var t in yearly.Where(t => t.Year == year && t.Direction == TradeDirection.Import))
            flows.TryAdd((t.PartnerCountry, t.ReporterCountry, t.SubstanceCode), t.Grams);
        foreach (var g in notifications.Where(n => n.Year == year).GroupBy(n => (n.ExportingCountry, n.ImportingCountry, n.SubstanceCode)))
            flows.TryAdd(g.Key, g.Sum(n => (double)n.Grams!.Value));

        var earlierRoutes = yearly.Where(t => t.Year < year)
            .Select(t => t.Direction == TradeDirection.Export ? (t.ReporterCountry, t.PartnerCountry, t.SubstanceCode) : (t.PartnerCountry, t.ReporterCountry, t.SubstanceCode))
            .Concat(notifications.Where(n => n.Year < year).Select(n => (n.ExportingCountry, n.ImportingCountry, n.SubstanceCode)))
            .ToHashSet();
        var exporterYears = yearly.Where(t => t.Year < year && t.Direction == TradeDirection.Export).Select(t => (t.ReporterCountry, t.Year))
            .Concat(notifications.Where(n => n.Year < year).Select(n => (ReporterCountry: n.ExportingCountry, n.Year)))
            .Distinct().GroupBy(x => x.ReporterCountry).ToDictionary(g => g.Key, g => g.Count());
        var history = yearly.GroupBy(t => (t.ReporterCountry, t.SubstanceCode, t.Direction))
            .Where(g => g.Any(t => t.Year == year))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<YearValue>)g.GroupBy(t => t.Year).Select(y => new YearValue(y.Key, y.Sum(t => t.Grams))).OrderBy(y => y.Year).ToList());

        var importers = flows.Keys.Select(k => k.Item2).Distinct().ToList();
        var estimates = await db.Estimates.AsNoTracking()
            .Where(e => e.Status == EstimateStatus.Confirmed && importers.Contains(e.CountryCode) && (e.Year == year || e.Year == 0))
            .Select(e => new { e.CountryCode, e.SubstanceCode, e.Kind, e.Sequence, e.Grams }).ToListAsync(ct);
        var requirements = new Dictionary<(string, string), (double, string)>();
        foreach (var g in estimates.GroupBy(e => (e.CountryCode, e.SubstanceCode)))
        {
            var latest = g.OrderByDescending(e => e.Sequence).First();
            requirements[g.Key] = ((double)latest.Grams, latest.Kind == EstimateKind.Estimate ? "estimate" : "assessment");
        }
        foreach (var r in await db.LegitimateRequirements.AsNoTracking().Where(r => r.Year == year && importers.Contains(r.CountryCode))
                     .Select(r => new { r.CountryCode, r.SubstanceCode, r.Kilograms }).ToListAsync(ct))
            requirements[(r.CountryCode, r.SubstanceCode)] = ((double)r.Kilograms * 1000, "annual legitimate requirement");

        var input = new PatternInput(year, flows.Select(f => new RouteFlow(f.Key.Item1, f.Key.Item2, f.Key.Item3, f.Value)).ToList(), earlierRoutes, exporterYears, history, requirements);
        var findings = TradePatterns.Find(input, settings.Patterns);
        return country is { Length: 2 } ? findings.Where(f => f.Country == country || f.Partner == country).ToList() : findings;
    }
}
