using Cordon.Application.Authorizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Authorizations;

[Authorize(Policy = AuthorizationPolicies.View)]
public sealed class IndexModel(AuthorizationService service, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Direction { get; set; }

    /// <summary>The Secretariat's choice of Party for the utilization chart (a Party always sees its own).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Party { get; set; }

    public IReadOnlyList<AuthorizationSummary> Items { get; private set; } = [];
    public AuthorizationDashboard Dashboard { get; private set; } = null!;
    public UtilizationChart.Chart? Chart { get; private set; }
    public int Year { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Direction is not ("incoming" or "outgoing" or "excess" or "discrepancies" or "pending-endorsement")) Direction = null;
        Year = clock.GetUtcNow().Year;
        Items = await service.ListAsync(Direction, 500, ct);
        Dashboard = await service.DashboardAsync(Year, ct);
        Chart = await UtilizationChart.RenderAsync(service, Party, Year, l, ct);
    }
}
