using Cordon.Application.PreExport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.PreExport;

[Authorize(Policy = PreExportPolicies.View)]
public sealed class StatisticsModel(PreExportStatistics statistics, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public PreExportStatisticsReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var year = Year is >= 2000 and <= 2100 ? Year.Value : clock.GetUtcNow().Year;
        Report = await statistics.ForYearAsync(year, ct);
    }
}
