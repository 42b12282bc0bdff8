using Cordon.Web.Infrastructure;
using Cordon.Application.Monitoring;
using Cordon.Domain.Monitoring;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Monitoring;

/// <summary>Every figure the pages show, as tables for CSV and Excel downloads, and the charts of a country profile.</summary>
public static class MonitoringTables
{
    public sealed record Table(string Name, IReadOnlyList<string> Headers, IReadOnlyList<object?[]> Rows);

    public static Table Profile(CountryProfile p) => new($"profile-{p.Country}",
        ["country", "substance", "year", "consumption_g", "estimate_g", "percent_of_estimate", "mark", "sddd_per_million_per_day"],
        p.Substances.Select(s => new object?[] { p.Country, s.Substance, s.Year, s.Consumption, s.Estimate, s.PercentOfEstimate, s.Mark.ToString(), s.SddPerMillionPerDay }).ToList());

    public static Table Availability(CountryProfile p) => new($"availability-{p.Country}",
        ["country", "year", "population", "narcotic_sddd", "narcotic_mark", "psychotropic_sddd", "psychotropic_mark"],
        p.Availability.Select(a => new object?[] { p.Country, a.Year, a.Population, a.NarcoticSdd, a.NarcoticMark.ToString(), a.PsychotropicSdd, a.PsychotropicMark.ToString() }).ToList());

    public static Table Global(GlobalUtilization g) => new($"utilization-{g.Year}",
        ["country", "year", "population", "narcotic_sddd", "narcotic_mark", "psychotropic_sddd", "psychotropic_mark"],
        g.Rows.Select(r => new object?[] { r.Country, g.Year, r.Population, r.NarcoticSdd, r.NarcoticMark.ToString(), r.PsychotropicSdd, r.PsychotropicMark.ToString() }).ToList());

    public static Table CrossCheck(CrossCheckReport r) => new($"crosschecks-{r.Year}",
        ["kind", "importer", "exporter", "substance", "year", "quarter", "imports_reported_g", "exports_reported_g", "covered_g", "difference_g", "key"],
        r.Discrepancies.Select(d => new object?[] { d.Kind.ToString(), d.Importer, d.Exporter, d.Substance, d.Year, d.Quarter, d.ImportsReported, d.ExportsReported, d.Covered, d.Difference, d.Key }).ToList());

    public static Table Findings(int year, IReadOnlyList<TradeFinding> findings) => new($"findings-{year}",
        ["kind", "country", "partner", "substance", "year", "explanation", "key"],
        findings.Select(f => new object?[] { f.Kind.ToString(), f.Country, f.Partner, f.Substance, f.Year, f.Explanation, f.Key }).ToList());

    public static Table Reporting(ReportingStatus s) => new($"reporting-{s.Year}",
        ["country", "form", "year", "quarter", "deadline", "state", "submitted_at"],
        s.Parties.SelectMany(p => p.Cells.Select(c => new object?[] { p.CountryCode, c.Form.ToString(), s.Year, c.Quarter, c.Deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            c.State.ToString(), c.SubmittedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) })).ToList());

    public static Task<IResult> DownloadAsync(Table t, string format, CancellationToken ct) => TabularHttp.FileAsync(format, t.Name, t.Headers, t.Rows, ct);

    /// <summary>S-DDD per million inhabitants per day of narcotic drugs and psychotropic substances, with the lower limit of the range.</summary>
    public static string AvailabilityChart(CountryProfile p, IStringLocalizer l) => SvgChart.Render(AvailabilitySpec(p, l));

    public static SvgChart.Chart AvailabilitySpec(CountryProfile p, IStringLocalizer l) => new(
        l["Availability (S-DDD per million inhabitants per day): {0}", p.Country], l["S-DDD"],
        [
            new(l["Narcotic drugs"], p.Availability.Select(a => (a.Year, a.NarcoticSdd)).ToList()),
            new(l["Psychotropic substances"], p.Availability.Select(a => (a.Year, a.PsychotropicSdd)).ToList()),
        ],
        [(p.Ranges.SddUnderBelow, l["Under-utilization below"].Value)]);

    /// <summary>Consumption against the estimate of one substance over the years, in kilograms.</summary>
    public static string UtilizationChart(CountryProfile p, string substance, IStringLocalizer l) => SvgChart.Render(UtilizationSpec(p, substance, l));

    public static SvgChart.Chart UtilizationSpec(CountryProfile p, string substance, IStringLocalizer l)
    {
        var rows = p.Substances.Where(s => s.Substance == substance).ToList();
        return new(l["Consumption and estimate of {0}: {1} (kg)", substance, p.Country], "kg",
        [
            new(l["Consumption"], rows.Select(r => (r.Year, (double?)(r.Consumption / 1000))).ToList()),
            new(l["Estimate"], rows.Select(r => (r.Year, r.Estimate / 1000)).ToList()),
        ]);
    }
}
