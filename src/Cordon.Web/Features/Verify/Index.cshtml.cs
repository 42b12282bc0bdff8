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
        if (DocumentId is not { } id || await signer.VerifyStatusAsync(id, ct) is not { } r) return NotFound();
        return new JsonResult(StatusJson(r));
    }

    /// <summary>The JSON status of a verification, the same from this page's handler and from <c>GET /Verify/{id}/status</c>.</summary>
    public static object StatusJson(VerificationResult r) => new
    {
        r.DocumentId, r.Kind, r.Authority, r.Genuine, r.Unaltered, r.KeyRegistered, r.KeyRevoked,
        Status = r.Status.ToString().ToLowerInvariant(), r.SignedAt, r.KeyFingerprint,
    };

    /// <summary>
    /// <c>GET /Verify/{id}/status</c>: the verification status as JSON, anonymous like the page, without the page machinery,
    /// for border systems that check many documents (issue 7 asks for 2,000 verifications a second).
    /// </summary>
    public static void MapStatusEndpoint(IEndpointRouteBuilder app) =>
        app.MapGet("/Verify/{documentId:guid}/status", async Task<IResult> (Guid documentId, DocumentSigner signer, CancellationToken ct) =>
            await signer.VerifyStatusAsync(documentId, ct) is { } r ? TypedResults.Json(StatusJson(r)) : TypedResults.NotFound())
            .AllowAnonymous().WithName("VerifyDocumentStatus").WithTags("Verification")
            .WithSummary("Whether a signed document is genuine and unaltered, its key's state and the document's status (valid, used, expired, cancelled).");

    /// <summary>The public register of the authorities' signing keys (public keys, revocations) for offline checks: <c>cordon verify FILE --keys keys.json</c>.</summary>
    public async Task<IActionResult> OnGetKeysAsync(CancellationToken ct) => new JsonResult(await signer.KeysAsync(ct));
}
