using Cordon.Application.PreExport;
using Cordon.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.PreExport;

/// <summary>The charts of the statistics page (the shared SVG and PNG renderers draw them).</summary>
public static class PreExportCharts
{
    public const int Years = 10;

    public static readonly string[] Names = ["notifications", "response"];

    public static SvgChart.Chart? Spec(string name, IReadOnlyList<YearTrend> trend, IStringLocalizer l) => name switch
    {
        "notifications" => new(l["Pre-export notifications per year"], l["Notifications"],
        [
            new(l["Sent"], trend.Select(t => (t.Year, (double?)t.Sent)).ToList()),
            new(l["Answered"], trend.Select(t => (t.Year, (double?)t.Answered)).ToList()),
            new(l["Objections"], trend.Select(t => (t.Year, (double?)t.Objections)).ToList()),
            new(l["No reply by deadline"], trend.Select(t => (t.Year, (double?)t.NoReplyByDeadline)).ToList()),
        ]),
        "response" => new(l["Average response time (hours)"], l["Hours"],
        [
            new(l["Average response time (hours)"], trend.Select(t => (t.Year, t.AverageResponseHours)).ToList()),
        ]),
        _ => null,
    };
}
