using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cordon.Domain.Documents;

/// <summary>
/// Signatures of official documents (permits, certificates, authorizations): ECDSA P-256 with SHA-256, IEEE P1363
/// format (r||s, 64 bytes), over the UTF-8 bytes of the document's canonical JSON, written in base64url.
/// Canonical JSON: object members sorted by ordinal name, no insignificant whitespace, strings escaped minimally.
/// </summary>
public static class DocumentSignature
{
    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The canonical form of a JSON document (throws <see cref="JsonException"/> on malformed JSON).</summary>
    public static string Canonical(string json)
    {
        var node = JsonNode.Parse(json) ?? throw new JsonException("A document is a JSON object.");
        return Canonical(node);
    }

    public static string Canonical(JsonNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Compact)) Write(writer, node);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null: w.WriteNullValue(); break;
            case JsonObject o:
                w.WriteStartObject();
                foreach (var (name, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(name);
                    Write(w, value);
                }
                w.WriteEndObject();
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var item in a) Write(w, item);
                w.WriteEndArray();
                break;
            default: node.WriteTo(w); break;
        }
    }

    /// <summary>Signs the canonical form of <paramref name="json"/>; returns the base64url signature.</summary>
    public static string Sign(ECDsa privateKey, string json)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        var bytes = Encoding.UTF8.GetBytes(Canonical(json));
        return Base64Url.Encode(privateKey.SignData(bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    /// <summary>Whether <paramref name="signature"/> (base64url) is a valid signature of the canonical form of <paramref name="json"/> by the key (SPKI). Never throws on bad input.</summary>
    public static bool Verify(byte[] publicKeySpki, string json, string signature)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(publicKeySpki, out _);
            if (key.KeySize != 256) return false;
            var sig = Base64Url.Decode(signature);
            if (sig is null || sig.Length != 64) return false;
            return key.VerifyData(Encoding.UTF8.GetBytes(Canonical(json)), sig, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A key's fingerprint: SHA-256 of its SPKI, lowercase hex.</summary>
    public static string Fingerprint(byte[] publicKeySpki) => Convert.ToHexStringLower(SHA256.HashData(publicKeySpki));
}

/// <summary>base64url without padding (RFC 4648 §5).</summary>
public static class Base64Url
{
    public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? Decode(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 4096) return null;
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        try { return Convert.FromBase64String(s); }
        catch (FormatException) { return null; }
    }
}

/// <summary>A signed document as downloaded and checked offline: the payload, its signature and the signing key.</summary>
public sealed record SignedDocument(
    Guid DocumentId,
    string Kind,
    string Authority,
    string KeyFingerprint,
    string PublicKey,
    string Payload,
    string Signature,
    DateTimeOffset SignedAt)
{
    /// <summary>Whether the signature is valid for the payload with the embedded key, and the key matches its fingerprint.</summary>
    public bool IsIntact()
    {
        var spki = Base64Url.Decode(PublicKey);
        return spki is not null && DocumentSignature.Fingerprint(spki) == KeyFingerprint && DocumentSignature.Verify(spki, Payload, Signature);
    }
}

/// <summary>An authority's document-signing key. The private key never enters the database.</summary>
public sealed class SigningKey
{
    public Guid Id { get; init; }

    /// <summary>The signing authority: the Party code of its Management Authority (e.g. "AT").</summary>
    public required string Authority { get; init; }
    public required byte[] PublicKeySpki { get; init; }
    public required string Fingerprint { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public string? RevocationReason { get; set; }
}

/// <summary>The stored copy of a signed document: what the public verification page checks.</summary>
public sealed class SignedDocumentRecord
{
    public Guid Id { get; init; }
    public required string Kind { get; init; }
    public required string Authority { get; init; }
    public required string KeyFingerprint { get; init; }
    public required string Payload { get; init; }
    public required string Signature { get; init; }
    public DateTimeOffset SignedAt { get; init; }
}

public enum DocumentStatus
{
    Valid,
    Used,
    Expired,
    Cancelled,
    Unknown,

    /// <summary>An earlier version of a document that was amended: the amended version is the one in force.</summary>
    Superseded,
}
