namespace Cordon.Application.Api;

/// <summary>
/// The stored outcome of a POST made with an Idempotency-Key, written in the same transaction as the
/// POST's own changes: a retry after a crash either finds it (and replays the answer) or finds nothing
/// changed (and runs again). Never both, never neither.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; init; }

    /// <summary>Who made the request (user or API client id): keys are scoped per caller.</summary>
    public required string Caller { get; init; }
    public required string Key { get; init; }

    /// <summary>SHA-256 of method, path and body; the same key with another request is refused.</summary>
    public required string RequestHash { get; init; }
    public int StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    public string? Location { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
