using Cordon.Domain.Traceability;

namespace Cordon.Application.Traceability;

// ---- The UIM pattern library ----

public sealed record SegmentInput(string? Literal, string? Alphabet, int? Min, int? Max);

/// <summary>A pattern as a Party (or the Secretariat) publishes it. <c>party</c> is taken from the caller unless the Secretariat curates.</summary>
public sealed record PatternInput(string? Party, string? Name, string? Description, string? Level, List<SegmentInput?>? Segments, string? Regex,
    List<string?>? Examples, DateOnly? ValidFrom, DateOnly? ValidTo);

public sealed record PatternView(Guid Id, string Party, string Name, string Description, string Level, IReadOnlyList<SegmentView>? Segments, string? Regex,
    IReadOnlyList<string> Examples, DateOnly ValidFrom, DateOnly? ValidTo, DateTimeOffset UpdatedAt, string UpdatedBy, DateTimeOffset? WithdrawnAt, long Version);

public sealed record SegmentView(string? Literal, string? Alphabet, int? Min, int? Max);

// ---- Keys ----

public sealed record UserKeyInput(string? EncryptionPublicKey, string? SigningPublicKey, string? Fingerprint, string? WrappedPrivateKeys);

public sealed record UserKeyView(Guid Id, Guid UserId, string Party, string EncryptionPublicKey, string SigningPublicKey, string Fingerprint, DateTimeOffset RegisteredAt);

public sealed record ShareView(int Generation, string WrappedPrivateKey);

/// <summary>What a user needs to unlock their side: their wrapped private keys and their Party's key shares for their current key.</summary>
public sealed record MyKeysView(UserKeyView? Key, string? WrappedPrivateKeys, bool Confirmed, IReadOnlyList<ShareView> Shares, PartyKeyStatus Party);

/// <summary>A generation with its administrator's endorsement and the key that made it: clients verify both before wrapping to it.</summary>
public sealed record GenerationView(int Number, string PublicKey, DateTimeOffset CreatedAt, string CreatedBy, string Reason, string? Endorsement,
    string? EndorserSigningPublicKey, string? EndorserFingerprint);

/// <summary>A Party's key generations; <c>RotationRequired</c> when a member who holds the current generation has left the module.</summary>
public sealed record PartyKeyStatus(string Party, int? CurrentGeneration, string? CurrentPublicKey, bool RotationRequired, IReadOnlyList<GenerationView> Generations);

/// <summary>One member of the Party in the module, for the national administrator's confirmation list.</summary>
public sealed record MemberKeyView(Guid UserId, string Name, string Email, Guid? KeyId, string? Fingerprint, string? EncryptionPublicKey, string? SigningPublicKey,
    DateTimeOffset? RegisteredAt, IReadOnlyList<int> MissingGenerations, bool Confirmed, bool System = false);

/// <summary>The administrator's page: status, members to confirm, and members whose departure requires a new generation.</summary>
public sealed record PartyKeysAdminView(PartyKeyStatus Status, IReadOnlyList<MemberKeyView> Members, IReadOnlyList<string> DepartedHolders);

public sealed record ShareInput(Guid? UserKeyId, int? Generation, string? WrappedKey);

public sealed record GenerationInput(int? Number, string? PublicKey, string? Reason, List<ShareInput?>? Shares, string? Endorsement = null);

public sealed record ConfirmMemberInput(Guid? UserKeyId, List<ShareInput?>? Shares);

// ---- Chains ----

public sealed record KeyVersionInput(int? Number, int? RequestingGeneration, string? RequestingWrappedKey, int? RespondingGeneration, string? RespondingWrappedKey);

public sealed record AttachmentInput(Guid? Id, string? Ciphertext);

public sealed record MessageInput(Guid? Id, string? Kind, int? KeyVersion, string? Ciphertext, string? Signature, int? UimCount, List<AttachmentInput?>? Attachments);

public sealed record ChainInput(Guid? Id, string? RespondingParty, KeyVersionInput? Keys, MessageInput? Message);

public sealed record ChainSummary(Guid Id, string RequestingParty, string RespondingParty, ChainState State, DateTimeOffset CreatedAt, DateTimeOffset LastMessageAt,
    int UimCount, int MessageCount, int UnreadForMe, int NotActionedForMe);

public sealed record KeyVersionView(int Number, int Generation, string WrappedKey, int OtherGeneration);

public sealed record AttachmentView(Guid Id, int Size);

public sealed record MessageView(Guid Id, int Sequence, TraceabilityMessageKind Kind, string SenderParty, string RecipientParty, Guid SenderUserId, string SenderName,
    Guid SenderKeyId, string SenderSigningPublicKey, string SenderFingerprint, int KeyVersion, string Ciphertext, string Signature, int UimCount, DateTimeOffset SentAt,
    DateTimeOffset? ReadAt, DateTimeOffset? ActionedAt, IReadOnlyList<AttachmentView> Attachments);

/// <summary>A chain as one of its two Parties sees it: its own side's wrapped content keys only.</summary>
public sealed record ChainView(Guid Id, string RequestingParty, string RespondingParty, string MyParty, ChainState State, DateTimeOffset CreatedAt,
    DateTimeOffset LastMessageAt, DateTimeOffset? FirstReplyAt, DateTimeOffset? ClosedAt, int CurrentKeyVersion, int UimCount, long Version,
    IReadOnlyList<KeyVersionView> KeyVersions, IReadOnlyList<MessageView> Messages);
