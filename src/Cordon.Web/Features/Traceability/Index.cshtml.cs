using Cordon.Application.Traceability;
using Cordon.Domain.Traceability;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Traceability;

/// <summary>The Party's chains with state and unread/not-actioned counts (metadata only: content is decrypted on the chain page).</summary>
[Authorize(Policy = TraceabilityPolicies.View)]
public sealed class IndexModel(TraceabilityChains chains) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    public IReadOnlyList<ChainSummary> Items { get; private set; } = [];

    public bool IsParty => User.PartyCode() is not null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        ChainState? s = Enum.TryParse<ChainState>(State, true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        Items = await chains.ListAsync(s, 500, ct);
    }
}
