using System.Security.Cryptography;
using Cordon.Application.Data;
using Cordon.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Audit;

/// <summary>
/// The platform's ECDSA P-256 key that signs audit checkpoints. Kept as PKCS#8 PEM in the data folder's
/// keys/ (mode 600); several nodes share it by sharing that folder or by "Cordon:AuditKeyFile".
/// The public key is published so that Parties can check checkpoints they keep.
/// </summary>
public sealed class AuditSigningKey
{
    private readonly string _path;

    public AuditSigningKey(CordonPaths paths, string? keyFile = null)
    {
        _path = keyFile ?? Path.Combine(paths.KeysDirectory, "audit-checkpoint-key.pem");
    }

    public CheckpointSigner LoadOrCreate()
    {
        var key = ECDsa.Create();
        if (File.Exists(_path))
        {
            key.ImportFromPem(File.ReadAllText(_path));
            return new CheckpointSigner(key);
        }
        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        var tmp = _path + ".tmp";
        File.WriteAllText(tmp, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(tmp, _path, overwrite: false);
        }
        catch (IOException)
        {
            // Another node created it first: use that one.
            File.Delete(tmp);
            key.ImportFromPem(File.ReadAllText(_path));
        }
        return new CheckpointSigner(key);
    }

    public byte[] PublicKeySpki()
    {
        using var signer = LoadOrCreate();
        return signer.ExportPublicKey();
    }

    /// <summary>The public key if the key file exists; verification must not invent a key.</summary>
    public byte[]? ExistingPublicKeySpki()
    {
        if (!File.Exists(_path)) return null;
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(_path));
        return key.ExportSubjectPublicKeyInfo();
    }
}

/// <summary>Creating checkpoints and verifying the whole chain, shared by the web host and `cordon audit verify`.</summary>
public sealed class AuditChainService(CordonDbContext db, AuditSigningKey signingKey, TimeProvider clock)
{
    /// <summary>Signs the current chain head, unless it is already the latest checkpoint.</summary>
    public async Task<AuditCheckpoint?> CheckpointAsync(CancellationToken ct = default)
    {
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
        if (head is null) return null;
        var last = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(ct);
        if (last is not null && last.Sequence >= head.Sequence) return null;
        using var signer = signingKey.LoadOrCreate();
        var checkpoint = signer.Sign(head.Sequence, head.Hash, clock.GetUtcNow());
        db.AuditCheckpoints.Add(checkpoint);
        await db.SaveChangesAsync(ct);
        return checkpoint;
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        var spki = signingKey.ExistingPublicKeySpki();
        var checkpoints = await db.AuditCheckpoints.AsNoTracking().ToListAsync(ct);
        var verifier = new AuditVerifier(cp => spki is not null && CheckpointSigner.IsValid(cp, spki));
        var entries = db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable();
        return await verifier.VerifyAsync(entries, checkpoints, ct);
    }
}
