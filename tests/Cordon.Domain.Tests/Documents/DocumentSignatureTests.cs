using System.Security.Cryptography;
using Cordon.Domain.Documents;

namespace Cordon.Domain.Tests.Documents;

public class DocumentSignatureTests
{
    private const string Doc = """{"number":"AT-26-E-000001","quantity":"20","species":"Python regius","nested":{"b":1,"a":[2,1]}}""";

    [Fact]
    public void Canonical_form_sorts_members_and_drops_whitespace()
    {
        Assert.Equal("""{"a":1,"b":{"c":[2,1],"d":"é"}}""", DocumentSignature.Canonical("""{ "b": { "d": "é", "c": [2, 1] }, "a": 1 }"""));
    }

    [Fact]
    public void A_signature_verifies_and_survives_reformatting()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signature = DocumentSignature.Sign(key, Doc);
        var spki = key.ExportSubjectPublicKeyInfo();
        Assert.True(DocumentSignature.Verify(spki, Doc, signature));
        Assert.True(DocumentSignature.Verify(spki, """{ "species":"Python regius", "quantity":"20", "number":"AT-26-E-000001", "nested":{"a":[2,1],"b":1} }""", signature));
        Assert.Equal(86, signature.Length);
        Assert.DoesNotContain('=', signature);
    }

    [Fact]
    public void A_tampered_document_or_signature_or_other_key_is_rejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signature = DocumentSignature.Sign(key, Doc);
        var spki = key.ExportSubjectPublicKeyInfo();
        Assert.False(DocumentSignature.Verify(spki, Doc.Replace("\"20\"", "\"200\"", StringComparison.Ordinal), signature));
        Assert.False(DocumentSignature.Verify(other.ExportSubjectPublicKeyInfo(), Doc, signature));
        var bytes = Base64Url.Decode(signature)!;
        bytes[10] ^= 1;
        Assert.False(DocumentSignature.Verify(spki, Doc, Base64Url.Encode(bytes)));
        Assert.False(DocumentSignature.Verify(spki, "not json", signature));
        Assert.False(DocumentSignature.Verify(spki, Doc, "%%%"));
        Assert.False(DocumentSignature.Verify([1, 2, 3], Doc, signature));
    }

    [Fact]
    public void A_signed_document_checks_its_embedded_key_against_its_fingerprint()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = key.ExportSubjectPublicKeyInfo();
        var doc = new SignedDocument(Guid.NewGuid(), "cites-permit", "AT", DocumentSignature.Fingerprint(spki), Base64Url.Encode(spki),
            DocumentSignature.Canonical(Doc), DocumentSignature.Sign(key, Doc), DateTimeOffset.UnixEpoch);
        Assert.True(doc.IsIntact());
        Assert.False((doc with { Payload = doc.Payload.Replace("Python", "Morelia", StringComparison.Ordinal) }).IsIntact());
        // A forger's key embedded with the original fingerprint is refused.
        var forged = doc with { PublicKey = Base64Url.Encode(other.ExportSubjectPublicKeyInfo()), Signature = DocumentSignature.Sign(other, Doc) };
        Assert.False(forged.IsIntact());
        Assert.Equal(64, doc.KeyFingerprint.Length);
    }
}
