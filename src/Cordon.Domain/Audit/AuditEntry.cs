namespace Cordon.Domain.Audit;

/// <summary>
/// One link of the append-only, hash-chained audit trail. <see cref="Hash"/> covers every other field and
/// <see cref="PreviousHash"/>, so changing, deleting or inserting an entry breaks the chain.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>1, 2, 3... without gaps; the key.</summary>
    public long Sequence { get; set; }

    /// <summary>UTC, truncated to microseconds so it survives PostgreSQL's timestamptz unchanged.</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>What happened, as a dotted verb: "user.created", "grant.revoked", "authorization.issued".</summary>
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public Guid? UserId { get; set; }
    public string? UserName { get; set; }
    public Guid? AuthorityId { get; set; }

    /// <summary>The acting user's Party (ISO 3166-1 alpha-2); null for the Secretariat and the system.</summary>
    public string? PartyCode { get; set; }

    /// <summary>The Parties whose records this entry concerns, ";"-separated, so each can browse its own audit.</summary>
    public string? ConcernsParties { get; set; }
    public string? IpAddress { get; set; }
    public string? Details { get; set; }

    /// <summary>SHA-256 (hex) of the record's JSON after the change; empty when there is no record state.</summary>
    public string RecordHash { get; set; } = "";
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

/// <summary>A signed statement of the chain head at one moment. Parties can keep copies of these.</summary>
public sealed class AuditCheckpoint
{
    public long Id { get; init; }
    public long Sequence { get; init; }
    public required string Hash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>ECDSA P-256 / SHA-256 signature (IEEE P1363, base64) of <see cref="AuditChain.CheckpointPayload"/>.</summary>
    public required string Signature { get; init; }

    /// <summary>SHA-256 fingerprint (hex) of the platform public key that signed it.</summary>
    public required string KeyId { get; init; }
}
