using Cordon.Application.Authorizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Authorizations;

/// <summary>The confirmed figures in force of every Party, as INCB publishes them (ADR 0024): readable by every user of the module.</summary>
[Authorize(Policy = AuthorizationPolicies.View)]
public sealed class EstimatesPublishedModel(EstimateRegister register, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public int ShownYear { get; private set; }
    public IReadOnlyList<PublishedEstimate> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ShownYear = Year is >= 2000 and <= 2100 ? Year.Value : clock.GetUtcNow().Year;
        Rows = await register.PublishedAsync(ShownYear, ct);
    }
}
