using System.Data.Common;
using Cordon.Domain.Audit;
using Cordon.Domain.Exchange;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cordon.Application.Data;

/// <summary>
/// The ledger (audit chain and change feed): audit entries and feed items are collected while the request works. On
/// PostgreSQL they are committed unsealed with the request and chained after commit, in batches, by
/// <see cref="LedgerSealer"/> under the ledger lock (ADR 0020); on SQLite they are sealed in the final step of the
/// write transaction (ADR 0018). Either way feed ids are drawn under the ledger lock, so they follow commit order.
/// </summary>
public partial class CordonDbContext
{
    /// <summary>The advisory lock key of the ledger on PostgreSQL (shared by every node on the database).</summary>
    public const long LedgerLockKey = 72417001;

    private readonly List<AuditEntry> _pendingAudit = [];
    private readonly HashSet<long> _locksHeld = [];
    private object? _locksTransaction;

    /// <summary>Record locks asked for and not yet sent: they travel in front of the next statement (<see cref="DeferredLocks"/>).</summary>
    private readonly List<long> _deferredLocks = [];
    private readonly List<(FeedItem Item, Delivery Delivery, IReadOnlyList<Guid> Subscriptions)> _pendingFeed = [];
    private readonly List<FanOut> _pendingFanOut = [];

    /// <summary>Automatic change detection is off for the length of a save (<see cref="DetectChangesOnce"/>).</summary>
    internal bool DetectionSuspended { get; set; }

    /// <summary>The deliveries whose feed items wait for the commit of the current write transaction.</summary>
    internal IEnumerable<Delivery> PendingDeliveries => _pendingFeed.Select(f => f.Delivery);

    /// <summary>Reference data was saved in the current transaction (see <see cref="Reference.ReferenceCache"/>).</summary>
    internal bool ReferenceChanged { get; set; }

    /// <summary>Directory data was saved in the current transaction (see <see cref="DirectoryChanges"/>).</summary>
    internal bool DirectoryChanged { get; set; }

    /// <summary>True while audit entries or feed items wait for the commit of the current write transaction.</summary>
    public bool HasPendingLedgerWrites => _pendingAudit.Count > 0 || _pendingFeed.Count > 0 || _pendingFanOut.Count > 0;

    /// <summary>
    /// Whether notifications and e-mails go through the ledger (PostgreSQL, inside a write transaction): the sealer inserts
    /// them in bulk after commit (ADR 0045). On SQLite, or outside a transaction, they are tracked entities as before.
    /// </summary>
    internal bool FansOutThroughLedger => !IsSqlite && Database.CurrentTransaction is not null;

    internal void EnqueueFanOut(FanOut fanOut) => _pendingFanOut.Add(fanOut);

    /// <summary>Audit entries recorded in this transaction and not yet sealed (they are sealed at commit).</summary>
    public IReadOnlyList<AuditEntry> PendingAuditEntries => _pendingAudit;

    internal void EnqueueAudit(AuditEntry entry)
    {
        if (Database.CurrentTransaction is null)
            throw new InvalidOperationException("Audit entries are recorded inside a write transaction (BeginWriteAsync).");
        _pendingAudit.Add(entry);
    }

    /// <summary>
    /// The feed item of a delivery, written at commit. The delivery may not be saved yet: the item takes its id at commit,
    /// so a request does not save midway to learn it.
    /// </summary>
    internal void EnqueueFeedItem(FeedItem item, Delivery delivery, IReadOnlyList<Guid> webhookSubscriptions)
    {
        if (Database.CurrentTransaction is null)
            throw new InvalidOperationException("Feed items are written inside a write transaction (BeginWriteAsync).");
        _pendingFeed.Add((item, delivery, webhookSubscriptions));
    }

    internal void DiscardPendingLedgerWrites()
    {
        _pendingAudit.Clear();
        _pendingFeed.Clear();
        _pendingFanOut.Clear();
    }

    /// <summary>
    /// Contexts are pooled (ADR 0043): disposing one returns it to the pool, so the state Cordon keeps beside EF's (which
    /// EF resets itself) is cleared here, before the next request rents it. A transaction left open rolls back as
    /// before; its ledger writes, locks and pending batch go with it.
    /// </summary>
    private void ResetCordonState()
    {
        DiscardPendingLedgerWrites();
        ForgetCommittedLedgerBatch();
        _locksHeld.Clear();
        _locksTransaction = null;
        _deferredLocks.Clear();
        ReferenceChanged = false;
        DirectoryChanged = false;
        if (DetectionSuspended) ChangeTracker.AutoDetectChangesEnabled = true;
        DetectionSuspended = false;
    }

    public override void Dispose()
    {
        ResetCordonState();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    public override ValueTask DisposeAsync()
    {
        ResetCordonState();
        GC.SuppressFinalize(this);
        return base.DisposeAsync();
    }

    /// <summary>The pending row this transaction committed (PostgreSQL), to seal once the transaction has committed.</summary>
    private (long Id, List<AuditEntry> Entries)? _committedLedgerBatch;

    /// <summary>
    /// The final step before commit. On PostgreSQL (ADR 0020) the pending audit entries and feed items are saved as one
    /// unsealed <see cref="LedgerPending"/> row with the request's other changes (no ledger lock on the request path),
    /// and chained after commit by <see cref="LedgerSealer"/>. On SQLite, whose single writer already serializes every
    /// write transaction, they are sealed here onto the chain head and inserted (ADR 0018), which costs no extra
    /// transaction.
    /// </summary>
    public async Task FlushLedgerAsync(CancellationToken ct = default)
    {
        _committedLedgerBatch = null;
        if (!HasPendingLedgerWrites)
        {
            if (ChangeTracker.HasChanges()) await SaveChangesAsync(ct);
            return;
        }
        if (!IsSqlite)
        {
            // Delivery ids are drawn on the client on PostgreSQL (ADR 0045), so a feed item knows its delivery's id
            // before anything is saved; a delivery without one (never expected) is saved first.
            if (_pendingFeed.Any(f => f.Delivery.Id == 0)) await SaveChangesAsync(ct);
            var batch = new LedgerBatch
            {
                Audit = [.. _pendingAudit],
                Feed = [.. _pendingFeed.Select(f => new PendingFeedItem { Item = f.Item.WithDelivery(f.Delivery.Id), Subscriptions = [.. f.Subscriptions] })],
                FanOut = [.. _pendingFanOut],
            };
            var row = new LedgerPending
            {
                CreatedAt = _pendingFeed.Count > 0 ? _pendingFeed[0].Item.CreatedAt : _pendingAudit.Count > 0 ? _pendingAudit[0].Timestamp : _pendingFanOut[0].CreatedAt,
                Payload = System.Text.Json.JsonSerializer.Serialize(batch, LedgerSealer.Json),
            };
            LedgerPending.Add(row);
            var originals = _pendingAudit.ToList();
            DiscardPendingLedgerWrites();
            await SaveChangesAsync(ct); // one batch with the request's other changes
            _committedLedgerBatch = (row.Id, originals);
            LedgerSealer.For(this).Register(row.Id, originals);
            return;
        }
        if (ChangeTracker.HasChanges()) await SaveChangesAsync(ct);
        using var activity = Common.CordonTelemetry.Source.StartActivity("ledger.flush");
        activity?.SetTag("cordon.audit_entries", _pendingAudit.Count);
        activity?.SetTag("cordon.feed_items", _pendingFeed.Count);

        if (_pendingAudit.Count > 0)
        {
            var head = await AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
            foreach (var entry in _pendingAudit)
            {
                AuditChain.Seal(entry, head);
                head = entry;
            }
            AuditEntries.AddRange(_pendingAudit);
        }
        foreach (var (item, delivery, _) in _pendingFeed) FeedItems.Add(item.WithDelivery(delivery.Id));
        await SaveChangesAsync(ct);

        var now = _pendingFeed.Count > 0 ? _pendingFeed[0].Item.CreatedAt : default;
        var webhooks = false;
        foreach (var (item, _, subscriptions) in _pendingFeed)
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

    /// <summary>
    /// After the transaction committed: waits (briefly) until the sealer has chained what it left pending, so that the
    /// answer to the request is given with its entries on the chain and its feed items readable. If sealing is slow or
    /// fails the entries stay pending, durable, and the next pass on any node chains them.
    /// </summary>
    internal async Task SealCommittedLedgerAsync()
    {
        if (_committedLedgerBatch is not { } batch) return;
        _committedLedgerBatch = null;
        var sealer = LedgerSealer.For(this);
        try
        {
            await sealer.AfterCommitAsync(this, TimeSpan.FromSeconds(5));
        }
        finally
        {
            sealer.Forget(batch.Id);
        }
    }

    /// <summary>The transaction did not commit: its pending row went with it.</summary>
    internal void ForgetCommittedLedgerBatch()
    {
        if (_committedLedgerBatch is { } batch) LedgerSealer.For(this).Forget(batch.Id);
        _committedLedgerBatch = null;
    }

    /// <summary>
    /// Serializes the writers of one kind of record, identified by <paramref name="scope"/> and <paramref name="key"/>,
    /// across nodes until the transaction ends: e.g. the running total of one Party, substance and year, or the
    /// reference numbers of one Party and year. Unlike the ledger lock, writers of other keys go on in parallel.
    /// </summary>
    public Task AcquireLockAsync(string scope, string key = "", CancellationToken ct = default)
    {
        if (Database.CurrentTransaction is null)
            throw new InvalidOperationException("A record lock is taken inside a write transaction (BeginWriteAsync).");
        if (IsSqlite) return Task.CompletedTask; // the write gate and SQLite's single writer already serialize
        var id = LockId(scope, key);
        // Transaction-level advisory locks stack; taking one twice in a transaction would only cost a round trip.
        var tx = Database.CurrentTransaction;
        if (!ReferenceEquals(_locksTransaction, tx))
        {
            _locksHeld.Clear();
            _deferredLocks.Clear();
            _locksTransaction = tx;
        }
        if (!_locksHeld.Add(id)) return Task.CompletedTask;
        // Not sent now: it goes in front of the transaction's next statement, in the same round trip (ADR 0051), and is
        // held before that statement runs, as if sent alone. Nothing a lock protects happens without a statement.
        _deferredLocks.Add(id);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes the locks asked for and not yet sent, for a statement about to run on this transaction's connection that
    /// <see cref="DeferredLocks"/> cannot put them in front of (raw ADO.NET commands).
    /// </summary>
    internal async Task SendDeferredLocksAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, CancellationToken ct)
    {
        if (!HasDeferredLocks) return;
        await using var command = DeferredLocks.Alone(this, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Moves the deferred locks out for the statement that carries them.</summary>
    internal List<long> TakeDeferredLocks()
    {
        var ids = HasDeferredLocks ? new List<long>(_deferredLocks) : [];
        _deferredLocks.Clear();
        return ids;
    }

    /// <summary>Locks wait for a statement of the transaction they were asked in; one that ended without another statement needed none.</summary>
    internal bool HasDeferredLocks => _deferredLocks.Count > 0 && ReferenceEquals(Database.CurrentTransaction, _locksTransaction);

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
/// Detects changes once per save. EF detects them again whenever the change tracker is enumerated, and the interceptors
/// that follow (reference changes, pre-export counters) each enumerate it before EF's own detection: three full passes
/// over every tracked entity per save. This one detects first and switches automatic detection off until the save ends;
/// what those interceptors add, they add explicitly (Added state), which needs no detection. Registered first.
/// </summary>
internal sealed class DetectChangesOnce : SaveChangesInterceptor
{
    public static readonly DetectChangesOnce Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Detect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Detect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Restore(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Restore(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Restore(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Detect(DbContext? context)
    {
        if (context is not CordonDbContext db || !db.ChangeTracker.AutoDetectChangesEnabled) return;
        db.ChangeTracker.DetectChanges();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.DetectionSuspended = true;
    }

    private static void Restore(DbContext? context)
    {
        if (context is not CordonDbContext { DetectionSuspended: true } db) return;
        db.DetectionSuspended = false;
        db.ChangeTracker.AutoDetectChangesEnabled = true;
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
        if (e.Context is not CordonDbContext db) return;
        if (db.ReferenceChanged)
        {
            db.ReferenceChanged = false;
            Reference.ReferenceCache.Invalidate();
        }
        if (db.DirectoryChanged)
        {
            db.DirectoryChanged = false;
            DirectoryChanges.Changed();
        }
    }

    private static void Check(TransactionEventData e)
    {
        if (e.Context is CordonDbContext { HasPendingLedgerWrites: true })
            throw new InvalidOperationException("Audit entries or feed items are pending: commit through WriteScope.CommitAsync, which seals them.");
    }
}
