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

    /// <summary>
    /// The verification result as JSON (genuine, key registered/revoked, status, fingerprint) for <c>cordon verify FILE.pdf --url</c>,
    /// which compares the fingerprint with the key that signed the PDF.
    /// </summary>
    public async Task<IActionResult> OnGetStatusAsync(CancellationToken ct)
    {
        if (DocumentId is not { } id || await signer.VerifyAsync(id, ct) is not { } r) return NotFound();
        return new JsonResult(new
        {
            r.DocumentId, r.Kind, r.Authority, r.Genuine, r.Unaltered, r.KeyRegistered, r.KeyRevoked,
            Status = r.Status.ToString().ToLowerInvariant(), r.SignedAt, r.KeyFingerprint,
        });
    }

    /// <summary>The public register of the authorities' signing keys (public keys, revocations) for offline checks: <c>cordon verify FILE --keys keys.json</c>.</summary>
    public async Task<IActionResult> OnGetKeysAsync(CancellationToken ct) => new JsonResult(await signer.KeysAsync(ct));
}
