using Cordon.Application.Monitoring;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Monitoring;

/// <summary>A Party's profile: availability and consumption against estimates over the years, as charts and tables.</summary>
[Authorize(Policy = MonitoringPolicies.View)]
public sealed class ProfileModel(UtilizationService utilization, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Country { get; set; }

    public CountryProfile Profile { get; private set; } = null!;
    public string AvailabilitySvg { get; private set; } = "";
    public IReadOnlyList<(string Substance, string Svg)> UtilizationSvgs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Country is not { Length: 2 } || await utilization.ProfileAsync(Country, Infrastructure.Languages.Current, ct) is not { } p) return NotFound();
        Profile = p;
        AvailabilitySvg = MonitoringTables.AvailabilityChart(p, l);
        UtilizationSvgs = p.Substances.Select(s => s.Substance).Distinct().Take(12).Select(s => (s, MonitoringTables.UtilizationChart(p, s, l))).ToList();
        return Page();
    }
}
