using System.Security.Cryptography;
using Cordon.Domain.Audit;

namespace Cordon.Domain.Api;

/// <summary>
/// A national system's credential, owned by one Authority. The token itself is never stored: only its
/// SHA-256, so a database leak does not leak usable tokens.
/// </summary>
public sealed class ApiClient
{
    public Guid Id { get; init; }
    public Guid AuthorityId { get; init; }
    public required string PartyCode { get; init; }
    public required string Name { get; set; }

    /// <summary>Scopes as module permissions ("Permits.Submit"), space-separated.</summary>
    public required string Scopes { get; set; }

    /// <summary>SHA-256 (hex) of the secret part of the token.</summary>
    public required string SecretHash { get; init; }
    public Guid CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
    public Guid? RevokedBy { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    public IEnumerable<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>Token format: "cdn_" + client id (32 hex) + "_" + 43-char base64url secret.</summary>
public static class ApiToken
{
    public const string Prefix = "cdn_";

    public static (string Token, string SecretHash) Issue(Guid clientId)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{clientId:N}_{secret}", AuditChain.Sha256Hex(secret));
    }

    public static bool TryParse(string? token, out Guid clientId, out string secretHash)
    {
        clientId = Guid.Empty;
        secretHash = "";
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length != Prefix.Length + 32 + 1 + 43) return false;
        if (token[Prefix.Length + 32] != '_') return false;
        if (!Guid.TryParseExact(token.AsSpan(Prefix.Length, 32), "N", out clientId)) return false;
        secretHash = AuditChain.Sha256Hex(token[(Prefix.Length + 33)..]);
        return true;
    }

    /// <summary>Compares hashes in constant time.</summary>
    public static bool Matches(string storedHash, string presentedHash) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(storedHash), System.Text.Encoding.ASCII.GetBytes(presentedHash));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
