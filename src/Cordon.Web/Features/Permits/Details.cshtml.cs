using Cordon.Application.Documents;
using Cordon.Application.Permits;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Cordon.Web.Features.Documents;

namespace Cordon.Web.Features.Permits;

[Authorize(Policy = PermitsPolicies.View)]
public sealed class DetailsModel(PermitsService permits, DocumentSigner signer) : PageModel
{
    public PermitView? Permit { get; private set; }
    public string? QrSvg { get; private set; }
    public string? Signature { get; private set; }
    public List<(DateTimeOffset At, string Action, string? Who, string? Details)> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Permit = await permits.GetAsync(id, ct);
        if (Permit is null) return NotFound();
        History = await permits.HistoryAsync(id, ct);
        if (Permit.DocumentId is { } doc && await signer.DocumentAsync(doc, ct) is { } signed)
        {
            Signature = signed.Signature;
            QrSvg = DocumentQr.Svg($"{Request.Scheme}://{Request.Host}/Verify/{doc}");
        }
        return Page();
    }
}
