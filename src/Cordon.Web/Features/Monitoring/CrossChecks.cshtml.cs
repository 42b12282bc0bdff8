using Cordon.Application.Common;
using Cordon.Application.Monitoring;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Monitoring;

[Authorize(Policy = Policies.SecretariatStaff)]
public sealed class CrossChecksModel(CrossChecks checks, MonitoringThreads threads, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public int? Quarter { get; set; }
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }
    [BindProperty] public string? Key { get; set; }
    [BindProperty] public string? Message { get; set; }

    public CrossCheckReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostQueryAsync(CancellationToken ct)
    {
        var o = await threads.OpenQueryAsync(new OpenThreadInput(Key, Year, Message), ct);
        if (o.Succeeded) return Redirect($"/Monitoring/Thread/{o.Value!.Id}");
        ModelState.AddModelError("", l[o.Message ?? "The request is not valid."]);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Year = Year is >= 2000 and <= 2100 ? Year : clock.GetUtcNow().Year - 1;
        if (Quarter is not (>= 1 and <= 4)) Quarter = null;
        var country = Country is { Length: 2 } && Cordon.Domain.Reference.Country.IsWellFormedAlpha2(Country.ToUpperInvariant()) ? Country.ToUpperInvariant() : null;
        Report = await checks.RunAsync(Year!.Value, Quarter, country, null, ct);
    }
}
