using System.Security.Cryptography;
using System.Text;

namespace Cordon.Domain.Audit;

/// <summary>Signs and checks audit checkpoints with an ECDSA P-256 key (IEEE P1363 signatures).</summary>
public sealed class CheckpointSigner : IDisposable
{
    private readonly ECDsa _key;

    public CheckpointSigner(ECDsa key)
    {
        _key = key;
        KeyId = Fingerprint(key);
    }

    public string KeyId { get; }

    public byte[] ExportPublicKey() => _key.ExportSubjectPublicKeyInfo();

    public static string Fingerprint(ECDsa key) =>
        AuditChain.Sha256Hex(key.ExportSubjectPublicKeyInfo());

    public AuditCheckpoint Sign(long sequence, string hash, DateTimeOffset createdAt)
    {
        var at = AuditChain.NormalizeTimestamp(createdAt);
        var payload = Encoding.UTF8.GetBytes(AuditChain.CheckpointPayload(sequence, hash, at));
        var signature = _key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new AuditCheckpoint { Sequence = sequence, Hash = hash, CreatedAt = at, Signature = Convert.ToBase64String(signature), KeyId = KeyId };
    }

    /// <summary>Checks a checkpoint against a public key given as SubjectPublicKeyInfo bytes.</summary>
    public static bool IsValid(AuditCheckpoint checkpoint, ReadOnlySpan<byte> publicKeySpki)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(publicKeySpki, out _);
            if (!string.Equals(Fingerprint(key), checkpoint.KeyId, StringComparison.Ordinal)) return false;
            var payload = Encoding.UTF8.GetBytes(AuditChain.CheckpointPayload(checkpoint.Sequence, checkpoint.Hash, checkpoint.CreatedAt));
            return key.VerifyData(payload, Convert.FromBase64String(checkpoint.Signature), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }
    }

    public void Dispose() => _key.Dispose();
}
