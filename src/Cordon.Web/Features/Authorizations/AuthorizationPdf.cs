using System.Globalization;
using Cordon.Application.Authorizations;
using Cordon.Application.Documents;
using Cordon.Domain.Authorizations;
using Cordon.Domain.Identity;
using Cordon.Web.Features.Documents;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Authorizations;

/// <summary>The PDF of an import or export authorization (I2ES certificate layout), in the reader's language.</summary>
public static class AuthorizationPdf
{
    public static async Task<IResult> DownloadAsync(Guid id, HttpRequest request, AuthorizationService service, DocumentPdfs pdfs, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (await service.GetAsync(id, ct) is not { } a) return Infrastructure.ProblemResults.NotFound("No such authorization.");
        if (a.DocumentId is not { } documentId)
            return TypedResults.Problem(title: l["This authorization has no signed document: a draft, or a paper authorization recorded for a country outside Cordon."], statusCode: 409);
        var skeleton = await pdfs.SkeletonAsync(request, documentId, a.IssuingCountry, AuthorityKind.Regulator, "Competent national authority", ct);
        if (skeleton is null) return Infrastructure.ProblemResults.NotFound("No such authorization.");
        var lines = a.Kind == AuthorizationKind.Import ? await service.ConsignmentsAsync(a.Id, ct) : [];
        return await pdfs.FileAsync(Build(skeleton, a, lines, l), a.Number, ct);
    }

    public static OfficialDocument Build(OfficialDocument skeleton, AuthorizationView a, IReadOnlyList<AuthorizationSummary> consignments, IStringLocalizer l)
    {
        var inv = CultureInfo.InvariantCulture;
        string G(decimal v) => v.ToString("#,0.######", inv);
        string Party(string code, string name, string address) => $"{name}, {address} ({code})";
        var fields = new List<DocumentField>
        {
            new(l["Number"], a.Number),
            new(l["Issue date"], DocumentPdfs.Date(a.IssueDate)),
            new(l["Valid until"], DocumentPdfs.Date(a.ValidUntil)),
            new(l["Importer"], Party(a.ImportingCountry, a.ImporterName, a.ImporterAddress)),
            new(l["Exporter"], Party(a.ExportingCountry, a.ExporterName, a.ExporterAddress)),
            new(l["Importing country"], a.ImportingCountry),
            new(l["Exporting country"], a.ExportingCountry),
            new(l["Substance"], $"{a.SubstanceName} ({a.SubstanceCode})"),
        };
        if (a.Preparation is not null) fields.Add(new(l["Preparation"], a.Preparation));
        if (a.PharmaceuticalForm is not null) fields.Add(new(l["Pharmaceutical form"], a.PharmaceuticalForm));
        fields.Add(new(l["Quantity"], $"{G(a.Quantity)} {a.Unit}"));
        fields.Add(new(l["Pure base (g)"], G(a.PureBaseGrams)));
        if (a.PointOfEntry is not null) fields.Add(new(l["Point of entry"], a.PointOfEntry));
        if (a.Purpose is not null) fields.Add(new(l["Purpose"], a.Purpose));
        if (a.Kind == AuthorizationKind.Import) fields.Add(new(l["Several consignments"], a.SeveralConsignments ? l["Yes"] : l["No"]));
        if (a.ImportNumber is not null)
            fields.Add(new(l["Import authorization"], $"{a.ImportNumber}, {DocumentPdfs.Date(a.ImportDate)}, {a.ImportAuthority}"));
        if (a.SpecialImportLicence is not null) fields.Add(new(l["Special import licence"], a.SpecialImportLicence));
        fields.Add(new(l["Status"], l["AuthorizationStatus." + a.Status]));
        if (a.QuantityImported is { } imported)
            fields.Add(new(l["Endorsement"], $"{G(imported)} {a.Unit}, {DocumentPdfs.Date(a.ImportedOn)}{(a.EndorsementRemarks is null ? "" : ", " + a.EndorsementRemarks)}"));
        DocumentTable? table = consignments.Count == 0 ? null : new DocumentTable(l["Export authorizations issued against it"],
            [l["Number"], l["Issue date"], l["Pure base (g)"], l["Status"]],
            consignments.Select(c => (IReadOnlyList<string>)[c.Number, DocumentPdfs.Date(c.IssueDate), G(c.PureBaseGrams), l["AuthorizationStatus." + c.Status]]).ToList());
        var notes = new List<string>();
        if (a.Kind == AuthorizationKind.Import && a.RemainingGrams is { } remaining) notes.Add(l["Remaining balance: {0} g of anhydrous base.", G(remaining)]);
        notes.Add(l["Quantities of pure substance are in grams of anhydrous base. 1961 Convention, article 31; 1971 Convention, article 12."]);
        return skeleton with
        {
            Title = l["AuthorizationKind." + a.Kind], Subtitle = a.Number,
            StatusBanner = a.Status is AuthorizationStatus.Cancelled or AuthorizationStatus.Expired ? l["AuthorizationStatus." + a.Status].Value.ToUpper(CultureInfo.CurrentCulture) : null,
            Fields = fields, Lines = table, Notes = notes,
        };
    }
}
