namespace Cordon.Client.Models;

public sealed record CheckpointDto(long Sequence, string Hash, DateTimeOffset CreatedAt, string Signature, string KeyId);

/// <summary>Signed checkpoints of the audit chain head, newest first, with the platform's public key (SPKI, base64).</summary>
public sealed record CheckpointList(string PublicKeySpkiBase64, IReadOnlyList<CheckpointDto> Checkpoints);
