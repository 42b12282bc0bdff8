using Cordon.Application.Monitoring;
using Cordon.Domain.Monitoring;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Monitoring;

[Authorize(Policy = Policies.SecretariatStaff)]
public sealed class FindingsModel(TradePatternService patterns, MonitoringThreads threads, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public string? Key { get; set; }
    [BindProperty] public string? Message { get; set; }

    public IReadOnlyList<TradeFinding> Findings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAlertAsync(CancellationToken ct)
    {
        var o = await threads.OpenAlertAsync(new OpenThreadInput(Key, Year, Message), ct);
        if (o.Succeeded) return Redirect($"/Monitoring/Thread/{o.Value!.Id}");
        ModelState.AddModelError("", l[o.Message ?? "The request is not valid."]);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Year = Year is >= 2000 and <= 2100 ? Year : clock.GetUtcNow().Year - 1;
        Findings = await patterns.FindAsync(Year!.Value, null, ct);
    }
}
