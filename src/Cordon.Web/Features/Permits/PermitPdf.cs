using System.Globalization;
using Cordon.Application.Documents;
using Cordon.Application.Permits;
using Cordon.Domain.Identity;
using Cordon.Web.Features.Documents;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Permits;

/// <summary>The PDF of a CITES permit or certificate (the fields of Resolution Conf. 12.3), in the reader's language.</summary>
public static class PermitPdf
{
    public static async Task<IResult> DownloadAsync(Guid id, HttpRequest request, PermitsService service, DocumentPdfs pdfs, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (await service.GetAsync(id, ct) is not { } p) return Infrastructure.ProblemResults.NotFound("No such permit.");
        if (p.DocumentId is not { } documentId) return TypedResults.Problem(title: l["This permit is not issued yet: it has no signed document."], statusCode: 409);
        var skeleton = await pdfs.SkeletonAsync(request, documentId, p.IssuingCountry, AuthorityKind.ManagementAuthority, "CITES Management Authority", ct);
        if (skeleton is null) return Infrastructure.ProblemResults.NotFound("No such permit.");
        return await pdfs.FileAsync(Build(skeleton, p, l), p.Number, ct);
    }

    public static OfficialDocument Build(OfficialDocument skeleton, PermitView p, IStringLocalizer l)
    {
        var inv = CultureInfo.InvariantCulture;
        string Q(decimal v) => v.ToString("0.###", inv);
        var fields = new List<DocumentField>
        {
            new(l["Permit number"], p.Number),
            new(l["Valid"], $"{DocumentPdfs.Date(p.ValidFrom)} – {DocumentPdfs.Date(p.ValidUntil)}"),
            new(l["Exporter"], $"{p.ExporterName}, {p.ExporterAddress} ({p.ExportingCountry})"),
            new(l["Importer"], $"{p.ImporterName}, {p.ImporterAddress} ({p.ImportingCountry})"),
        };
        if (p.CountryOfOrigin is not null) fields.Add(new(l["Country of origin"], p.CountryOfOrigin));
        fields.Add(new(l["Purpose"], $"{p.Purpose.Code} — {l["Purpose." + p.Purpose.Code]}"));
        fields.Add(new(l["Source"], $"{p.Source.Code} — {l["Source." + p.Source.Code]}"));
        if (p.OriginalPermitNumber is not null) fields.Add(new(l["Original permit"], p.OriginalPermitNumber));
        if (p.SpecialConditions is not null) fields.Add(new(l["Special conditions"], p.SpecialConditions));
        fields.Add(new(l["Status"], l["PermitStatus." + p.Status]));
        var rows = p.Lines.Select(x => (IReadOnlyList<string>)[x.Line.ToString(inv), x.ScientificName + (x.CommonName is null ? "" : " (" + x.CommonName + ")"), x.Appendix,
            x.Source.Code, x.Description, $"{Q(x.Quantity)} {x.Unit}", x.QuantityTraded is { } t ? $"{Q(t)} {x.Unit}" : "", $"{Q(x.RemainingQuantity)} {x.Unit}"]).ToList();
        var table = new DocumentTable(l["Specimens"], [l["Line"], l["Species"], l["Appendix"], l["Source"], l["Description of specimens"], l["Quantity"], l["Quantity traded"], l["Remaining quantity"]], rows);
        var notes = new List<string>();
        if (p.EndorsedAt is not null)
            notes.Add(l["Endorsed at the border on {0}, {1}.", DocumentPdfs.Date(p.TradeDate), p.Port ?? ""]);
        if (p.ReplacesPermitNumber is not null) notes.Add(l["Replaces permit {0}.", p.ReplacesPermitNumber]);
        notes.Add(l["Convention on International Trade in Endangered Species of Wild Fauna and Flora (CITES), Resolution Conf. 12.3."]);
        return skeleton with
        {
            Title = l["CITES permit"] + " — " + l["PermitType." + p.Type], Subtitle = p.Number,
            StatusBanner = p.BorderStatus is "cancelled" or "expired" or "used" ? l["DocumentStatus." + char.ToUpperInvariant(p.BorderStatus[0]) + p.BorderStatus[1..]].Value.ToUpper(CultureInfo.CurrentCulture) : null,
            Fields = fields, Lines = table, Notes = notes,
        };
    }
}
