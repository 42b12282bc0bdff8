using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Cordon.Domain.Documents;

namespace Cordon.Application.Documents;

/// <summary>
/// Remembers the outcome of signature checks. Whether a signature is valid for a payload under a public key never
/// changes, so the outcome is memoized by a SHA-256 of the three (hashing is far cheaper than canonicalizing the JSON,
/// importing the key and verifying ECDSA). Whether the key is still registered and unrevoked does change, and is read
/// from the database on every check, so a revocation takes effect at once on every node.
/// </summary>
public static class VerifiedSignatures
{
    private const int Capacity = 50_000;
    private static readonly ConcurrentDictionary<string, bool> Outcomes = new(StringComparer.Ordinal);

    public static bool Verify(byte[] publicKeySpki, string payload, string signature)
    {
        var key = Key(publicKeySpki, payload, signature);
        if (Outcomes.TryGetValue(key, out var known)) return known;
        var valid = DocumentSignature.Verify(publicKeySpki, payload, signature);
        if (Outcomes.Count >= Capacity) Outcomes.Clear(); // crude bound; a miss only costs one verification
        Outcomes[key] = valid;
        return valid;
    }

    /// <summary>Intact: the signature is valid with the document's own key, and that key matches its fingerprint.</summary>
    public static bool IsIntact(SignedDocument doc)
    {
        var spki = Base64Url.Decode(doc.PublicKey);
        return spki is not null && DocumentSignature.Fingerprint(spki) == doc.KeyFingerprint && Verify(spki, doc.Payload, doc.Signature);
    }

    private static string Key(byte[] spki, string payload, string signature)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(sha, spki);
        Add(sha, Encoding.UTF8.GetBytes(payload));
        Add(sha, Encoding.UTF8.GetBytes(signature));
        return Convert.ToBase64String(sha.GetHashAndReset());
    }

    /// <summary>Length-prefixed, so that no two different triples hash the same input.</summary>
    private static void Add(IncrementalHash sha, byte[] part)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, part.Length);
        sha.AppendData(length);
        sha.AppendData(part);
    }
}
