using System.Security.Cryptography;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Documents;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Documents;

/// <summary>What a module tells the public verification page about one of its signed documents.</summary>
public sealed record DocumentFacts(DocumentStatus Status, IReadOnlyList<KeyValuePair<string, string>> Facts);

/// <summary>A module whose documents are signed (Permits, Authorizations…) answers the status of its documents.</summary>
public interface IDocumentStatusSource
{
    string Kind { get; }
    Task<DocumentFacts?> FactsAsync(Guid documentId, CancellationToken ct);
}

/// <summary>A stored document with its key's current state and, when a joined source read them, its module's facts.</summary>
public sealed record DocumentRead(SignedDocumentRecord Document, byte[]? KeySpki, DateTimeOffset? KeyRevokedAt, bool FactsRead, DocumentFacts? Facts);

/// <summary>
/// A source that reads the document, its key's state and its own row for the document in one query, so the public
/// verification page of its documents takes one round trip instead of two.
/// </summary>
public interface IJoinedDocumentStatusSource : IDocumentStatusSource
{
    /// <summary>
    /// Null when there is no such document; <see cref="DocumentRead.FactsRead"/> false when it is of another kind. Without
    /// <paramref name="withFacts"/> only the status is wanted (the JSON status a border system reads), not the facts shown.
    /// </summary>
    Task<DocumentRead?> ReadAsync(Guid documentId, bool withFacts, CancellationToken ct);
}

/// <summary>The result shown on /Verify/{id}: genuine (valid signature by a registered, unrevoked key), unaltered, status.</summary>
public sealed record VerificationResult(Guid DocumentId, string Kind, string Authority, bool Genuine, bool Unaltered, bool KeyRegistered, bool KeyRevoked,
    DocumentStatus Status, DateTimeOffset SignedAt, string KeyFingerprint, IReadOnlyList<KeyValuePair<string, string>> Facts);

public sealed record SigningKeyView(Guid Id, string Authority, string Fingerprint, string PublicKey, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? RevocationReason);

/// <summary>
/// Signing and verifying official documents with the authorities' keys. Private keys live as PKCS#8 PEM in the data folder's
/// keys/signing/ (mode 600), never in the database; the database holds the register of public keys and their revocation.
/// Calls that write (<see cref="SignAsync"/>, <see cref="RevokeAsync"/>) run in the caller's write transaction.
/// </summary>
public sealed class DocumentSigner(CordonDbContext db, CordonPaths paths, ICurrentActor actor, AuditLog audit, TimeProvider clock, IEnumerable<IDocumentStatusSource> sources)
{
    public const string RecordType = "SigningKey";

    private string KeysFolder
    {
        get
        {
            var dir = Path.Combine(paths.KeysDirectory, "signing");
            // Created once per folder and process, not at every signature.
            if (CreatedFolders.TryAdd(dir, true)) Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> CreatedFolders = new(StringComparer.Ordinal);

    private string KeyPath(string fingerprint) => Path.Combine(KeysFolder, fingerprint + ".pem");

    /// <summary>The authority's current key, created (and audited) when it has none.</summary>
    public async Task<SigningKey> ActiveKeyAsync(string authority, CancellationToken ct = default)
    {
        // A revoked key must stop signing at once, on every node: the list is kept only between directory changes, which
        // every node hears (ADR 0050). Compiled: it runs at every signature the cache cannot answer.
        foreach (var k in await ActiveKeys.GetAsync(db, authority, static async (db, authority, ct) => await UnrevokedKeys(db, authority).ToListAsync(ct), ct))
            if (PrivateKeys.ContainsKey(KeyPath(k.Fingerprint)) || File.Exists(KeyPath(k.Fingerprint))) return k;

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = ecdsa.ExportSubjectPublicKeyInfo();
        var fingerprint = DocumentSignature.Fingerprint(spki);
        var path = KeyPath(fingerprint);
        var tmp = path + ".tmp";
        await File.WriteAllTextAsync(tmp, ecdsa.ExportPkcs8PrivateKeyPem(), ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(tmp, path, overwrite: true);
        var key = new SigningKey { Id = Guid.CreateVersion7(clock.GetUtcNow()), Authority = authority, PublicKeySpki = spki, Fingerprint = fingerprint, CreatedAt = clock.GetUtcNow() };
        db.SigningKeys.Add(key);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("documents.key-created", RecordType, key.Id.ToString(), new { key.Authority, key.Fingerprint }, $"{authority} {fingerprint[..16]}", [authority], ct);
        return key;
    }

    // A key file never changes once written (a new key gets a new fingerprint, hence a new file), so its parsed form
    // is kept instead of reading and decoding the PEM file at every signature. Which key may sign is still decided by
    // the database (ActiveKeyAsync). Keyed by path, so two data directories in one process never share keys.
    // The key object itself is kept: importing parameters makes OpenSSL check the key pair (a point multiplication,
    // dearer than the signature). Signing with one object is serialized by a lock; a P-256 signature takes ~20 µs.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ECDsa> PrivateKeys = new();

    private static readonly DirectoryCache<string, List<SigningKey>> ActiveKeys = new(capacity: 1_000);

    private static readonly Func<CordonDbContext, string, IAsyncEnumerable<SigningKey>> UnrevokedKeys =
        EF.CompileAsyncQuery<CordonDbContext, string, SigningKey>((db, authority) =>
            db.SigningKeys.Where(k => k.Authority == authority && k.RevokedAt == null).OrderByDescending(k => k.CreatedAt));

    private static async Task<ECDsa> PrivateKeyAsync(string path, CancellationToken ct)
    {
        if (PrivateKeys.TryGetValue(path, out var key)) return key;
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(await File.ReadAllTextAsync(path, ct));
        if (PrivateKeys.TryAdd(path, ecdsa)) return ecdsa;
        ecdsa.Dispose();
        return PrivateKeys[path];
    }

    private static string Sign(ECDsa key, string canonical)
    {
        lock (key) return DocumentSignature.Sign(key, canonical);
    }

    /// <summary>Signs a document's JSON payload with the authority's key and stores the signed copy.</summary>
    public async Task<SignedDocumentRecord> SignAsync(Guid documentId, string kind, string authority, string payloadJson, CancellationToken ct = default)
    {
        var key = await ActiveKeyAsync(authority, ct);
        var ecdsa = await PrivateKeyAsync(KeyPath(key.Fingerprint), ct);
        var canonical = DocumentSignature.Canonical(payloadJson);
        var record = new SignedDocumentRecord
        {
            Id = documentId, Kind = kind, Authority = authority, KeyFingerprint = key.Fingerprint,
            Payload = canonical, Signature = Sign(ecdsa, canonical), SignedAt = clock.GetUtcNow(),
        };
        // Saved with the caller's other changes: nothing reads it before the caller's transaction commits.
        db.SignedDocuments.Add(record);
        return record;
    }

    /// <summary>
    /// Signs a laid-out PDF of a signed document with the key that signed the document (the private key is read from the keys
    /// folder, as for <see cref="SignAsync"/>). Refused when that key is revoked or its private key is gone: a revoked key
    /// signs nothing more. Audited as an export of the document.
    /// </summary>
    public async Task<Outcome<byte[]>> SignPdfAsync(Guid documentId, PdfSharp.Pdf.PdfDocument pdf, string reason, CancellationToken ct = default)
    {
        var d = await db.SignedDocuments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == documentId, ct);
        if (d is null) return Outcome<byte[]>.NotFound("The document is not signed.");
        var key = await db.SigningKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Fingerprint == d.KeyFingerprint && k.Authority == d.Authority, ct);
        if (key is null || key.RevokedAt is not null || !File.Exists(KeyPath(key.Fingerprint)))
            return Outcome<byte[]>.Conflict("The key that signed this document has been revoked: the document must be issued again.");
        // A copy for the PDF signer, which keeps the key for the length of its (asynchronous) work.
        using var ecdsa = ECDsa.Create((await PrivateKeyAsync(KeyPath(key.Fingerprint), ct)).ExportParameters(includePrivateParameters: true));
        var bytes = await PdfDocumentSignature.SignAsync(pdf, ecdsa, key.Authority, key.CreatedAt, reason, key.Authority, clock.GetUtcNow());
        await audit.RecordNowAsync("documents.pdf-downloaded", "SignedDocument", documentId.ToString(), $"{d.Kind} {key.Fingerprint[..16]}", ct: ct);
        return Outcome<byte[]>.Ok(bytes);
    }

    public async Task<List<SigningKeyView>> KeysAsync(CancellationToken ct = default)
    {
        var rows = await db.SigningKeys.AsNoTracking().ToListAsync(ct);
        return rows.OrderBy(k => k.Authority, StringComparer.Ordinal).ThenBy(k => k.CreatedAt).Select(View).ToList();
    }

    public static SigningKeyView View(SigningKey k) =>
        new(k.Id, k.Authority, k.Fingerprint, Base64Url.Encode(k.PublicKeySpki), k.CreatedAt, k.RevokedAt, k.RevocationReason);

    /// <summary>Revokes a key at once: documents it signed are no longer genuine. Its authority's administrators or the Secretariat only.</summary>
    public async Task<Outcome<SigningKeyView>> RevokeAsync(Guid keyId, string? reason, CancellationToken ct = default)
    {
        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why) || why.Length > 2000)
            return Outcome<SigningKeyView>.Invalid("Give the reason for the revocation.", new Dictionary<string, string[]> { ["reason"] = ["Give the reason (at most 2000 characters)."] });
        await using var tx = await db.BeginWriteAsync(ct);
        var key = await db.SigningKeys.FirstOrDefaultAsync(k => k.Id == keyId, ct);
        if (key is null || (!actor.IsSecretariat && actor.PartyCode != key.Authority)) return Outcome<SigningKeyView>.NotFound("No such key.");
        if (key.RevokedAt is not null) return Outcome<SigningKeyView>.Conflict("The key is already revoked.");
        key.RevokedAt = clock.GetUtcNow();
        key.RevokedBy = actor.UserName;
        key.RevocationReason = why;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("documents.key-revoked", RecordType, key.Id.ToString(), new { key.Authority, key.Fingerprint, Reason = why }, $"{key.Authority} {key.Fingerprint[..16]}: {why}", [key.Authority], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<SigningKeyView>.Ok(View(key));
    }

    /// <summary>The signed document with its key, for offline verification (<c>cordon verify FILE</c>).</summary>
    public async Task<SignedDocument?> DocumentAsync(Guid documentId, CancellationToken ct = default)
    {
        var d = await db.SignedDocuments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == documentId, ct);
        if (d is null) return null;
        var key = await db.SigningKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Fingerprint == d.KeyFingerprint, ct);
        return new SignedDocument(d.Id, d.Kind, d.Authority, d.KeyFingerprint, key is null ? "" : Base64Url.Encode(key.PublicKeySpki), d.Payload, d.Signature, d.SignedAt);
    }

    /// <summary>Checks a stored document against the register and asks its module for its status and the facts shown.</summary>
    public Task<VerificationResult?> VerifyAsync(Guid documentId, CancellationToken ct = default) => VerifyAsync(documentId, withFacts: true, ct);

    /// <summary>As <see cref="VerifyAsync(Guid, CancellationToken)"/>, for the status only: a joined source may skip reading what only the facts show.</summary>
    public Task<VerificationResult?> VerifyStatusAsync(Guid documentId, CancellationToken ct = default) => VerifyAsync(documentId, withFacts: false, ct);

    private async Task<VerificationResult?> VerifyAsync(Guid documentId, bool withFacts, CancellationToken ct)
    {
        // One round trip for the document, its key's current state (revocation is read every time, never cached) and,
        // through a joined source (permits), the module's status; documents of other kinds ask their source after.
        var joined = sources.OfType<IJoinedDocumentStatusSource>().FirstOrDefault();
        var read = joined is null ? await ReadAsync(documentId, ct) : await joined.ReadAsync(documentId, withFacts, ct);
        if (read is null) return null;
        var d = read.Document;
        var unaltered = read.KeySpki is not null && VerifiedSignatures.Verify(read.KeySpki, d.Payload, d.Signature);
        var revoked = read.KeyRevokedAt is not null;
        var facts = read.FactsRead ? read.Facts
            : sources.FirstOrDefault(s => s.Kind == d.Kind) is { } source ? await source.FactsAsync(documentId, ct) : null;
        return new VerificationResult(d.Id, d.Kind, d.Authority, unaltered && !revoked, unaltered, read.KeySpki is not null, revoked,
            facts?.Status ?? DocumentStatus.Unknown, d.SignedAt, d.KeyFingerprint, facts?.Facts ?? []);
    }

    private async Task<DocumentRead?> ReadAsync(Guid documentId, CancellationToken ct)
    {
        // A left join on the unique fingerprint: FirstOrDefault() in the projection would number every key (ROW_NUMBER()).
        var row = await (
            from doc in db.SignedDocuments.AsNoTracking()
            where doc.Id == documentId
            join k in db.SigningKeys.AsNoTracking() on new { F = doc.KeyFingerprint, A = doc.Authority } equals new { F = k.Fingerprint, A = k.Authority } into keys
            from key in keys.DefaultIfEmpty()
            select new { Document = doc, KeySpki = key == null ? null : key.PublicKeySpki, KeyRevokedAt = key == null ? null : key.RevokedAt })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : new DocumentRead(row.Document, row.KeySpki, row.KeyRevokedAt, FactsRead: false, Facts: null);
    }

    /// <summary>Checks a document received from elsewhere (JSON of <see cref="SignedDocument"/>) against the register: genuine only with a registered, unrevoked key.</summary>
    public async Task<bool> IsGenuineAsync(SignedDocument doc, CancellationToken ct = default)
    {
        var key = await RegisteredKey(db, doc.KeyFingerprint, doc.Authority, ct);
        return key is not null && key.RevokedAt is null && VerifiedSignatures.Verify(key.PublicKeySpki, doc.Payload, doc.Signature);
    }

    // Compiled once: border verification runs it for every received document (issue 7 asks for 2,000 a second).
    private static readonly Func<CordonDbContext, string, string, CancellationToken, Task<RegisteredKeyState?>> RegisteredKey =
        EF.CompileAsyncQuery((CordonDbContext db, string fingerprint, string authority, CancellationToken ct) =>
            db.SigningKeys.AsNoTracking().Where(k => k.Fingerprint == fingerprint && k.Authority == authority)
                .Select(k => new RegisteredKeyState(k.PublicKeySpki, k.RevokedAt)).FirstOrDefault());

    private sealed record RegisteredKeyState(byte[] PublicKeySpki, DateTimeOffset? RevokedAt);
}
