using System.Globalization;
using Cordon.Application.Authorizations;
using Cordon.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Authorizations;

/// <summary>The Party dashboard's chart: estimate or assessment against authorized imports per substance for the year (shared SVG renderer).</summary>
public static class UtilizationChart
{
    public sealed record Chart(string Party, string Svg);

    /// <summary>Null when the caller may not see the Party's figures (another Party), or names none as the Secretariat.</summary>
    public static async Task<Chart?> RenderAsync(AuthorizationService service, string? party, int year, IStringLocalizer l, CancellationToken ct)
    {
        if (await service.UtilizationAsync(party, year, ct) is not { } u) return null;
        return new Chart(u.Party, Render(u.Rows, u.Party, year, l));
    }

    public static string Render(IReadOnlyList<UtilizationRow> rows, string country, int year, IStringLocalizer l)
    {
        // Kilograms of anhydrous base on one axis: the table beside the chart gives the exact grams.
        static double? Kg(decimal? grams) => grams is { } g ? (double)(g / 1000m) : null;
        return SvgChart.Bars(l["Estimate utilization {0} {1} (kg of anhydrous base)", country, year.ToString(CultureInfo.InvariantCulture)], "kg",
            rows.Select(r => r.SubstanceCode).ToList(),
            [
                new(l["Estimate or assessment"], rows.Select(r => Kg(r.EstimateGrams)).ToList()),
                new(l["Authorized imports"], rows.Select(r => Kg(r.AuthorizedGrams)).ToList()),
            ]);
    }
}
