namespace Cordon.Domain.Exchange;

public enum DeliveryState
{
    Pending,
    Delivered,
    Read,
    Actioned,
}

/// <summary>
/// One record of a Party addressed to one recipient Party (or the Secretariat's copy), with its state.
/// Every module delivers through this: an authorization to the exporter, a notification to the importer...
/// </summary>
public sealed class Delivery
{
    public long Id { get; init; }
    public required string Module { get; init; }
    public required string RecordType { get; init; }
    public required string RecordId { get; init; }
    public required string SenderPartyCode { get; init; }

    /// <summary>ISO 3166-1 alpha-2 of the recipient, or <see cref="SecretariatRecipient"/>.</summary>
    public required string RecipientPartyCode { get; init; }
    public DeliveryState State { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public DateTimeOffset? ActionedAt { get; set; }

    public const string SecretariatRecipient = "**";

    public bool IsSecretariatCopy => RecipientPartyCode == SecretariatRecipient;

    /// <summary>States only move forward; a late "delivered" never undoes "read".</summary>
    public bool Advance(DeliveryState to, DateTimeOffset at)
    {
        if (to <= State) return false;
        State = to;
        if (to >= DeliveryState.Delivered) DeliveredAt ??= at;
        if (to >= DeliveryState.Read) ReadAt ??= at;
        if (to >= DeliveryState.Actioned) ActionedAt ??= at;
        return true;
    }
}

/// <summary>
/// An entry of a recipient's change feed. Ids are assigned under the ledger lock, so they are committed in
/// increasing order and a reader following the cursor never misses or repeats one.
/// </summary>
public sealed class FeedItem
{
    public long Id { get; set; }
    public required string RecipientPartyCode { get; init; }
    public required string Module { get; init; }
    public required string RecordType { get; init; }
    public required string RecordId { get; init; }

    /// <summary>What happened to the record: "created", "amended", "cancelled", "answered"...</summary>
    public required string Event { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public long? DeliveryId { get; set; }

    /// <summary>Sets the delivery (once it has its id) and returns the item.</summary>
    public FeedItem WithDelivery(long? deliveryId)
    {
        DeliveryId = deliveryId;
        return this;
    }
}
