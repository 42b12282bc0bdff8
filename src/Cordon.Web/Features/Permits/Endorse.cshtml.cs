using Cordon.Application.Permits;
using Cordon.Domain.Permits;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Permits;

/// <summary>
/// Border validation (EPIX) by the importing Party's customs: the quantity actually traded per line, the date and the port.
/// Only the importing Party's users with Permits.Submit reach it; anyone else gets 404.
/// </summary>
[Authorize(Policy = PermitsPolicies.Submit)]
public sealed class EndorseModel(PermitsService permits, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        /// <summary>Quantity traded, by line number; empty means the line was not shipped.</summary>
        public Dictionary<int, decimal?> Quantities { get; set; } = [];
        public DateOnly? TradeDate { get; set; }
        public string? Port { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public PermitView? Permit { get; private set; }
    public RiskScore? Risk { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Input.TradeDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var lines = Input.Quantities.Where(q => q.Value is not null).Select(q => new LineQuantity(q.Key, q.Value)).ToList();
        var outcome = await permits.EndorseAsync(Id, new EndorsementInput(null, Input.TradeDate, Input.Port, lines.Count == 0 ? [new LineQuantity(1, 0)] : lines), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddOutcome(outcome, l, "The endorsement is not complete or not valid.");
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = l["The shipment was validated; the permit is used."].Value;
        return Redirect(PermitsService.Link(Id));
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Permit = await permits.GetAsync(Id, ct);
        if (Permit is null || Permit.ImportingCountry != User.PartyCode()) { Permit = null; return false; }
        Risk = await permits.RiskAsync(Id, null, ct);
        return true;
    }
}
