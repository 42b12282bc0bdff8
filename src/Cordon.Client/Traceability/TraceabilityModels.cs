using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cordon.Client.Traceability;

// ---- What the API returns (keys and content are opaque strings; see docs/traceability-crypto.md) ----

public sealed record UserKeyDto(Guid Id, Guid UserId, string Party, string EncryptionPublicKey, string SigningPublicKey, string Fingerprint, DateTimeOffset RegisteredAt);

public sealed record ShareDto(int Generation, string WrappedPrivateKey);

public sealed record GenerationDto(int Number, string PublicKey, DateTimeOffset CreatedAt, string CreatedBy, string Reason, string? Endorsement,
    string? EndorserSigningPublicKey, string? EndorserFingerprint);

public sealed record PartyKeyStatusDto(string Party, int? CurrentGeneration, string? CurrentPublicKey, bool RotationRequired, IReadOnlyList<GenerationDto> Generations);

public sealed record MyKeysDto(UserKeyDto? Key, string? WrappedPrivateKeys, bool Confirmed, IReadOnlyList<ShareDto> Shares, PartyKeyStatusDto Party);

public sealed record ChainSummaryDto(Guid Id, string RequestingParty, string RespondingParty, string State, DateTimeOffset CreatedAt, DateTimeOffset LastMessageAt,
    int UimCount, int MessageCount, int UnreadForMe, int NotActionedForMe);

public sealed record KeyVersionDto(int Number, int Generation, string WrappedKey, int OtherGeneration);

public sealed record MessageDto(Guid Id, int Sequence, string Kind, string SenderParty, string RecipientParty, Guid SenderUserId, string SenderName, Guid SenderKeyId,
    string SenderSigningPublicKey, string SenderFingerprint, int KeyVersion, string Ciphertext, string Signature, int UimCount, DateTimeOffset SentAt,
    DateTimeOffset? ReadAt, DateTimeOffset? ActionedAt);

public sealed record ChainDto(Guid Id, string RequestingParty, string RespondingParty, string MyParty, string State, DateTimeOffset CreatedAt, int CurrentKeyVersion,
    int UimCount, long Version, IReadOnlyList<KeyVersionDto> KeyVersions, IReadOnlyList<MessageDto> Messages);

public sealed record TransferDto(Guid Id, string Party, Guid ChainId, Guid RequestMessageId, string Direction, string State, DateTimeOffset ProposedAt,
    Guid ProposedBy, string ProposerName, string? ProposerSigningPublicKey, string? ProposerFingerprint, int Generation, string WrappedKey, string Preview,
    string PreviewSignature, string PreviewDigest, int UimCount, DateTimeOffset? DecidedAt, string? DecidedByName, string? ApproverSigningPublicKey,
    string? ApproverFingerprint, string? ApprovalSignature, DateTimeOffset? DoneAt, Guid? ResultMessageId, long Version);

// ---- What the Parties write (inside the ciphertext; the pages' convention, docs/traceability.md) ----

/// <summary>A request: the UIMs, free-text questions and the Article 8 §4.1 items wanted (letters a to j).</summary>
public sealed record TraceabilityRequest(string Subject, IReadOnlyList<string> Uims, string Questions, IReadOnlyList<string> Wanted)
{
    public string Type { get; init; } = "request";
}

/// <summary>A reply per UIM: valid in the national system or not, the standardized template (a..j) and free text.</summary>
public sealed record UimAnswer(string Uim, bool? Valid, IReadOnlyDictionary<string, string> Template, string Text);

public sealed record TraceabilityReply(IReadOnlyList<UimAnswer> Answers, string Text)
{
    public string Type { get; init; } = "reply";

    [JsonPropertyName("attachments")]
    public IReadOnlyList<object> Attachments { get; init; } = [];
}

/// <summary>A decrypted message of a chain and whether its signature is the sender's registered key.</summary>
public sealed record DecryptedChainMessage(MessageDto Message, JsonElement Content, bool SignatureValid);

/// <summary>A decrypted transfer preview and whether the proposing connector's signature over it holds.</summary>
public sealed record OpenedTransfer(TransferDto Transfer, JsonElement Preview, bool SignatureValid);

/// <summary>A key the client refuses to use: not endorsed by the Party's administrator, or endorsed by a key other than the one pinned.</summary>
public sealed class TraceabilityTrustException(string message) : Exception(message);
