using Cordon.Application.Monitoring;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Monitoring;

[Authorize(Policy = MonitoringPolicies.View)]
public sealed class ThreadsModel(MonitoringThreads threads) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }

    public IReadOnlyList<ThreadView> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await threads.ListAsync(Status, ct);
}
