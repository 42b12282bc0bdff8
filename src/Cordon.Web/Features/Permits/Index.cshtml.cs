using Cordon.Application.Permits;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Permits;

[Authorize(Policy = PermitsPolicies.View)]
public sealed class IndexModel(PermitsService permits) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Direction { get; set; }

    public IReadOnlyList<PermitSummary> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Direction is not ("incoming" or "outgoing")) Direction = null;
        Items = await permits.ListAsync(Direction, null, 500, ct);
    }
}
