using Cordon.Application.Traceability;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Traceability;

/// <summary>My keys: generated in the browser (page script keys.js); the server receives public keys and the wrapped blob.</summary>
[Authorize(Policy = TraceabilityPolicies.View)]
public sealed class KeysModel : PageModel
{
    public IActionResult OnGet() => User.PartyCode() is null ? NotFound() : Page();
}

/// <summary>The national administrator compares fingerprints and seals the Party key to members (members.js).</summary>
[Authorize(Policy = TraceabilityPolicies.View)]
public sealed class MembersModel : PageModel
{
    public IActionResult OnGet() => User.PartyCode() is not null && User.IsInRole(Cordon.Domain.Identity.CordonRoles.NationalAdministrator) ? Page() : Forbid();
}

/// <summary>Version 2: recognition in the browser and one encrypted request per Party (recognise.js).</summary>
[Authorize(Policy = TraceabilityPolicies.View)]
public sealed class RecogniseModel : PageModel
{
    public string Party { get; private set; } = "";

    public IActionResult OnGet()
    {
        if (User.PartyCode() is not { } party) return NotFound();
        Party = party;
        return Page();
    }
}

/// <summary>One chain: metadata rendered here; the content is decrypted in the browser (chain.js). 404 for other Parties.</summary>
[Authorize(Policy = TraceabilityPolicies.View)]
public sealed class ChainModel(TraceabilityChains chains) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public ChainView? Chain { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Chain = await chains.GetAsync(Id, ct);
        return Chain is null ? NotFound() : Page();
    }
}

/// <summary>Connector transfers waiting for a person of the Party (ADR 26): previews decrypted and approvals signed in the browser (approvals.js).</summary>
[Authorize(Policy = TraceabilityPolicies.Approve)]
public sealed class ApprovalsModel : PageModel
{
    public IActionResult OnGet() => User.PartyCode() is null ? NotFound() : Page();
}
