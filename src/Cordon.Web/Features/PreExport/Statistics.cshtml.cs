using Cordon.Application.PreExport;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.PreExport;

[Authorize(Policy = PreExportPolicies.View)]
public sealed class StatisticsModel(PreExportStatistics statistics, IStringLocalizer<SharedResource> l, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public PreExportStatisticsReport Report { get; private set; } = null!;
    public UnnotifiedExportsReport Unnotified { get; private set; } = null!;
    public IReadOnlyList<(string Name, string Svg)> Charts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var year = Year is >= 2000 and <= 2100 ? Year.Value : clock.GetUtcNow().Year;
        Report = await statistics.ForYearAsync(year, ct);
        Unnotified = await statistics.UnnotifiedExportsAsync(year, ct);
        var trend = await statistics.TrendAsync(year - PreExportCharts.Years + 1, year, ct);
        Charts = PreExportCharts.Names.Select(n => (n, SvgChart.Render(PreExportCharts.Spec(n, trend, l)!))).ToList();
    }
}
