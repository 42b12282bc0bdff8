using System.Globalization;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Permits;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Permits;

/// <summary>One line of the CITES annual trade report (tabular layout of the Guidelines for the preparation and submission of CITES annual reports).</summary>
public sealed record AnnualReportRow(int Year, string Appendix, string Taxon, string Term, decimal Quantity, string Unit, string Exporter, string Importer,
    string? Origin, string Purpose, string Source, string PermitNumber, string? OriginalPermitNumber, string ReporterType, string QuantityBasis);

/// <summary>
/// The Party's annual report: exports and re-exports from permits it issued in the year (quantity actually traded when endorsed,
/// otherwise the permit's quantity), imports from permits endorsed at its border in the year.
/// </summary>
public sealed class PermitAnnualReport(CordonDbContext db, ICurrentActor actor)
{
    public static readonly string[] Columns =
        ["Year", "App.", "Taxon", "Term", "Qty", "Unit", "Exporter", "Importer", "Origin", "Purpose", "Source", "Permit", "Original permit", "Reporter type", "Quantity basis"];

    public async Task<List<AnnualReportRow>> ForYearAsync(int year, string? party = null, CancellationToken ct = default)
    {
        var p = party ?? actor.PartyCode;
        if (p is null) return [];
        if (actor.PartyCode is not null && actor.PartyCode != p) return [];
        var issued = await db.Permits.AsNoTracking().Include(x => x.Lines)
            .Where(x => x.IssuingCountry == p && x.IssuedAt != null && x.Year == year && x.Status != PermitStatus.Cancelled && x.Type != PermitType.Import)
            .ToListAsync(ct);
        var imported = await db.Permits.AsNoTracking().Include(x => x.Lines).Where(x => x.ImportingCountry == p && x.Status == PermitStatus.Used).ToListAsync(ct);
        var rows = issued.SelectMany(x => Rows(x, year, "E"))
            .Concat(imported.Where(x => x.TradeDate?.Year == year).SelectMany(x => Rows(x, year, "I")))
            .OrderBy(r => r.ReporterType, StringComparer.Ordinal).ThenBy(r => r.Taxon, StringComparer.Ordinal).ThenBy(r => r.PermitNumber, StringComparer.Ordinal).ToList();
        return rows;
    }

    /// <summary>One row per specimen line; a line customs recorded as not shipped (0) is not reported.</summary>
    private static IEnumerable<AnnualReportRow> Rows(Permit x, int year, string reporter) => x.Lines.Where(l => l.QuantityTraded is not 0).OrderBy(l => l.LineNumber)
        .Select(l => new AnnualReportRow(year, l.Appendix, l.ScientificName, l.Description, l.QuantityTraded ?? l.Quantity, l.Unit, x.ExportingCountry, x.ImportingCountry,
            x.CountryOfOrigin, x.Purpose, l.Source, x.Number, x.OriginalPermitNumber, reporter, l.QuantityTraded is null ? "permit" : "actual"));

    public static string[] Fields(AnnualReportRow r) =>
    [
        r.Year.ToString(CultureInfo.InvariantCulture), r.Appendix, r.Taxon, r.Term, PermitDocument.Num(r.Quantity), r.Unit, r.Exporter, r.Importer,
        r.Origin ?? "", r.Purpose, r.Source, r.PermitNumber, r.OriginalPermitNumber ?? "", r.ReporterType, r.QuantityBasis,
    ];
}
