using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cordon.Domain.Traceability.Crypto;

/// <summary>
/// End-to-end encryption of traceability chains, byte-compatible with /js/traceability/crypto.js (tested both
/// ways in a real browser). Standard primitives only: ECDH P-256, HKDF-SHA256, AES-256-GCM, ECDSA P-256 with
/// SHA-256 (IEEE P1363 r||s signatures, as Web Crypto makes them) and PBKDF2-SHA256 for passphrases.
/// Formats, key hierarchy and threat model: docs/traceability-crypto.md.
/// </summary>
public static class TraceabilityCrypto
{
    /// <summary>PBKDF2 iterations for new passphrase wraps (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).</summary>
    public const int PassphraseIterations = 600_000;

    /// <summary>Fewer iterations are refused on unlock, so a tampered blob cannot weaken the passphrase's protection.</summary>
    public const int MinimumPassphraseIterations = 100_000;

    public const string UserKeysLabel = "cordon/user-keys/v1";
    public const string PartyKeyLabel = "cordon/party-key/v1";
    public const string ContentKeyLabel = "cordon/content-key/v1";
    public const string MessageLabel = "cordon/message/v1";
    public const string SignatureLabel = "cordon/message-signature/v1";
    public const string BytesLabel = "cordon/bytes/v1";
    public const string EndorsementLabel = "cordon/party-key-endorsement/v1";
    public const string ApprovalLabel = "cordon/connector-approval/v1";

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int KeySize = 32;
    private const string P256Oid = "1.2.840.10045.3.1.7";

    // ---- user keys ----

    public static GeneratedUserKeys GenerateUserKeys(string passphrase)
    {
        var keys = new UserKeys(ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256), ECDsa.Create(ECCurve.NamedCurves.nistP256));
        return new GeneratedUserKeys(keys.EncryptionPublicKey, keys.SigningPublicKey, keys.Fingerprint, WrapUserKeys(keys, passphrase), keys);
    }

    /// <summary>The private keys wrapped under the passphrase: compact JSON {v, kdf, iterations, salt, iv, ciphertext}.</summary>
    public static string WrapUserKeys(UserKeys keys, string passphrase, int iterations = PassphraseIterations)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = PassphraseKey(passphrase, salt, iterations);
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(new WrappedUserKeysContent(
            Convert.ToBase64String(keys.Encryption.ExportPkcs8PrivateKey()),
            Convert.ToBase64String(keys.Signing.ExportPkcs8PrivateKey()),
            keys.EncryptionPublicKey,
            keys.SigningPublicKey), JsonSerializerOptions.Web);
        var (iv, sealedBytes) = Seal(key, plaintext, Encoding.UTF8.GetBytes(UserKeysLabel));
        CryptographicOperations.ZeroMemory(plaintext);
        return JsonSerializer.Serialize(new WrappedUserKeys(1, "PBKDF2-SHA256", iterations, Convert.ToBase64String(salt), Convert.ToBase64String(iv), Convert.ToBase64String(sealedBytes)), JsonSerializerOptions.Web);
    }

    /// <summary>Unlocks the keys; a wrong passphrase or a tampered blob is a <see cref="CryptographicException"/>.</summary>
    public static UserKeys UnlockUserKeys(string wrappedPrivateKeys, string passphrase)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var wrapped = ReadJson<WrappedUserKeys>(wrappedPrivateKeys, "wrapped user keys");
        if (wrapped.V != 1 || wrapped.Kdf != "PBKDF2-SHA256") throw new CryptographicException("Unknown wrapped user keys format.");
        if (wrapped.Iterations < MinimumPassphraseIterations) throw new CryptographicException("The wrapped user keys use too few PBKDF2 iterations.");
        var key = PassphraseKey(passphrase, FromBase64(wrapped.Salt), wrapped.Iterations);
        var plaintext = Open(key, FromBase64(wrapped.Iv), FromBase64(wrapped.Ciphertext), Encoding.UTF8.GetBytes(UserKeysLabel));
        try
        {
            var content = JsonSerializer.Deserialize<WrappedUserKeysContent>(plaintext, JsonSerializerOptions.Web)
                ?? throw new CryptographicException("Empty wrapped user keys.");
            var encryption = ECDiffieHellman.Create();
            encryption.ImportPkcs8PrivateKey(FromBase64(content.Encryption), out _);
            RequireP256(encryption);
            var signing = ECDsa.Create();
            signing.ImportPkcs8PrivateKey(FromBase64(content.Signing), out _);
            RequireP256(signing);
            return new UserKeys(encryption, signing);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// What a national administrator compares with the member (by a channel the server does not control) before
    /// wrapping the Party key for them: SHA-256 over both SubjectPublicKeyInfos, first 20 bytes, as ten groups
    /// of four hexadecimal digits ("3F2A 91C0 ...").
    /// </summary>
    public static string Fingerprint(string encryptionPublicKey, string signingPublicKey)
    {
        var hash = SHA256.HashData([.. FromBase64(encryptionPublicKey), .. FromBase64(signingPublicKey)]);
        var hex = Convert.ToHexString(hash, 0, 20);
        return string.Join(' ', Enumerable.Range(0, 10).Select(i => hex.Substring(i * 4, 4)));
    }

    // ---- Party keys ----

    public static PartyKey GeneratePartyKey()
    {
        var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return new PartyKey(Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()), key);
    }

    /// <summary>The Party private key sealed to one member's encryption public key (the national administrator does this).</summary>
    public static string WrapPartyKeyForMember(ECDiffieHellman partyPrivateKey, string memberEncryptionPublicKey)
    {
        ArgumentNullException.ThrowIfNull(partyPrivateKey);
        var pkcs8 = partyPrivateKey.ExportPkcs8PrivateKey();
        try
        {
            return SealTo(memberEncryptionPublicKey, pkcs8, PartyKeyLabel);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    public static ECDiffieHellman UnwrapPartyKey(string blob, UserKeys userKeys)
    {
        ArgumentNullException.ThrowIfNull(userKeys);
        var pkcs8 = OpenSealed(blob, userKeys.Encryption, PartyKeyLabel);
        try
        {
            var key = ECDiffieHellman.Create();
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            RequireP256(key);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The public key (base64 SPKI) of a Party private key, e.g. to check an unwrapped key against the published generation.</summary>
    public static string PublicKeyOf(ECDiffieHellman key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>
    /// The national administrator's signature on a Party key generation (base64 P1363), so that a sender's
    /// side can check, before wrapping a content key to another Party, that the public key the server hands
    /// out is the one that Party's administrator created (whose own key fingerprint was compared out of band).
    /// </summary>
    public static string EndorsePartyKey(string party, int generation, string partyPublicKey, UserKeys administrator)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        return Convert.ToBase64String(administrator.Signing.SignData(EndorsedData(party, generation, partyPublicKey), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    public static bool VerifyPartyKeyEndorsement(string party, int generation, string partyPublicKey, string endorsement, string administratorSigningPublicKey)
    {
        using var verifier = ECDsa.Create();
        verifier.ImportSubjectPublicKeyInfo(FromBase64(administratorSigningPublicKey), out _);
        RequireP256(verifier);
        var signature = FromBase64(endorsement);
        return signature.Length == 64 && verifier.VerifyData(EndorsedData(party, generation, partyPublicKey), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static byte[] EndorsedData(string party, int generation, string partyPublicKey) =>
        [.. Encoding.UTF8.GetBytes(FormattableString.Invariant($"{EndorsementLabel}\n{party}\n{generation}\n")), .. FromBase64(partyPublicKey)];

    /// <summary>
    /// Checks a Party's current generation as the server hands it out: endorsed by the administrator's signing key over
    /// (Party, number, public key). A key the server substituted (or an unendorsed one) is refused before anything is
    /// wrapped to it. Returns false instead of throwing on malformed input.
    /// </summary>
    public static bool IsEndorsed(string party, int generation, string? partyPublicKey, string? endorsement, string? administratorSigningPublicKey)
    {
        if (string.IsNullOrEmpty(partyPublicKey) || string.IsNullOrEmpty(endorsement) || string.IsNullOrEmpty(administratorSigningPublicKey)) return false;
        try
        {
            return VerifyPartyKeyEndorsement(party, generation, partyPublicKey, endorsement, administratorSigningPublicKey);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    // ---- connector approvals (ADR 26) ----

    /// <summary>SHA-256 (lower-case hex) of a transfer preview's ciphertext text: what an approver signs.</summary>
    public static string PreviewDigest(string preview) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(preview)));

    /// <summary>The preview of a connector transfer is encrypted under its own key with this context (AAD).</summary>
    public static string TransferContext(Guid transferId) => FormattableString.Invariant($"transfer:{transferId:D}");

    /// <summary>An approver's signature (base64 P1363) on a transfer: its id, direction and the digest of the preview they read.</summary>
    public static string SignApproval(Guid transferId, string direction, string previewDigest, UserKeys approver)
    {
        ArgumentNullException.ThrowIfNull(approver);
        return Convert.ToBase64String(approver.Signing.SignData(ApprovalData(transferId, direction, previewDigest), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    public static bool VerifyApproval(Guid transferId, string direction, string previewDigest, string? signature, string? approverSigningPublicKey)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(approverSigningPublicKey)) return false;
        try
        {
            using var verifier = ECDsa.Create();
            verifier.ImportSubjectPublicKeyInfo(FromBase64(approverSigningPublicKey), out _);
            RequireP256(verifier);
            var bytes = FromBase64(signature);
            return bytes.Length == 64 && verifier.VerifyData(ApprovalData(transferId, direction, previewDigest), bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static byte[] ApprovalData(Guid transferId, string direction, string previewDigest) =>
        Encoding.UTF8.GetBytes(FormattableString.Invariant($"{ApprovalLabel}\n{transferId:D}\n{direction}\n{previewDigest}"));

    // ---- content keys ----

    /// <summary>A fresh AES-256 content key (32 bytes) for one key version of a chain.</summary>
    public static byte[] NewContentKey() => RandomNumberGenerator.GetBytes(KeySize);

    public static string WrapContentKey(byte[] contentKey, string partyPublicKey)
    {
        RequireContentKey(contentKey);
        return SealTo(partyPublicKey, contentKey, ContentKeyLabel);
    }

    public static byte[] UnwrapContentKey(string blob, ECDiffieHellman partyPrivateKey)
    {
        ArgumentNullException.ThrowIfNull(partyPrivateKey);
        var key = OpenSealed(blob, partyPrivateKey, ContentKeyLabel);
        if (key.Length != KeySize) throw new CryptographicException("A content key is 32 bytes.");
        return key;
    }

    // ---- messages and attachments ----

    /// <summary>
    /// The server-visible ids a message is bound to (additional authenticated data): a message moved to another
    /// chain, renumbered or relabelled with another key version no longer decrypts.
    /// </summary>
    public static string MessageContext(Guid chainId, Guid messageId, int keyVersion) =>
        FormattableString.Invariant($"chain:{chainId:D}|message:{messageId:D}|key:{keyVersion}");

    public static EncryptedMessage EncryptMessage<T>(byte[] contentKey, T message, UserKeys sender, string context, JsonSerializerOptions? options = null) =>
        EncryptMessageJson(contentKey, JsonSerializer.SerializeToUtf8Bytes(message, options ?? JsonSerializerOptions.Web), sender, context);

    /// <summary>Encrypts UTF-8 JSON and signs the ciphertext with the sender's signing key.</summary>
    public static EncryptedMessage EncryptMessageJson(byte[] contentKey, ReadOnlySpan<byte> utf8Json, UserKeys sender, string context)
    {
        RequireContentKey(contentKey);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(context);
        var sealedBytes = SealCompact(contentKey, utf8Json, Encoding.UTF8.GetBytes(MessageLabel + "\n" + context));
        var signature = sender.Signing.SignData(SignedData(sealedBytes, context), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new EncryptedMessage(Convert.ToBase64String(sealedBytes), Convert.ToBase64String(signature));
    }

    /// <summary>
    /// Decrypts a message and checks its signature against the sender's signing public key. A bad signature
    /// does not hide the content (the reader is told); a ciphertext that does not authenticate throws.
    /// </summary>
    public static DecryptedMessage DecryptMessage(byte[] contentKey, string ciphertext, string signature, string? senderSigningPublicKey, string context)
    {
        RequireContentKey(contentKey);
        ArgumentNullException.ThrowIfNull(context);
        var sealedBytes = FromBase64(ciphertext);
        var valid = false;
        if (!string.IsNullOrEmpty(senderSigningPublicKey) && !string.IsNullOrEmpty(signature))
        {
            using var verifier = ECDsa.Create();
            verifier.ImportSubjectPublicKeyInfo(FromBase64(senderSigningPublicKey), out _);
            RequireP256(verifier);
            var signatureBytes = FromBase64(signature);
            valid = signatureBytes.Length == 64
                && verifier.VerifyData(SignedData(sealedBytes, context), signatureBytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        var json = OpenCompact(contentKey, sealedBytes, Encoding.UTF8.GetBytes(MessageLabel + "\n" + context));
        return new DecryptedMessage(json, valid);
    }

    /// <summary>An attachment: base64 of nonce || ciphertext || tag.</summary>
    public static string EncryptBytes(byte[] contentKey, ReadOnlySpan<byte> data, string context)
    {
        RequireContentKey(contentKey);
        ArgumentNullException.ThrowIfNull(context);
        return Convert.ToBase64String(SealCompact(contentKey, data, Encoding.UTF8.GetBytes(BytesLabel + "\n" + context)));
    }

    public static byte[] DecryptBytes(byte[] contentKey, string encrypted, string context)
    {
        RequireContentKey(contentKey);
        ArgumentNullException.ThrowIfNull(context);
        return OpenCompact(contentKey, FromBase64(encrypted), Encoding.UTF8.GetBytes(BytesLabel + "\n" + context));
    }

    // ---- building blocks ----

    private static byte[] SignedData(byte[] sealedBytes, string context) => [.. Encoding.UTF8.GetBytes(SignatureLabel + "\n" + context + "\n"), .. sealedBytes];

    private static byte[] PassphraseKey(string passphrase, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase.Normalize(NormalizationForm.FormC)), salt, iterations, HashAlgorithmName.SHA256, KeySize);

    /// <summary>
    /// ECIES with standard parts: an ephemeral ECDH P-256 key agrees a secret with the recipient's key,
    /// HKDF-SHA256 (empty salt, info = label || ephemeral SPKI) turns it into an AES-256-GCM key.
    /// JSON {v, epk, iv, ciphertext}, the ciphertext with its tag appended as Web Crypto does.
    /// </summary>
    private static string SealTo(string recipientPublicKey, ReadOnlySpan<byte> plaintext, string label)
    {
        using var recipient = ImportEcdhPublicKey(recipientPublicKey);
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var epk = ephemeral.ExportSubjectPublicKeyInfo();
        var key = SealKey(ephemeral, recipient.PublicKey, epk, label);
        var (iv, sealedBytes) = Seal(key, plaintext, Encoding.UTF8.GetBytes(label));
        CryptographicOperations.ZeroMemory(key);
        return JsonSerializer.Serialize(new SealedBlob(1, Convert.ToBase64String(epk), Convert.ToBase64String(iv), Convert.ToBase64String(sealedBytes)), JsonSerializerOptions.Web);
    }

    private static byte[] OpenSealed(string blob, ECDiffieHellman recipientPrivateKey, string label)
    {
        var sealedBlob = ReadJson<SealedBlob>(blob, "sealed key");
        if (sealedBlob.V != 1) throw new CryptographicException("Unknown sealed key format.");
        var epk = FromBase64(sealedBlob.Epk);
        using var ephemeral = ImportEcdhPublicKey(sealedBlob.Epk);
        var key = SealKey(recipientPrivateKey, ephemeral.PublicKey, epk, label);
        try
        {
            return Open(key, FromBase64(sealedBlob.Iv), FromBase64(sealedBlob.Ciphertext), Encoding.UTF8.GetBytes(label));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] SealKey(ECDiffieHellman own, ECDiffieHellmanPublicKey other, byte[] epk, string label)
    {
        var secret = own.DeriveRawSecretAgreement(other);
        try
        {
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, KeySize, [], [.. Encoding.UTF8.GetBytes(label), .. epk]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>AES-256-GCM with a random 96-bit nonce; returns the nonce and ciphertext || tag (Web Crypto's layout).</summary>
    private static (byte[] Iv, byte[] Sealed) Seal(byte[] key, ReadOnlySpan<byte> plaintext, byte[] aad)
    {
        var iv = RandomNumberGenerator.GetBytes(NonceSize);
        var output = new byte[plaintext.Length + TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(iv, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), aad);
        return (iv, output);
    }

    private static byte[] Open(byte[] key, byte[] iv, byte[] sealedBytes, byte[] aad)
    {
        if (iv.Length != NonceSize || sealedBytes.Length < TagSize) throw new CryptographicException("Malformed ciphertext.");
        var plaintext = new byte[sealedBytes.Length - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(iv, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), plaintext, aad);
        return plaintext;
    }

    /// <summary>nonce || ciphertext || tag in one array (messages and attachments).</summary>
    private static byte[] SealCompact(byte[] key, ReadOnlySpan<byte> plaintext, byte[] aad)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        RandomNumberGenerator.Fill(output.AsSpan(0, NonceSize));
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(output.AsSpan(0, NonceSize), plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), aad);
        return output;
    }

    private static byte[] OpenCompact(byte[] key, byte[] sealedBytes, byte[] aad)
    {
        if (sealedBytes.Length < NonceSize + TagSize) throw new CryptographicException("Malformed ciphertext.");
        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(sealedBytes.Length - TagSize), plaintext, aad);
        return plaintext;
    }

    private static ECDiffieHellman ImportEcdhPublicKey(string spki)
    {
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(FromBase64(spki), out _);
            RequireP256(key);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static void RequireP256(ECAlgorithm key)
    {
        if (key.ExportParameters(false).Curve.Oid?.Value != P256Oid) throw new CryptographicException("Only P-256 keys are accepted.");
    }

    private static void RequireContentKey(byte[] contentKey)
    {
        ArgumentNullException.ThrowIfNull(contentKey);
        if (contentKey.Length != KeySize) throw new ArgumentException("A content key is 32 bytes.", nameof(contentKey));
    }

    private static byte[] FromBase64(string? text)
    {
        try
        {
            return Convert.FromBase64String(text ?? throw new CryptographicException("A required value is missing."));
        }
        catch (FormatException ex)
        {
            throw new CryptographicException("A value is not valid base64.", ex);
        }
    }

    private static T ReadJson<T>(string? json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json ?? "", JsonSerializerOptions.Web) ?? throw new CryptographicException($"Empty {what}.");
        }
        catch (JsonException ex)
        {
            throw new CryptographicException($"Malformed {what}.", ex);
        }
    }

    private sealed record WrappedUserKeys(int V, string Kdf, int Iterations, string Salt, string Iv, string Ciphertext);

    private sealed record WrappedUserKeysContent(string Encryption, string Signing, string EncryptionPublicKey, string SigningPublicKey);

    private sealed record SealedBlob(int V, string Epk, string Iv, string Ciphertext);
}
