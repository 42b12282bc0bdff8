using Cordon.Application.Documents;
using Cordon.Application.Permits;
using Cordon.Domain.Permits;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Cordon.Web.Features.Documents;

namespace Cordon.Web.Features.Permits;

[Authorize(Policy = PermitsPolicies.View)]
public sealed class DetailsModel(PermitsService permits, DocumentSigner signer, IAuthorizationService authorization) : PageModel
{
    public PermitView? Permit { get; private set; }
    public string? QrSvg { get; private set; }
    public string? Signature { get; private set; }
    public List<(DateTimeOffset At, string Action, string? Who, string? Details)> History { get; private set; } = [];
    public List<PermitDelivery> Deliveries { get; private set; } = [];
    /// <summary>The issuing Party's officer with Permits.Approve may process it (advice, decision, issue, cancel).</summary>
    public bool MayProcess { get; private set; }
    /// <summary>The importing Party's customs with Permits.Submit may validate an issued permit.</summary>
    public bool MayEndorse { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Permit = await permits.GetAsync(id, ct);
        if (Permit is null) return NotFound();
        History = await permits.HistoryAsync(id, ct);
        Deliveries = await permits.DeliveriesAsync(id, ct) ?? [];
        var party = User.PartyCode();
        MayProcess = party == Permit.IssuingCountry && Permit.Status is not (PermitStatus.Used or PermitStatus.Cancelled or PermitStatus.Rejected)
            && (await authorization.AuthorizeAsync(User, PermitsPolicies.Approve)).Succeeded;
        MayEndorse = party == Permit.ImportingCountry && Permit.Status == PermitStatus.Issued
            && (await authorization.AuthorizeAsync(User, PermitsPolicies.Submit)).Succeeded;
        if (Permit.DocumentId is { } doc && await signer.DocumentAsync(doc, ct) is { } signed)
        {
            Signature = signed.Signature;
            QrSvg = DocumentQr.Svg($"{Request.Scheme}://{Request.Host}/Verify/{doc}");
        }
        return Page();
    }
}
