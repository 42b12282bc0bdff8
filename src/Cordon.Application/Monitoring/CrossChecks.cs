using System.Globalization;
using Cordon.Application.Data;
using Cordon.Domain.Authorizations;
using Cordon.Domain.Identity;
using Cordon.Domain.Monitoring;
using Cordon.Domain.PreExport;
using Cordon.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Monitoring;

/// <summary>One discrepancy with both figures (grams): reported imports and exports, and what authorizations or notifications cover.</summary>
public sealed record Discrepancy(DiscrepancyKind Kind, string Importer, string Exporter, string Substance, int Year, int Quarter,
    double? ImportsReported, double? ExportsReported, double? Covered)
{
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Kind}:{Importer}:{Exporter}:{Substance}:{Year}:{Quarter}");
    public double? Difference => Kind switch
    {
        DiscrepancyKind.AboveAuthorizations or DiscrepancyKind.AbovePreExportNotifications => Math.Max(ImportsReported ?? 0, ExportsReported ?? 0) - (Covered ?? 0),
        _ => (ImportsReported ?? 0) - (ExportsReported ?? 0),
    };

    /// <summary>The figures in plain English, as stated in a query to the Parties.</summary>
    public string Figures()
    {
        static string G(double? v) => v is { } x ? x.ToString("#,0.###", CultureInfo.InvariantCulture) + " g" : "not reported";
        var period = Quarter == 0 ? Year.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Year}-Q{Quarter}");
        var text = $"{Substance}, {period}: imports reported by {Importer} from {Exporter}: {G(ImportsReported)}; exports reported by {Exporter} to {Importer}: {G(ExportsReported)}";
        return Kind switch
        {
            DiscrepancyKind.AboveAuthorizations => text + $"; export authorizations recorded in Cordon: {G(Covered)}.",
            DiscrepancyKind.AbovePreExportNotifications => text + $"; pre-export notifications recorded in Cordon: {G(Covered)}.",
            _ => text + $"; difference {G(Difference)}.",
        };
    }
}

public sealed record CrossCheckReport(int Year, int? Quarter, int RoutesCompared, IReadOnlyList<Discrepancy> Discrepancies);

/// <summary>
/// The Secretariat's cross-checks: mirror statistics (imports reported by A from B against exports reported by B to A)
/// and reported trade against the authorizations and pre-export notifications recorded in Cordon. Set-based: one grouped
/// query over the pre-aggregated trade figures of the year, then a hash join in memory.
/// </summary>
public sealed class CrossChecks(CordonDbContext db, MonitoringSettings settings)
{
    public async Task<CrossCheckReport> RunAsync(int year, int? quarter, string? country = null, string? substance = null, CancellationToken ct = default)
    {
        var q = db.TradeFigures.AsNoTracking().Where(t => t.Year == year);
        if (quarter is { } qq) q = q.Where(t => t.Quarter == qq);
        if (country is { Length: 2 }) q = q.Where(t => t.ReporterCountry == country || t.PartnerCountry == country);
        if (substance is { Length: > 0 }) q = q.Where(t => t.SubstanceCode == substance);
        var sums = await q.GroupBy(t => new { t.ReporterCountry, t.PartnerCountry, t.SubstanceCode, t.Direction, t.Form })
            .Select(g => new { g.Key.ReporterCountry, g.Key.PartnerCountry, g.Key.SubstanceCode, g.Key.Direction, g.Key.Form, Grams = g.Sum(x => x.Grams) })
            .ToListAsync(ct);
        var reported = (await db.StatisticsSubmissions.AsNoTracking().Where(s => s.Year == year && s.SubmittedAt != null && (quarter == null || s.Quarter == quarter || s.Quarter == 0))
            .Select(s => new { s.CountryCode, s.Form }).Distinct().ToListAsync(ct)).Select(s => (s.CountryCode, s.Form)).ToHashSet();

        // Route (importer, exporter, substance) → (imports reported by the importer, exports reported by the exporter, form).
        var routes = new Dictionary<(string Importer, string Exporter, string Substance), (double? Imports, double? Exports, StatisticsForm Form)>();
        foreach (var s in sums)
        {
            var key = s.Direction == TradeDirection.Import ? (s.ReporterCountry, s.PartnerCountry, s.SubstanceCode) : (s.PartnerCountry, s.ReporterCountry, s.SubstanceCode);
            var cur = routes.GetValueOrDefault(key, (null, null, s.Form));
            routes[key] = s.Direction == TradeDirection.Import ? (cur.Imports.GetValueOrDefault() + s.Grams, cur.Exports, s.Form) : (cur.Imports, cur.Exports.GetValueOrDefault() + s.Grams, s.Form);
        }
        var found = new List<Discrepancy>();
        foreach (var ((importer, exporter, sub), v) in routes)
        {
            var kind = CrossCheckRules.Mirror(v.Imports, v.Exports, reported.Contains((importer, v.Form)), reported.Contains((exporter, v.Form)), settings.Mirror);
            if (kind is { } k) found.Add(new Discrepancy(k, importer, exporter, sub, year, quarter ?? 0, v.Imports, v.Exports, null));
        }
        if (quarter is null) found.AddRange(await AgainstCordonRecordsAsync(year, routes, ct));
        return new CrossCheckReport(year, quarter, routes.Count, found
            .OrderByDescending(d => Math.Abs(d.Difference ?? 0)).ThenBy(d => d.Importer, StringComparer.Ordinal).ToList());
    }

    /// <summary>Reported trade above the export authorizations (narcotic drugs, psychotropics) or pre-export notifications (precursors) of the route.</summary>
    private async Task<List<Discrepancy>> AgainstCordonRecordsAsync(int year,
        Dictionary<(string Importer, string Exporter, string Substance), (double? Imports, double? Exports, StatisticsForm Form)> routes, CancellationToken ct)
    {
        var found = new List<Discrepancy>();
        var authorizationsMembers = (await db.PartyModuleMemberships.AsNoTracking().Where(m => m.Module == CordonModule.Authorizations && m.LeftAt == null)
            .Select(m => m.PartyCode).ToListAsync(ct)).ToHashSet();
        var preExportMembers = (await db.PartyModuleMemberships.AsNoTracking().Where(m => m.Module == CordonModule.PreExport && m.LeftAt == null)
            .Select(m => m.PartyCode).ToListAsync(ct)).ToHashSet();
        var invoking = (await db.PreExportInvocations.AsNoTracking().Where(i => i.WithdrawnOn == null).Select(i => i.CountryCode).ToListAsync(ct)).ToHashSet();

        // Decimals are summed here, not in SQL: SQLite keeps them as text.
        var authorized = (await db.Authorizations.AsNoTracking()
                .Where(a => a.Year == year && (a.Kind == AuthorizationKind.Export || a.Kind == AuthorizationKind.ExportDeclaration)
                    && a.Status != AuthorizationStatus.Draft && a.Status != AuthorizationStatus.Cancelled)
                .Select(a => new { a.ImportingCountry, a.ExportingCountry, a.SubstanceCode, a.PureBaseGrams }).ToListAsync(ct))
            .GroupBy(a => (a.ImportingCountry, a.ExportingCountry, a.SubstanceCode)).ToDictionary(g => g.Key, g => (double)g.Sum(a => a.PureBaseGrams));
        var notified = (await (from l in db.PreExportLines
                    join n in db.PreExportNotifications on l.NotificationId equals n.Id
                    where n.Year == year && n.Status != PreExportStatus.Objection && l.Grams != null
                    select new { n.ImportingCountry, n.ExportingCountry, l.SubstanceCode, l.Grams }).AsNoTracking().ToListAsync(ct))
            .GroupBy(a => (a.ImportingCountry, a.ExportingCountry, a.SubstanceCode)).ToDictionary(g => g.Key, g => (double)g.Sum(a => a.Grams!.Value));

        foreach (var ((importer, exporter, sub), v) in routes)
        {
            var reportedMax = Math.Max(v.Imports ?? 0, v.Exports ?? 0);
            if (v.Form is StatisticsForm.A or StatisticsForm.P && authorizationsMembers.Contains(exporter) && authorizationsMembers.Contains(importer))
            {
                var covered = authorized.GetValueOrDefault((importer, exporter, sub));
                if (CrossCheckRules.Exceeds(reportedMax, covered, settings.Mirror))
                    found.Add(new Discrepancy(DiscrepancyKind.AboveAuthorizations, importer, exporter, sub, year, 0, v.Imports, v.Exports, covered));
            }
            else if (v.Form == StatisticsForm.D && preExportMembers.Contains(exporter) && (invoking.Contains(importer) || notified.ContainsKey((importer, exporter, sub))))
            {
                var covered = notified.GetValueOrDefault((importer, exporter, sub));
                if (v.Exports is { } e && CrossCheckRules.Exceeds(e, covered, settings.Mirror))
                    found.Add(new Discrepancy(DiscrepancyKind.AbovePreExportNotifications, importer, exporter, sub, year, 0, v.Imports, v.Exports, covered));
            }
        }
        // Authorized or notified routes nobody reported are not discrepancies: shipments may not have happened.
        return found;
    }

    /// <summary>The discrepancy a key names, recomputed from the data (so a query states real figures).</summary>
    public async Task<Discrepancy?> FindAsync(string key, CancellationToken ct = default)
    {
        var parts = key.Split(':');
        if (parts.Length != 6 || !Cordon.Domain.Common.EnumNames.TryParse<DiscrepancyKind>(parts[0], false, out var kind) || !int.TryParse(parts[4], CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(parts[5], CultureInfo.InvariantCulture, out var quarter) || !Country.IsWellFormedAlpha2(parts[1]) || !Country.IsWellFormedAlpha2(parts[2])
            || year is < 2000 or > 2100 || quarter is < 0 or > 4)
            return null;
        var report = await RunAsync(year, quarter == 0 ? null : quarter, parts[1], parts[3], ct);
        return report.Discrepancies.FirstOrDefault(d => d.Key == key && d.Kind == kind);
    }
}
