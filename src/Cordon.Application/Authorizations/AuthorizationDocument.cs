using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cordon.Application.Data;
using Cordon.Application.Documents;
using Cordon.Domain.Authorizations;
using Cordon.Domain.Documents;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Authorizations;

/// <summary>The signed content of an authorization: the fields of the I2ES certificate, as canonical JSON.</summary>
public static class AuthorizationDocument
{
    public static string Payload(Authorization a, string substanceName) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["documentType"] = a.Kind switch { AuthorizationKind.Import => "Import authorization", AuthorizationKind.Export => "Export authorization", _ => "Export declaration" },
        ["authorizationId"] = a.Id.ToString("D", CultureInfo.InvariantCulture), ["version"] = a.Version, ["number"] = a.Number,
        ["issuingCountry"] = a.IssuingCountry, ["importingCountry"] = a.ImportingCountry, ["exportingCountry"] = a.ExportingCountry,
        ["issueDate"] = Date(a.IssueDate), ["validUntil"] = Date(a.ValidUntil),
        ["importer"] = a.ImporterName + ", " + a.ImporterAddress, ["exporter"] = a.ExporterName + ", " + a.ExporterAddress,
        ["substance"] = a.SubstanceCode, ["substanceName"] = substanceName, ["preparation"] = a.Preparation, ["pharmaceuticalForm"] = a.PharmaceuticalForm,
        ["quantity"] = Num(a.Quantity), ["unit"] = a.Unit, ["pureBaseGrams"] = Num(a.PureBaseGrams),
        ["pointOfEntry"] = a.PointOfEntry, ["purpose"] = a.Purpose, ["severalConsignments"] = a.SeveralConsignments,
        ["importAuthorization"] = a.ImportNumber is null ? null : new Dictionary<string, object?> { ["number"] = a.ImportNumber, ["date"] = a.ImportDate is { } d ? Date(d) : null, ["authority"] = a.ImportAuthority },
        ["specialImportLicence"] = a.SpecialImportLicence,
        ["issuedAt"] = a.IssuedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    });

    /// <summary>The authorization a signed payload belongs to (also for superseded versions).</summary>
    public static Guid? AuthorizationIdOf(string payload)
    {
        try { return JsonNode.Parse(payload)?["authorizationId"]?.GetValue<string>() is { } s && Guid.TryParse(s, out var id) ? id : null; }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException) { return null; }
    }

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A quantity without trailing zeros, whatever the provider's scale.</summary>
    public static string Num(decimal d) => d.ToString("0.######", CultureInfo.InvariantCulture);

    public static DocumentStatus StatusOf(Authorization a, DateOnly today) => AuthorizationLifecycle.Effective(a.Status, a.ValidUntil, today) switch
    {
        AuthorizationStatus.Issued or AuthorizationStatus.Transmitted or AuthorizationStatus.Amended => DocumentStatus.Valid,
        AuthorizationStatus.Used or AuthorizationStatus.Endorsed => DocumentStatus.Used,
        AuthorizationStatus.Expired => DocumentStatus.Expired,
        AuthorizationStatus.Cancelled => DocumentStatus.Cancelled,
        _ => DocumentStatus.Unknown,
    };
}

/// <summary>
/// What the public verification page shows of an authorization: what a customs officer needs (no addresses). A document of an
/// earlier version (before an amendment) is reported as superseded, whatever the authorization's status.
/// </summary>
public sealed class AuthorizationDocumentStatus(CordonDbContext db, TimeProvider clock) : IDocumentStatusSource
{
    public string Kind => AuthorizationService.DocumentKind;

    public async Task<DocumentFacts?> FactsAsync(Guid documentId, CancellationToken ct)
    {
        var a = await db.Authorizations.AsNoTracking().FirstOrDefaultAsync(x => x.DocumentId == documentId, ct);
        var superseded = false;
        if (a is null)
        {
            var payload = await db.SignedDocuments.AsNoTracking().Where(d => d.Id == documentId).Select(d => d.Payload).FirstOrDefaultAsync(ct);
            if (payload is null || AuthorizationDocument.AuthorizationIdOf(payload) is not { } id) return null;
            a = await db.Authorizations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (a is null) return null;
            superseded = true;
        }
        var status = AuthorizationDocument.StatusOf(a, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (superseded && status != DocumentStatus.Cancelled) status = DocumentStatus.Superseded;
        return new DocumentFacts(status,
        [
            new("Authorization number", a.Number), new("Type", a.Kind.ToString()), new("Issuing authority", a.IssuingCountry),
            new("Importing country", a.ImportingCountry), new("Exporting country", a.ExportingCountry), new("Substance", a.SubstanceCode),
            new("Quantity", AuthorizationDocument.Num(a.Quantity) + " " + a.Unit), new("Pure base (g)", AuthorizationDocument.Num(a.PureBaseGrams)),
            new("Valid until", AuthorizationDocument.Date(a.ValidUntil)),
        ]);
    }
}
