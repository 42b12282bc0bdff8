using Cordon.Application.Documents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Verify;

/// <summary>
/// The public verification page of signed documents (permits, certificates, authorizations): anyone with the QR code
/// sees whether the document is genuine and unaltered, and its current status; only what a border officer needs.
/// </summary>
public sealed class IndexModel(DocumentSigner signer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid? DocumentId { get; set; }

    public VerificationResult? Result { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (DocumentId is { } id) Result = await signer.VerifyAsync(id, ct);
    }

    /// <summary>The signed document (canonical payload, signature, public key) for <c>cordon verify FILE</c>.</summary>
    public async Task<IActionResult> OnGetJsonAsync(CancellationToken ct)
    {
        if (DocumentId is not { } id || await signer.DocumentAsync(id, ct) is not { } doc) return NotFound();
        return new JsonResult(doc);
    }
}
