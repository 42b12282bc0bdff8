using Cordon.Application.Monitoring;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Monitoring;

[Authorize(Policy = Policies.SecretariatStaff)]
public sealed class UtilizationModel(UtilizationService utilization, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public GlobalUtilization Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        Report = await utilization.GlobalAsync(Year is >= 2000 and <= 2100 ? Year.Value : clock.GetUtcNow().Year - 1, ct);
}
