using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Cordon.Domain.Documents;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Signatures;

namespace Cordon.Application.Documents;

/// <summary>The result of checking a signed PDF: intact or why not, and who signed it.</summary>
public sealed record PdfSignatureCheck(bool Intact, string? Problem, string? KeyFingerprint, string? PublicKey, string? SignerName,
    Guid? DocumentId, string? Kind, string? Authority, DateTimeOffset? SignedAt)
{
    public static PdfSignatureCheck Altered(string problem) => new(false, problem, null, null, null, null, null, null, null);
}

/// <summary>
/// Signs Cordon's PDFs with the authority's ECDSA P-256 document key (ADR 16): a CMS (PKCS#7 detached, adbe.pkcs7.detached)
/// signature over the whole file except the signature itself, as PDF readers check it, carried by an X.509 certificate that
/// the key issues to itself (PDF signatures need a certificate; the trust comes from Cordon's key register, not from a CA).
/// The verifier is strict so that any one changed byte is refused: one signature covering the whole file, the signature's
/// hexadecimal in the case PDFsharp writes, nothing but zeros after the CMS, and the CMS structure exactly as Cordon writes it.
/// </summary>
public static class PdfDocumentSignature
{
    private const string Sha256 = "2.16.840.1.101.3.4.2.1";
    private const string EcdsaSha256 = "1.2.840.10045.4.3.2";
    private const string EcPublicKey = "1.2.840.10045.2.1";
    private const string SignedDataOid = "1.2.840.113549.1.7.2";
    private const string DataOid = "1.2.840.113549.1.7.1";
    private static readonly Regex ByteRange = new(@"/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));

    /// <summary>
    /// The certificate the authority's key issues to itself: the same for every document of that key (serial and validity
    /// derived from the key), so a reader sees one signer per authority key.
    /// </summary>
    public static X509Certificate2 Certificate(ECDsa key, string authority, DateTimeOffset keyCreatedAt)
    {
        ArgumentNullException.ThrowIfNull(key);
        var spki = key.ExportSubjectPublicKeyInfo();
        var name = new X500DistinguishedNameBuilder();
        if (authority.Length == 2 && authority.All(char.IsAsciiLetterUpper)) name.AddCountryOrRegion(authority);
        name.AddOrganizationName("Cordon");
        name.AddCommonName(authority + " document signing key " + DocumentSignature.Fingerprint(spki)[..16]);
        var dn = name.Build();
        var request = new CertificateRequest(dn, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var serial = SHA256.HashData(spki)[..16];
        serial[0] &= 0x7f;
        var from = keyCreatedAt.UtcDateTime.AddDays(-1);
        using var cert = request.Create(dn, X509SignatureGenerator.CreateForECDsa(key), from, from.AddYears(20), serial);
        return cert.CopyWithPrivateKey(key);
    }

    /// <summary>Signs the laid-out document and returns the PDF's bytes. The signature is invisible on the page: the layout prints its details.</summary>
    public static async Task<byte[]> SignAsync(PdfDocument pdf, ECDsa key, string authority, DateTimeOffset keyCreatedAt, string reason, string location, DateTimeOffset signedAt)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        using var cert = Certificate(key, authority, keyCreatedAt);
        DigitalSignatureHandler.ForDocument(pdf, new CmsSigner(cert, signedAt), new DigitalSignatureOptions
        {
            Reason = reason, Location = location, ContactInfo = authority, AppName = "Cordon", PageIndex = pdf.PageCount - 1,
        });
        using var stream = new MemoryStream();
        await pdf.SaveAsync(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// PDFsharp's signer puts the signing time in an unsigned attribute, which nothing protects; this one signs it with the
    /// content's digest (signed attributes contentType, messageDigest, signingTime) and leaves no unsigned attribute.
    /// </summary>
    private sealed class CmsSigner(X509Certificate2 certificate, DateTimeOffset signedAt) : IDigitalSigner
    {
        public string CertificateName => certificate.GetNameInfo(X509NameType.SimpleName, false);

        public Task<int> GetSignatureSizeAsync() => Task.FromResult(Sign([0]).Length + 64);

        public Task<byte[]> GetSignatureAsync(Stream stream)
        {
            // PDFsharp's ranged stream cannot seek (CopyToAsync asks) and is handed over at its end: rewind, read its length by hand.
            stream.Position = 0;
            var content = new byte[stream.Length];
            var offset = 0;
            int read;
            while (offset < content.Length && (read = stream.Read(content, offset, content.Length - offset)) > 0) offset += read;
            if (offset != content.Length) throw new InvalidOperationException($"Read {offset} of {content.Length} bytes to sign.");
            return Task.FromResult(Sign(content));
        }

        private byte[] Sign(byte[] content)
        {
            var cms = new SignedCms(new ContentInfo(content), detached: true);
            var signer = new System.Security.Cryptography.Pkcs.CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate)
            {
                DigestAlgorithm = new Oid(Sha256), IncludeOption = X509IncludeOption.EndCertOnly,
            };
            signer.SignedAttributes.Add(new Pkcs9SigningTime(signedAt.UtcDateTime));
            cms.ComputeSignature(signer, silent: true);
            return cms.Encode();
        }
    }

    /// <summary>Checks a PDF's signature offline against the key in its certificate. Never throws on bad input.</summary>
    public static PdfSignatureCheck Verify(byte[] pdf)
    {
        try { return VerifyCore(pdf); }
        catch (Exception e) when (e is CryptographicException or AsnContentException or FormatException or ArgumentException or InvalidOperationException or OverflowException or RegexMatchTimeoutException)
        {
            return PdfSignatureCheck.Altered("the signature cannot be read (" + e.Message + ")");
        }
    }

    private static PdfSignatureCheck VerifyCore(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        if (pdf.Length < 64 || !pdf.AsSpan(0, 5).SequenceEqual("%PDF-"u8)) return PdfSignatureCheck.Altered("not a PDF");
        var text = Encoding.Latin1.GetString(pdf);
        var ranges = ByteRange.Matches(text);
        if (text.Split("/ByteRange").Length != 2 || ranges.Count != 1) return PdfSignatureCheck.Altered("not exactly one signature");
        var m = ranges[0];
        long a = long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), b = long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        long c = long.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), d = long.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
        // One signature over the whole file except its own value: nothing appended, nothing else left out.
        if (a != 0 || b <= 0 || c <= b + 2 || c + d != pdf.Length || pdf[b] != (byte)'<' || pdf[c - 1] != (byte)'>')
            return PdfSignatureCheck.Altered("the signature does not cover the whole file");
        var hex = pdf.AsSpan((int)b + 1, (int)(c - b - 2));
        if (hex.Length % 2 != 0) return PdfSignatureCheck.Altered("the signature value is malformed");
        foreach (var h in hex)
            if (h is not ((>= (byte)'0' and <= (byte)'9') or (>= (byte)'A' and <= (byte)'F'))) return PdfSignatureCheck.Altered("the signature value is malformed");
        var value = Convert.FromHexString(Encoding.ASCII.GetString(hex));
        AsnDecoder.ReadEncodedValue(value, AsnEncodingRules.DER, out _, out _, out var length);
        for (var i = length; i < value.Length; i++)
            if (value[i] != 0) return PdfSignatureCheck.Altered("the signature value is malformed");
        var cmsBytes = value.AsSpan(0, length).ToArray();

        var certificate = CheckStructure(cmsBytes);
        if (certificate is null) return PdfSignatureCheck.Altered("the signature is not one Cordon writes");
        var signed = new byte[b + d];
        pdf.AsSpan(0, (int)b).CopyTo(signed);
        pdf.AsSpan((int)c, (int)d).CopyTo(signed.AsSpan((int)b));
        var cms = new SignedCms(new ContentInfo(signed), detached: true);
        cms.Decode(cmsBytes);
        if (cms.SignerInfos.Count != 1) return PdfSignatureCheck.Altered("not exactly one signer");
        var signer = cms.SignerInfos[0];
        try { signer.CheckSignature(verifySignatureOnly: true); }
        catch (CryptographicException) { return PdfSignatureCheck.Altered("the signature does not match the file"); }
        using var cert = X509CertificateLoader.LoadCertificate(certificate);
        if (signer.Certificate is null || !signer.Certificate.RawData.AsSpan().SequenceEqual(certificate)) return PdfSignatureCheck.Altered("the signer's certificate is not the embedded one");
        using var ec = cert.GetECDsaPublicKey();
        if (ec is null || ec.KeySize != 256) return PdfSignatureCheck.Altered("the key is not ECDSA P-256");
        var spki = ec.ExportSubjectPublicKeyInfo();
        DateTimeOffset? signedAt = null;
        foreach (var attr in signer.SignedAttributes)
            if (attr.Oid.Value == "1.2.840.113549.1.9.5" && attr.Values.Count == 1) signedAt = new Pkcs9SigningTime(attr.Values[0].RawData).SigningTime;
        return new PdfSignatureCheck(true, null, DocumentSignature.Fingerprint(spki), Base64Url.Encode(spki), cert.GetNameInfo(X509NameType.SimpleName, false),
            Guid.TryParse(InfoString(text, "CordonDocumentId"), out var id) ? id : null, InfoString(text, "CordonKind"), InfoString(text, "CordonAuthority"), signedAt);
    }

    /// <summary>
    /// Reads the CMS strictly (DER) and checks every part that no signature covers has exactly the value Cordon writes: SignedData
    /// version 1, SHA-256, detached data, one certificate that verifies with its own key, no CRLs, one SignerInfo with signed
    /// attributes, no unsigned attributes. Returns the certificate's bytes, or null.
    /// </summary>
    private static byte[]? CheckStructure(byte[] cms)
    {
        var outer = new AsnReader(cms, AsnEncodingRules.DER);
        var contentInfo = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        if (contentInfo.ReadObjectIdentifier() != SignedDataOid) return null;
        var explicit0 = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
        contentInfo.ThrowIfNotEmpty();
        var signedData = explicit0.ReadSequence();
        explicit0.ThrowIfNotEmpty();
        if (!signedData.TryReadInt32(out var version) || version != 1) return null;
        var digests = signedData.ReadSetOf();
        if (!IsAlgorithm(digests, Sha256, allowNull: true)) return null;
        digests.ThrowIfNotEmpty();
        var encap = signedData.ReadSequence();
        if (encap.ReadObjectIdentifier() != DataOid) return null;
        encap.ThrowIfNotEmpty();
        var certs = signedData.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, true));
        var certificate = certs.ReadEncodedValue().ToArray();
        certs.ThrowIfNotEmpty();
        if (!IsSelfSigned(certificate)) return null;
        var signerInfos = signedData.ReadSetOf();
        signedData.ThrowIfNotEmpty();
        var si = signerInfos.ReadSequence();
        signerInfos.ThrowIfNotEmpty();
        if (!si.TryReadInt32(out var siVersion) || siVersion != 1) return null;
        si.ReadSequence(); // issuerAndSerialNumber: SignedCms finds the certificate by it, so it must name the embedded one
        if (!IsAlgorithm(si, Sha256, allowNull: true)) return null;
        si.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, true)); // signed attributes (digest, signing time): covered by the signature
        var algorithm = si.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        if (oid is not (EcdsaSha256 or EcPublicKey) || algorithm.HasData) return null;
        si.ReadOctetString();
        si.ThrowIfNotEmpty(); // no unsigned attributes
        return certificate;
    }

    private static bool IsAlgorithm(AsnReader reader, string oid, bool allowNull)
    {
        var alg = reader.ReadSequence();
        if (alg.ReadObjectIdentifier() != oid) return false;
        if (alg.HasData && allowNull) alg.ReadNull();
        return !alg.HasData;
    }

    /// <summary>The certificate's own signature (ecdsa-with-SHA256, by the key it certifies) is valid, so no byte of it can change.</summary>
    private static bool IsSelfSigned(byte[] certificate)
    {
        var reader = new AsnReader(certificate, AsnEncodingRules.DER);
        var cert = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var tbs = cert.ReadEncodedValue();
        var alg = cert.ReadSequence();
        if (alg.ReadObjectIdentifier() != EcdsaSha256 || alg.HasData) return false;
        var signature = cert.ReadBitString(out var unused);
        cert.ThrowIfNotEmpty();
        if (unused != 0) return false;
        using var x509 = X509CertificateLoader.LoadCertificate(certificate);
        using var key = x509.GetECDsaPublicKey();
        return key is not null && x509.SubjectName.RawData.AsSpan().SequenceEqual(x509.IssuerName.RawData)
               && key.VerifyData(tbs.Span, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>A literal string of the document information dictionary, e.g. /CordonKind(cites-permit); null unless exactly one.</summary>
    private static string? InfoString(string text, string key)
    {
        var matches = Regex.Matches(text, "/" + key + @"\(([A-Za-z0-9\-_.]{1,100})\)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        return matches.Count == 1 ? matches[0].Groups[1].Value : null;
    }
}
