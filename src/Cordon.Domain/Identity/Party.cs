namespace Cordon.Domain.Identity;

/// <summary>A country or territory taking part in Cordon, identified by its ISO 3166-1 alpha-2 code.</summary>
public sealed class Party
{
    /// <summary>ISO 3166-1 alpha-2 code, upper case; the key.</summary>
    public required string Code { get; init; }

    /// <summary>Set once the Secretariat has verified the Party's first national administrator.</summary>
    public DateTimeOffset? VerifiedAt { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public List<PartyModuleMembership> Memberships { get; init; } = [];

    public bool IsMemberOf(CordonModule module) => Memberships.Any(m => m.Module == module && m.LeftAt is null);
}

/// <summary>A Party joins and leaves each module separately; the history is kept.</summary>
public sealed class PartyModuleMembership
{
    public long Id { get; init; }
    public required string PartyCode { get; init; }
    public CordonModule Module { get; init; }
    public DateTimeOffset JoinedAt { get; init; }
    public DateTimeOffset? LeftAt { get; set; }
}

public enum AuthorityKind
{
    Regulator,
    Customs,
    Police,
    ManagementAuthority,
    ScientificAuthority,
    Other,
}

/// <summary>A competent national authority or agency of a Party. Many per Party.</summary>
public sealed class Authority
{
    public Guid Id { get; init; }
    public required string PartyCode { get; init; }
    public required string Name { get; set; }
    public AuthorityKind Kind { get; set; }
    public string? Address { get; set; }
    public string? Email { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Optimistic concurrency token, exposed to the API as the ETag.</summary>
    public long Version { get; set; }
}

/// <summary>A module right granted to a user. Never deleted: revoking stamps <see cref="RevokedAt"/>.</summary>
public sealed class ModuleGrant
{
    public long Id { get; init; }
    public Guid UserId { get; init; }
    public CordonModule Module { get; init; }
    public ModuleRight Right { get; init; }
    public Guid GrantedBy { get; init; }
    public DateTimeOffset GrantedAt { get; init; }
    public Guid? RevokedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsActive => RevokedAt is null;
    public ModulePermission Permission => new(Module, Right);
}
