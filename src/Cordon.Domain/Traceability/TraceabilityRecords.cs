namespace Cordon.Domain.Traceability;

/// <summary>
/// A pattern of the published UIM library as stored: the <see cref="UimPattern"/> fields plus who changed it and when.
/// Segments and examples are kept as JSON text (they are read whole, never queried).
/// </summary>
public sealed class UimPatternEntry
{
    public Guid Id { get; init; }
    public required string PartyCode { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public UimLevel Level { get; set; }

    /// <summary>JSON array of segments (literal / alphabet / min / max), or null when <see cref="Regex"/> is set.</summary>
    public string? SegmentsJson { get; set; }
    public string? Regex { get; set; }

    /// <summary>JSON array of example codes.</summary>
    public required string ExamplesJson { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }

    /// <summary>Withdrawn patterns leave the published library; the row and its audit trail stay.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }
    public long Version { get; set; }
}

/// <summary>
/// A user's key pair for traceability, generated in the user's browser or CLI. The server holds only public keys and
/// the private keys wrapped (AES-256-GCM) under a key derived from the user's passphrase (PBKDF2-SHA256): it cannot
/// unwrap them. A new registration replaces the previous one (which stays, so old signatures remain verifiable).
/// </summary>
public sealed class TraceabilityUserKey
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public required string PartyCode { get; init; }

    /// <summary>ECDH P-256 public key, base64 SPKI: Party private keys are wrapped to it.</summary>
    public required string EncryptionPublicKey { get; init; }

    /// <summary>ECDSA P-256 public key, base64 SPKI: verifies the messages the user signs.</summary>
    public required string SigningPublicKey { get; init; }

    /// <summary>Human-comparable digest of both public keys; the national administrator compares it with the member.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Both private keys, encrypted with the user's passphrase-derived key (opaque blob, see docs/traceability-crypto.md).</summary>
    public required string WrappedPrivateKeys { get; init; }
    public DateTimeOffset RegisteredAt { get; init; }
    public DateTimeOffset? ReplacedAt { get; set; }
}

/// <summary>
/// One generation of a Party's key pair. The private key never reaches the server unwrapped: the national administrator
/// generates it on their side and sends one <see cref="PartyKeyShare"/> per confirmed member. Removing a member makes the
/// current generation stale: the next chain key version must use a new generation, which the removed member never gets.
/// </summary>
public sealed class PartyKeyGeneration
{
    public Guid Id { get; init; }
    public required string PartyCode { get; init; }
    public int Number { get; init; }

    /// <summary>ECDH P-256 public key, base64 SPKI: chain content keys are wrapped to it.</summary>
    public required string PublicKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public Guid? CreatedBy { get; init; }
    public required string CreatedByName { get; init; }
    public required string Reason { get; init; }

    /// <summary>
    /// The creating national administrator's ECDSA signature over (Party, number, public key), see
    /// <c>TraceabilityCrypto.EndorsePartyKey</c>: senders verify it before wrapping a content key to this key, so the server
    /// cannot hand out a key of its own. Null only for generations created before endorsements existed (refused by clients).
    /// </summary>
    public string? Endorsement { get; init; }

    /// <summary>The administrator's user key whose signing key made <see cref="Endorsement"/>.</summary>
    public Guid? EndorsedByKeyId { get; init; }
}

/// <summary>A Party generation's private key wrapped (ECDH + HKDF + AES-GCM) to one member's encryption public key.</summary>
public sealed class PartyKeyShare
{
    public long Id { get; init; }
    public Guid GenerationId { get; init; }
    public required string PartyCode { get; init; }
    public int Generation { get; init; }
    public Guid UserId { get; init; }
    public Guid UserKeyId { get; init; }

    /// <summary>The generation's private key, wrapped to the member's key <see cref="UserKeyId"/>; opaque to the server.</summary>
    public required string WrappedPrivateKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public Guid? CreatedBy { get; init; }
}

public enum ChainState
{
    Open,
    Answered,
    Closed,
}

public enum TraceabilityMessageKind
{
    Request,
    Reply,
    FollowUp,
}

/// <summary>
/// A request from one Party to the Party that issued the UIMs, its reply and follow-ups. The server keeps only what the
/// statistics need: the two Parties, state, times and the number of UIMs; everything written is ciphertext.
/// </summary>
public sealed class TraceabilityChain
{
    public Guid Id { get; init; }
    public required string RequestingParty { get; init; }
    public required string RespondingParty { get; init; }
    public ChainState State { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public Guid? CreatedBy { get; init; }
    public DateTimeOffset LastMessageAt { get; set; }
    public DateTimeOffset? FirstReplyAt { get; set; }

    /// <summary>Seconds from the request to the first reply, kept so the average is one indexed aggregate on both providers.</summary>
    public long? ReplySeconds { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public int CurrentKeyVersion { get; set; }
    public int UimCount { get; set; }
    public int MessageCount { get; set; }
    public long Version { get; set; }
}

/// <summary>A version of a chain's content key, wrapped to each Party's then-current key generation.</summary>
public sealed class ChainKeyVersion
{
    public long Id { get; init; }
    public Guid ChainId { get; init; }
    public int Number { get; init; }
    public int RequestingGeneration { get; init; }

    /// <summary>The chain's AES-256 content key wrapped to the requesting Party's generation public key (opaque).</summary>
    public required string RequestingWrappedKey { get; init; }
    public int RespondingGeneration { get; init; }

    /// <summary>The same content key wrapped to the responding Party's generation public key (opaque).</summary>
    public required string RespondingWrappedKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public Guid? CreatedBy { get; init; }
}

/// <summary>One message of a chain: ciphertext (AES-256-GCM under the chain key version) and the sender's ECDSA signature.</summary>
public sealed class TraceabilityMessage
{
    public Guid Id { get; init; }
    public Guid ChainId { get; init; }
    public int Sequence { get; init; }
    public TraceabilityMessageKind Kind { get; init; }
    public required string SenderParty { get; init; }
    public required string RecipientParty { get; init; }
    public Guid SenderUserId { get; init; }
    public Guid SenderKeyId { get; init; }
    public int KeyVersion { get; init; }

    /// <summary>The message content (UIMs, questions, tick boxes, replies, attachment names) encrypted on the sender's side.</summary>
    public required string Ciphertext { get; init; }

    /// <summary>ECDSA P-256 signature by the sender's signing key over the ciphertext and its context.</summary>
    public required string Signature { get; init; }
    public int UimCount { get; init; }
    public DateTimeOffset SentAt { get; init; }
    public DateTimeOffset? ReadAt { get; set; }
    public Guid? ReadBy { get; set; }
    public DateTimeOffset? ActionedAt { get; set; }
    public Guid? ActionedBy { get; set; }
    public int AttachmentCount { get; init; }
    public long AttachmentBytes { get; init; }
}

/// <summary>An attachment, encrypted on the sender's side under the message's chain key version (its name is inside the message).</summary>
public sealed class TraceabilityAttachment
{
    public Guid Id { get; init; }
    public Guid MessageId { get; init; }
    public Guid ChainId { get; init; }

    /// <summary>Opaque ciphertext text (base64 of nonce + AES-GCM output).</summary>
    public required string Ciphertext { get; init; }
    public int Size { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// Per-month counters of the messages between two Parties, maintained in the same transaction as each message and
/// read/actioned mark (ADR 27), so the Secretariat's statistics read a few thousand rows instead of every message.
/// Month = year * 12 + month - 1 of the UTC send time (of the chain's creation for the reply-time columns); a row with
/// Month = -year sums that whole year, so that a period of years reads one row per pair and year.
/// </summary>
public sealed class TraceabilityMonthlyCount
{
    public int Month { get; init; }

    /// <summary>Sender of the messages; requesting Party of the chains.</summary>
    public required string FromParty { get; init; }

    /// <summary>Recipient of the messages; responding Party of the chains.</summary>
    public required string ToParty { get; init; }
    public int Requests { get; set; }
    public int Replies { get; set; }
    public int FollowUps { get; set; }

    /// <summary>UIMs asked about (requests and follow-ups; replies repeat them and are not added).</summary>
    public long Uims { get; set; }

    /// <summary>Of these messages, those the recipient has not actioned yet, and those not even read.</summary>
    public int NotActioned { get; set; }
    public int Unread { get; set; }

    /// <summary>Chains created in the month (From → To) that have had a first reply, and the sum of their reply times.</summary>
    public int RepliedChains { get; set; }
    public long ReplySeconds { get; set; }

    public static int MonthOf(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return utc.Year * 12 + utc.Month - 1;
    }

    public static DateTimeOffset StartOf(int month) => new(month / 12, month % 12 + 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The key of the whole-year row the month belongs to.</summary>
    public static int YearRow(int month) => -(month / 12);
}

public enum TransferDirection
{
    /// <summary>A request's content going to the Party's national track-and-trace system.</summary>
    Query,

    /// <summary>A reply built from the national system's answer, going back to Cordon (to the requesting Party).</summary>
    Reply,
}

public enum TransferState
{
    Pending,
    Approved,
    Rejected,
    Done,
}

/// <summary>
/// A transfer the Party's connector proposes and an authorized user of the Party must approve (ADR 26). The server holds
/// the preview only as ciphertext sealed to the Party's own key (never to the other Party), its SHA-256 (what the approver
/// signs), and who decided when: the approver decrypts and reads the preview on the Party's side.
/// </summary>
public sealed class ConnectorTransfer
{
    public Guid Id { get; init; }
    public required string PartyCode { get; init; }
    public Guid ChainId { get; init; }

    /// <summary>The request this transfer serves (the message the connector picked up).</summary>
    public Guid RequestMessageId { get; init; }
    public TransferDirection Direction { get; init; }

    /// <summary>Who proposed it: the connector's system user (an API client id).</summary>
    public Guid ProposedBy { get; init; }
    public DateTimeOffset ProposedAt { get; init; }

    /// <summary>The Party generation the preview key is sealed to.</summary>
    public int Generation { get; init; }

    /// <summary>The preview's AES key sealed to the Party's generation public key (opaque).</summary>
    public required string WrappedKey { get; init; }

    /// <summary>What will be sent, encrypted (opaque): exactly the query for the national system or the reply for Cordon.</summary>
    public required string Preview { get; init; }

    /// <summary>The connector's ECDSA signature over the preview (it is encrypted and signed as a message with context transfer:&lt;id&gt;).</summary>
    public required string PreviewSignature { get; init; }

    /// <summary>The connector's user key that signed the preview.</summary>
    public Guid ProposerKeyId { get; init; }

    /// <summary>SHA-256 (hex) of <see cref="Preview"/>: the approval is a signature over it.</summary>
    public required string PreviewDigest { get; init; }
    public int UimCount { get; init; }
    public TransferState State { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public Guid? DecidedBy { get; set; }
    public Guid? ApproverKeyId { get; set; }

    /// <summary>The approver's ECDSA signature over the transfer id and the preview digest (base64, opaque to the server).</summary>
    public string? ApprovalSignature { get; set; }
    public DateTimeOffset? DoneAt { get; set; }

    /// <summary>For a reply: the message id the connector sent.</summary>
    public Guid? ResultMessageId { get; set; }
    public long Version { get; set; }
}
