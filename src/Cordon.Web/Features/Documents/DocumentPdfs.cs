using System.Globalization;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Documents;
using Cordon.Domain.Identity;
using Cordon.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace Cordon.Web.Features.Documents;

public static class DocumentsSetup
{
    /// <summary>The shared signed-documents mechanism: signer, PDF rendering. Called by the modules that sign documents.</summary>
    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        services.AddScoped<DocumentSigner>();
        services.AddScoped<DocumentPdfs>();
        return services;
    }
}

/// <summary>
/// Turns a module's signed document into its PDF in the reader's language: the header (Party and authority), the QR code to
/// /Verify/{documentId} and the signature's details, laid out by <see cref="OfficialDocumentPdf"/> and signed by
/// <see cref="DocumentSigner.SignPdfAsync"/> with the key that signed the document.
/// </summary>
public sealed class DocumentPdfs(CordonDbContext db, DocumentSigner signer, IStringLocalizer<SharedResource> l, IConfiguration configuration)
{
    /// <summary>The QR code's modules (true = dark), quiet zone included.</summary>
    public static bool[][] QrModules(string url)
    {
        using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return data.ModuleMatrix.Select(row => Enumerable.Range(0, row.Length).Select(i => row[i]).ToArray()).ToArray();
    }

    public static string VerifyUrl(HttpRequest request, Guid documentId) => $"{request.Scheme}://{request.Host}/Verify/{documentId}";

    /// <summary>"Austria (AT)" in the reader's language, and the name of the Party's authority of the preferred kind (else the generic label).</summary>
    public async Task<(string Party, string Authority)> HeaderAsync(string partyCode, AuthorityKind preferred, string genericAuthority, CancellationToken ct)
    {
        var country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Alpha2 == partyCode, ct);
        var party = country is null ? partyCode : $"{country.NameIn(Languages.Current)} ({partyCode})";
        var authorities = await db.Authorities.AsNoTracking().Where(a => a.PartyCode == partyCode).ToListAsync(ct);
        var authority = authorities.Where(a => a.Kind == preferred).OrderBy(a => a.CreatedAt).FirstOrDefault()?.Name ?? l[genericAuthority].Value;
        return (party, authority);
    }

    /// <summary>The document's common parts (language, QR, signature details) for a module to complete with its title and fields.</summary>
    public async Task<OfficialDocument?> SkeletonAsync(HttpRequest request, Guid documentId, string partyCode, AuthorityKind preferred, string genericAuthority, CancellationToken ct)
    {
        if (await signer.DocumentAsync(documentId, ct) is not { } signed) return null;
        var (party, authority) = await HeaderAsync(partyCode, preferred, genericAuthority, ct);
        var url = VerifyUrl(request, documentId);
        return new OfficialDocument
        {
            DocumentId = documentId, Kind = signed.Kind, AuthorityCode = signed.Authority, Language = Languages.Current,
            Party = party, Authority = authority, Title = "",
            VerifyLabel = l["Verify this document (scan the QR code or open):"], VerifyUrl = url, QrModules = QrModules(url),
            SignatureTitle = l["Digital signature"],
            SignatureDetails =
            [
                new(l["Signed by"], $"{authority} ({signed.Authority})"),
                new(l["Signed (UTC)"], Iso.DateTime(signed.SignedAt)),
                new(l["Key fingerprint (SHA-256)"], signed.KeyFingerprint),
                new(l["Method"], l["ECDSA P-256 with SHA-256: PDF signature of this file and signature of the document's data. Check offline with: cordon verify FILE.pdf"]),
            ],
            PageFormat = l["Page {0} of {1}"],
        };
    }

    /// <summary>Lays out and signs the PDF; a problem (404/409) when the document cannot be signed.</summary>
    public async Task<IResult> FileAsync(OfficialDocument document, string fileName, CancellationToken ct)
    {
        PdfSetup.CommercialLicence ??= configuration["Documents:PdfSharpLicence"];
        PdfSetup.FontDirectory ??= configuration["Documents:FontDirectory"];
        var pdf = OfficialDocumentPdf.Render(document);
        var outcome = await signer.SignPdfAsync(document.DocumentId, pdf, document.Title + " " + document.Subtitle, ct);
        if (!outcome.Succeeded) return ProblemResults.From(outcome);
        return TypedResults.File(outcome.Value!, "application/pdf", SafeName(fileName) + ".pdf");
    }

    /// <summary>A file name from a document number: letters, digits, dash, dot and underscore only.</summary>
    public static string SafeName(string number)
    {
        var s = new string(number.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '-').ToArray()).Trim('.');
        return s.Length == 0 ? "document" : s.Length > 80 ? s[..80] : s;
    }

    public static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
