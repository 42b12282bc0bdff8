using Microsoft.AspNetCore.Identity;

namespace Cordon.Application.Identity;

/// <summary>A person using Cordon. Belongs to one Authority of one Party, or to the Secretariat (both null).</summary>
public sealed class CordonUser : IdentityUser<Guid>
{
    public Guid? AuthorityId { get; set; }
    public string? PartyCode { get; set; }
    public required string DisplayName { get; set; }

    /// <summary>"en", "fr", "ru" or "es"; the UI language remembered for the user.</summary>
    public string PreferredLanguage { get; set; } = "en";
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedBy { get; set; }

    /// <summary>Users are never deleted: removal locks the account and is recorded.</summary>
    public DateTimeOffset? RemovedAt { get; set; }
    public Guid? RemovedBy { get; set; }

    public bool IsSecretariat => PartyCode is null;
}

public sealed class CordonRole : IdentityRole<Guid>
{
}

/// <summary>Claim types that Cordon adds to the principal at sign-in.</summary>
public static class CordonClaims
{
    public const string Party = "cordon:party";
    public const string Authority = "cordon:authority";
    public const string Permission = "cordon:perm";
    public const string DisplayName = "cordon:name";
    public const string ApiClient = "cordon:api-client";
}
