using Cordon.Application.Authorizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Authorizations;

/// <summary>Every version of one Party's estimates or assessment of one substance, with who and when; 404 for another Party's.</summary>
[Authorize(Policy = AuthorizationPolicies.View)]
public sealed class EstimateHistoryModel(EstimateRegister register) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Party { get; set; }
    [BindProperty(SupportsGet = true)] public string? Substance { get; set; }

    public IReadOnlyList<EstimateView> Versions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await register.HistoryAsync(Party ?? "", Substance ?? "", ct) is not { } versions) return NotFound();
        Versions = versions;
        Party = Party!.Trim().ToUpperInvariant();
        Substance = Substance!.Trim().ToUpperInvariant();
        return Page();
    }
}
