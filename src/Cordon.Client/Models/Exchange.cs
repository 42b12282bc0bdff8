namespace Cordon.Client.Models;

public enum WebhookDeliveryState
{
    Pending,
    Delivered,
    Failed,
}

public sealed record FeedItemDto(long Id, string Module, string RecordType, string RecordId, string Event, DateTimeOffset CreatedAt);

/// <summary>One page of the change feed. Store <see cref="NextCursor"/> and pass it to the next call.</summary>
public sealed record FeedResponse(IReadOnlyList<FeedItemDto> Items, long NextCursor, bool HasMore);

/// <summary>A webhook subscription; <see cref="Secret"/> is only returned by the call that created it.</summary>
public sealed record WebhookDto(Guid Id, string Url, DateTimeOffset CreatedAt, bool Active, string? Secret);

public sealed record NewWebhook(string Url);

public sealed record WebhookDeliveryDto(
    long Id,
    long FeedItemId,
    WebhookDeliveryState State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? LastError);
