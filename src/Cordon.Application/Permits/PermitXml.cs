using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Cordon.Domain.Documents;
using Cordon.Domain.Permits;

namespace Cordon.Application.Permits;

/// <summary>
/// A simplified UN/CEFACT-style eCITES permit message (namespace urn:cordon:ecites:1): the Resolution Conf. 12.3 fields,
/// and, for issued permits, the signature block (document id, authority, key fingerprint, public key, canonical payload, signature).
/// Read with DTD processing prohibited and no resolver: no external entities, no entity expansion.
/// </summary>
public static class PermitXml
{
    public static readonly XNamespace Ns = "urn:cordon:ecites:1";

    public static string Write(PermitView p, SignedDocument? signature)
    {
        var inv = CultureInfo.InvariantCulture;
        XElement E(string name, object? value) => new(Ns + name, value ?? "");
        var doc = new XElement(Ns + "CITESPermitMessage",
            new XElement(Ns + "Header", E("MessageType", "eCITES permit"), E("PermitNumber", p.Number), E("PermitType", p.Type), E("Status", p.Status),
                E("IssuingCountry", p.IssuingCountry), E("Version", p.Version.ToString(inv))),
            new XElement(Ns + "Consignment",
                E("ExportingCountry", p.ExportingCountry), E("ImportingCountry", p.ImportingCountry),
                new XElement(Ns + "Exporter", E("Name", p.ExporterName), E("Address", p.ExporterAddress)),
                new XElement(Ns + "Importer", E("Name", p.ImporterName), E("Address", p.ImporterAddress)),
                E("ValidFrom", p.ValidFrom?.ToString("yyyy-MM-dd", inv)), E("ValidUntil", p.ValidUntil?.ToString("yyyy-MM-dd", inv)),
                E("SpecialConditions", p.SpecialConditions), E("OriginalPermitNumber", p.OriginalPermitNumber),
                // One Specimen per line (boxes 7–12); purpose and origin are the permit's, repeated so that a v1 reader of the first Specimen still works.
                p.Lines.Select(l => new XElement(Ns + "Specimen", new XAttribute("line", l.Line.ToString(inv)),
                    E("ScientificName", l.ScientificName), E("CommonName", l.CommonName), E("Appendix", l.Appendix), E("Description", l.Description),
                    E("Quantity", PermitDocument.Num(l.Quantity)), E("Unit", l.Unit), E("PurposeCode", p.Purpose.Code), E("SourceCode", l.Source.Code),
                    E("CountryOfOrigin", p.CountryOfOrigin), E("RemainingQuantity", PermitDocument.Num(l.RemainingQuantity)),
                    l.QuantityTraded is { } t ? E("QuantityTraded", PermitDocument.Num(t)) : null))));
        if (signature is not null)
            doc.Add(new XElement(Ns + "Signature",
                new XAttribute("documentId", signature.DocumentId), new XAttribute("authority", signature.Authority), new XAttribute("keyFingerprint", signature.KeyFingerprint),
                new XAttribute("publicKey", signature.PublicKey), new XAttribute("signedAt", signature.SignedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", inv)),
                E("Payload", signature.Payload), E("Value", signature.Signature)));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), doc).ToString();
    }

    /// <summary>Reads a message safely; null with the reason when it is not one.</summary>
    public static (IssuedPermitInput? Permit, SignedDocument? Signature, string? Error) Read(TextReader text)
    {
        XDocument doc;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 1_000_000 };
            using var reader = XmlReader.Create(text, settings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException e) { return (null, null, "The message is not well-formed XML without DTD: " + e.Message); }
        var root = doc.Root;
        if (root is null || root.Name != Ns + "CITESPermitMessage") return (null, null, "The root element is CITESPermitMessage in namespace urn:cordon:ecites:1.");
        string? V(XElement? parent, string name) => parent?.Element(Ns + name)?.Value is { Length: > 0 } v ? v.Trim() : null;
        var header = root.Element(Ns + "Header");
        var c = root.Element(Ns + "Consignment");
        var specimens = c?.Elements(Ns + "Specimen").ToList() ?? [];
        var s = specimens.FirstOrDefault();
        var inv = CultureInfo.InvariantCulture;
        DateOnly? D(string? v) => DateOnly.TryParseExact(v, "yyyy-MM-dd", inv, DateTimeStyles.None, out var d) ? d : null;
        decimal? Q(string? v) => decimal.TryParse(v, NumberStyles.Number, inv, out var q) ? q : null;
        PermitType? type = Enum.TryParse<PermitType>(V(header, "PermitType"), false, out var t) && Enum.IsDefined(t) ? t : null;
        var input = new PermitApplication(type, V(c, "ExportingCountry"), V(c, "ImportingCountry"),
            V(c?.Element(Ns + "Exporter"), "Name"), V(c?.Element(Ns + "Exporter"), "Address"), V(c?.Element(Ns + "Importer"), "Name"), V(c?.Element(Ns + "Importer"), "Address"),
            V(s, "CountryOfOrigin"), V(s, "PurposeCode"), V(s, "SourceCode"), V(s, "ScientificName"), V(s, "Description"), Q(V(s, "Quantity")), V(s, "Unit"),
            V(c, "OriginalPermitNumber"), V(c, "SpecialConditions"),
            specimens.Select(x => new PermitLineInput(V(x, "ScientificName"), V(x, "Description"), Q(V(x, "Quantity")), V(x, "Unit"), V(x, "SourceCode"))).ToList());
        SignedDocument? received = null;
        if (root.Element(Ns + "Signature") is { } sig && Guid.TryParse((string?)sig.Attribute("documentId"), out var docId)
            && DateTimeOffset.TryParse((string?)sig.Attribute("signedAt"), inv, DateTimeStyles.AssumeUniversal, out var at))
            received = new SignedDocument(docId, PermitsService.DocumentKind, (string?)sig.Attribute("authority") ?? "", (string?)sig.Attribute("keyFingerprint") ?? "",
                (string?)sig.Attribute("publicKey") ?? "", V(sig, "Payload") ?? "", V(sig, "Value") ?? "", at);
        return (new IssuedPermitInput(V(header, "PermitNumber"), D(V(c, "ValidFrom")), D(V(c, "ValidUntil")), input), received, null);
    }
}
