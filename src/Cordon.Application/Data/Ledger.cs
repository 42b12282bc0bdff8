using System.Data.Common;
using Cordon.Domain.Audit;
using Cordon.Domain.Exchange;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cordon.Application.Data;

/// <summary>
/// The ledger (audit chain and change feed) is written in one short final step of the write transaction
/// (ADR 0018): audit entries and feed items are collected while the request works, and only just before
/// commit is the ledger lock taken, the chain head read, the entries sealed and linked and the feed items
/// inserted (so their ids follow commit order). The lock is held for that step and the commit, not for the
/// whole request.
/// </summary>
public partial class CordonDbContext
{
    /// <summary>The advisory lock key of the ledger on PostgreSQL (shared by every node on the database).</summary>
    public const long LedgerLockKey = 72417001;

    private readonly List<AuditEntry> _pendingAudit = [];
    private readonly HashSet<long> _locksHeld = [];
    private object? _locksTransaction;
    private readonly List<(FeedItem Item, IReadOnlyList<Guid> Subscriptions)> _pendingFeed = [];

    /// <summary>Reference data was saved in the current transaction (see <see cref="Reference.ReferenceCache"/>).</summary>
    internal bool ReferenceChanged { get; set; }

    /// <summary>True while audit entries or feed items wait for the commit of the current write transaction.</summary>
    public bool HasPendingLedgerWrites => _pendingAudit.Count > 0 || _pendingFeed.Count > 0;

    /// <summary>Audit entries recorded in this transaction and not yet sealed (they are sealed at commit).</summary>
    public IReadOnlyList<AuditEntry> PendingAuditEntries => _pendingAudit;

    internal void EnqueueAudit(AuditEntry entry)
    {
        if (Database.CurrentTransaction is null)
            throw new InvalidOperationException("Audit entries are recorded inside a write transaction (BeginWriteAsync).");
        _pendingAudit.Add(entry);
    }

    internal void EnqueueFeedItem(FeedItem item, IReadOnlyList<Guid> webhookSubscriptions)
    {
        if (Database.CurrentTransaction is null)
            throw new InvalidOperationException("Feed items are written inside a write transaction (BeginWriteAsync).");
        _pendingFeed.Add((item, webhookSubscriptions));
    }

    internal void DiscardPendingLedgerWrites()
    {
        _pendingAudit.Clear();
        _pendingFeed.Clear();
    }

    /// <summary>
    /// The final step before commit: under the ledger lock, seals the pending audit entries onto the chain head
    /// and inserts them with the pending feed items (and their webhook deliveries). Saves any other pending
    /// changes first so that the lock is held for as little as possible.
    /// </summary>
    public async Task FlushLedgerAsync(CancellationToken ct = default)
    {
        if (!HasPendingLedgerWrites)
        {
            if (ChangeTracker.HasChanges()) await SaveChangesAsync(ct);
            return;
        }
        if (ChangeTracker.HasChanges()) await SaveChangesAsync(ct);
        using var activity = Common.CordonTelemetry.Source.StartActivity("ledger.flush");
        activity?.SetTag("cordon.audit_entries", _pendingAudit.Count);
        activity?.SetTag("cordon.feed_items", _pendingFeed.Count);

        if (_pendingAudit.Count > 0)
        {
            var head = await LockLedgerAndReadHeadAsync(ct);
            foreach (var entry in _pendingAudit)
            {
                AuditChain.Seal(entry, head);
                head = entry;
            }
            AuditEntries.AddRange(_pendingAudit);
        }
        else
        {
            await AcquireLedgerLockAsync(ct);
        }
        foreach (var (item, _) in _pendingFeed) FeedItems.Add(item);
        await SaveChangesAsync(ct);

        var now = _pendingFeed.Count > 0 ? _pendingFeed[0].Item.CreatedAt : default;
        var webhooks = false;
        foreach (var (item, subscriptions) in _pendingFeed)
        {
            foreach (var s in subscriptions)
            {
                WebhookDeliveries.Add(new WebhookDelivery { SubscriptionId = s, FeedItemId = item.Id, State = WebhookDeliveryState.Pending, NextAttemptAt = now });
                webhooks = true;
            }
        }
        if (webhooks) await SaveChangesAsync(ct);
        // The entries are now tracked as inserted; the context keeps them only until it is disposed.
        DiscardPendingLedgerWrites();
    }

    /// <summary>Takes the ledger lock and reads the chain head in one round trip on PostgreSQL.</summary>
    private async Task<AuditEntry?> LockLedgerAndReadHeadAsync(CancellationToken ct)
    {
        if (IsSqlite)
            return await AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);

        var type = Model.FindEntityType(typeof(AuditEntry))!;
        var table = type.GetSchema() is { } schema ? $"\"{schema}\".\"{type.GetTableName()}\"" : $"\"{type.GetTableName()}\"";
        var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var sequence = type.FindProperty(nameof(AuditEntry.Sequence))!.GetColumnName(store)!;
        var hash = type.FindProperty(nameof(AuditEntry.Hash))!.GetColumnName(store)!;
        var connection = Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = Database.CurrentTransaction!.GetDbTransaction();
        // Two statements, one round trip: the lock first, then the head as it is once every earlier ledger writer has committed.
        command.CommandText = $"SELECT pg_advisory_xact_lock({LedgerLockKey}); SELECT \"{sequence}\", \"{hash}\" FROM {table} ORDER BY \"{sequence}\" DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new AuditEntry { Action = "", EntityType = "", EntityId = "", Sequence = reader.GetInt64(0), Hash = reader.GetString(1) };
    }

    /// <summary>
    /// Serializes the writers of one kind of record, identified by <paramref name="scope"/> and <paramref name="key"/>,
    /// across nodes until the transaction ends: e.g. the running total of one Party, substance and year, or the
    /// reference numbers of one Party and year. Unlike the ledger lock, writers of other keys go on in parallel.
    /// </summary>
    public async Task AcquireLockAsync(string scope, string key = "", CancellationToken ct = default)
    {
        if (Database.CurrentTransaction is null)
            throw new InvalidOperationException("A record lock is taken inside a write transaction (BeginWriteAsync).");
        if (IsSqlite) return; // the write gate and SQLite's single writer already serialize
        var id = LockId(scope, key);
        // Transaction-level advisory locks stack; taking one twice in a transaction would only cost a round trip.
        var tx = Database.CurrentTransaction;
        if (!ReferenceEquals(_locksTransaction, tx))
        {
            _locksHeld.Clear();
            _locksTransaction = tx;
        }
        if (!_locksHeld.Add(id)) return;
        await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({id})", ct);
    }

    /// <summary>A stable 64-bit key (FNV-1a of scope and key); never the ledger's.</summary>
    internal static long LockId(string scope, string key)
    {
        var h = 14695981039346656037UL;
        foreach (var c in scope + "\u001f" + key)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        var id = unchecked((long)h);
        return id == LedgerLockKey ? id + 1 : id;
    }
}

/// <summary>
/// Refuses to commit a transaction that still holds unsealed ledger writes (a commit that bypassed
/// <see cref="WriteScope.CommitAsync"/>): losing an audit entry silently is worse than failing loudly.
/// </summary>
internal sealed class LedgerCommitGuard : DbTransactionInterceptor
{
    public static readonly LedgerCommitGuard Instance = new();

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Check(eventData);
        return result;
    }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Check(eventData);
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => AfterCommit(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterCommit(eventData);
        return Task.CompletedTask;
    }

    private static void AfterCommit(TransactionEndEventData e)
    {
        if (e.Context is not CordonDbContext { ReferenceChanged: true } db) return;
        db.ReferenceChanged = false;
        Reference.ReferenceCache.Invalidate();
    }

    private static void Check(TransactionEventData e)
    {
        if (e.Context is CordonDbContext { HasPendingLedgerWrites: true })
            throw new InvalidOperationException("Audit entries or feed items are pending: commit through WriteScope.CommitAsync, which seals them.");
    }
}
