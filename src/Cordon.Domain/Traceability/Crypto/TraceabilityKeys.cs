using System.Security.Cryptography;
using System.Text.Json;

namespace Cordon.Domain.Traceability.Crypto;

/// <summary>
/// A user's unlocked private keys: ECDH P-256 to receive wrapped Party keys, ECDSA P-256 to sign messages.
/// Only ever in memory on the user's side (browser, CLI, connector); the server holds them wrapped.
/// </summary>
public sealed class UserKeys : IDisposable
{
    internal UserKeys(ECDiffieHellman encryption, ECDsa signing)
    {
        Encryption = encryption;
        Signing = signing;
        EncryptionPublicKey = Convert.ToBase64String(encryption.ExportSubjectPublicKeyInfo());
        SigningPublicKey = Convert.ToBase64String(signing.ExportSubjectPublicKeyInfo());
        Fingerprint = TraceabilityCrypto.Fingerprint(EncryptionPublicKey, SigningPublicKey);
    }

    public ECDiffieHellman Encryption { get; }

    public ECDsa Signing { get; }

    /// <summary>Base64 SubjectPublicKeyInfo.</summary>
    public string EncryptionPublicKey { get; }

    /// <summary>Base64 SubjectPublicKeyInfo.</summary>
    public string SigningPublicKey { get; }

    public string Fingerprint { get; }

    public void Dispose()
    {
        Encryption.Dispose();
        Signing.Dispose();
    }
}

/// <summary>What a new user registers (the four strings, all safe to hand to the server) and the unlocked keys.</summary>
public sealed record GeneratedUserKeys(string EncryptionPublicKey, string SigningPublicKey, string Fingerprint, string WrappedPrivateKeys, UserKeys Keys);

/// <summary>One generation of a Party's key pair (ECDH P-256). The private key never leaves the users' side unwrapped.</summary>
public sealed class PartyKey(string publicKey, ECDiffieHellman privateKey) : IDisposable
{
    /// <summary>Base64 SubjectPublicKeyInfo.</summary>
    public string PublicKey { get; } = publicKey;

    public ECDiffieHellman PrivateKey { get; } = privateKey;

    public void Dispose() => PrivateKey.Dispose();
}

/// <summary>A message as stored by the server: base64 AES-GCM ciphertext and the sender's base64 ECDSA signature over it.</summary>
public sealed record EncryptedMessage(string Ciphertext, string Signature);

/// <summary>A decrypted message: its UTF-8 JSON and whether the signature is the claimed sender's.</summary>
public sealed record DecryptedMessage(byte[] Json, bool SignatureValid)
{
    public T? As<T>(JsonSerializerOptions? options = null) => JsonSerializer.Deserialize<T>(Json, options ?? JsonSerializerOptions.Web);

    public JsonElement Content => JsonDocument.Parse(Json).RootElement.Clone();
}
