using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Application.Notifications;
using Cordon.Domain.Exchange;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Exchange;

/// <summary>What a module sends: one record of one Party to other Parties.</summary>
public sealed record Dispatch(
    string Module,
    string RecordType,
    string RecordId,
    string SenderPartyCode,
    IReadOnlyCollection<string> Recipients,
    bool SecretariatCopy,
    string Event,
    string MessageKey,
    IReadOnlyList<string> MessageArgs,
    string Link)
{
    /// <summary>
    /// How the recipients' users are e-mailed: at once when null (the default). A module whose users choose how they are
    /// e-mailed (Incidents: at once, daily digest or never) passes its own; it is given the users the delivery notified in
    /// the app, with their addresses, so that they are read once for both.
    /// </summary>
    public Func<IReadOnlyList<(Guid Id, string? Email)>, CancellationToken, Task>? EmailUsers { get; init; }

    /// <summary>
    /// The record was created in the caller's transaction, so it has no deliveries in the database yet and none are read
    /// (a saving of one query on every filing). Deliveries added earlier in the same transaction are still found.
    /// </summary>
    public bool NewRecord { get; init; }
}

/// <summary>
/// Delivery of records between Parties, used by every module: per-recipient delivery state, the Secretariat's
/// copy, a live notification to the recipients' users, a change-feed item and a webhook delivery per
/// subscription of the recipient. Runs in the caller's write transaction, so it is all-or-nothing with
/// the record itself; the feed items are written when that transaction commits (ADR 0018).
/// </summary>
public sealed class PartyExchange(CordonDbContext db, Notifier notifier, TimeProvider clock)
{
    public async Task<IReadOnlyList<Delivery>> SendAsync(Dispatch d, CancellationToken ct = default)
    {
        using var activity = Common.CordonTelemetry.Source.StartActivity("exchange.send");
        activity?.SetTag("cordon.module", d.Module);
        activity?.SetTag("cordon.record_type", d.RecordType);
        var now = clock.GetUtcNow();
        var recipients = d.Recipients.Where(r => r != d.SenderPartyCode).Distinct().ToList();
        if (d.SecretariatCopy) recipients.Add(Delivery.SecretariatRecipient);

        var existing = recipients.Count == 0 ? []
            : d.NewRecord ? db.PendingDeliveries.Where(x => x.RecordType == d.RecordType && x.RecordId == d.RecordId).ToList()
            : await db.Deliveries
                .Where(x => x.RecordType == d.RecordType && x.RecordId == d.RecordId && recipients.Contains(x.RecipientPartyCode))
                .ToListAsync(ct);
        var deliveries = new List<Delivery>();
        foreach (var recipient in recipients)
        {
            var delivery = existing.FirstOrDefault(x => x.RecipientPartyCode == recipient);
            if (delivery is null)
            {
                delivery = new Delivery
                {
                    Module = d.Module, RecordType = d.RecordType, RecordId = d.RecordId,
                    SenderPartyCode = d.SenderPartyCode, RecipientPartyCode = recipient,
                    State = DeliveryState.Pending, CreatedAt = now,
                };
                // Async: on PostgreSQL the id is drawn from a block of the sequence, which now and then reads the next block.
                await db.Deliveries.AddAsync(delivery, ct);
            }
            deliveries.Add(delivery);
        }
        var partyRecipients = recipients.Where(r => r != Delivery.SecretariatRecipient).ToList();
        // The recipients' users and webhook subscriptions in one round trip.
        var addressees = await UserDirectory.AddresseesAsync(db, partyRecipients, $"{d.Module}.View", d.SecretariatCopy, ct);
        var subscriptions = addressees.Where(a => a.WebhookParty is not null).Select(a => (a.Id, PartyCode: a.WebhookParty!)).ToList();
        foreach (var delivery in deliveries)
        {
            // The feed item (and its webhook deliveries) are inserted at commit, under the ledger lock, so that
            // feed ids follow commit order and a reader's cursor never passes a row that commits later. A new
            // delivery is saved with the rest of the request; the item learns its id then.
            db.EnqueueFeedItem(new FeedItem
            {
                RecipientPartyCode = delivery.RecipientPartyCode, Module = d.Module, RecordType = d.RecordType,
                RecordId = d.RecordId, Event = d.Event, CreatedAt = now,
            }, delivery, subscriptions.Where(s => s.PartyCode == delivery.RecipientPartyCode).Select(s => s.Id).ToList());
        }
        var users = addressees.Where(a => a.WebhookParty is null).Select(a => (a.Id, a.Email)).ToList();
        notifier.Notify(users, d.MessageKey, d.MessageArgs, d.Link, email: d.EmailUsers is null);
        if (d.EmailUsers is not null && users.Count > 0) await d.EmailUsers(users, ct);
        Common.CordonTelemetry.Deliveries.Add(deliveries.Count, new KeyValuePair<string, object?>("module", d.Module));
        return deliveries;
    }

    /// <summary>Moves the caller Party's delivery of a record forward (read, actioned). Never backwards.</summary>
    public async Task<bool> MarkAsync(string recordType, string recordId, string recipientPartyCode, DeliveryState state, CancellationToken ct = default)
    {
        var delivery = await db.Deliveries.FirstOrDefaultAsync(x => x.RecordType == recordType && x.RecordId == recordId && x.RecipientPartyCode == recipientPartyCode, ct);
        if (delivery is null) return false;
        var changed = delivery.Advance(state, clock.GetUtcNow());
        if (changed) await db.SaveChangesAsync(ct);
        return changed;
    }
}

public sealed record FeedPage(IReadOnlyList<FeedItem> Items, long NextCursor, bool HasMore);

/// <summary>The change feed a national system follows: everything after the cursor, in id order.</summary>
public sealed class ChangeFeed(CordonDbContext db)
{
    public const int MaxPageSize = 500;

    public async Task<FeedPage> ReadAsync(string partyCode, long cursor, int limit, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        var items = await db.FeedItems.AsNoTracking()
            .Where(f => f.RecipientPartyCode == partyCode && f.Id > cursor)
            .OrderBy(f => f.Id).Take(limit + 1).ToListAsync(ct);
        var hasMore = items.Count > limit;
        if (hasMore) items.RemoveAt(items.Count - 1);
        return new FeedPage(items, items.Count > 0 ? items[^1].Id : cursor, hasMore);
    }
}
