using Cordon.Application.Authorizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Authorizations;

[Authorize(Policy = AuthorizationPolicies.View)]
public sealed class IndexModel(AuthorizationService service, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Direction { get; set; }

    public IReadOnlyList<AuthorizationSummary> Items { get; private set; } = [];
    public AuthorizationDashboard Dashboard { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Direction is not ("incoming" or "outgoing" or "excess" or "discrepancies" or "pending-endorsement")) Direction = null;
        Items = await service.ListAsync(Direction, 500, ct);
        Dashboard = await service.DashboardAsync(clock.GetUtcNow().Year, ct);
    }
}
