using System.Collections.Concurrent;
using System.Text.Json;
using Cordon.Domain.Audit;
using Cordon.Domain.Exchange;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cordon.Application.Data;

/// <summary>
/// The ledger writes of one committed transaction that are not yet on the chain (ADR 0020): its audit entries and
/// feed items (with their webhook subscriptions) as JSON, committed with the request's own changes. One row per
/// transaction keeps the request's entries in the order it recorded them.
/// </summary>
public sealed class LedgerPending
{
    public long Id { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string Payload { get; set; }
}

/// <summary>What a <see cref="LedgerPending"/> row holds.</summary>
internal sealed class LedgerBatch
{
    public List<AuditEntry> Audit { get; set; } = [];

    /// <summary>In-app notifications and e-mails of the transaction, inserted in bulk by the sealer (ADR 0045).</summary>
    public List<FanOut> FanOut { get; set; } = [];
    public List<PendingFeedItem> Feed { get; set; } = [];
}

/// <summary>One message to many users: an in-app notification each, and an e-mail to each address given.</summary>
internal sealed class FanOut
{
    public List<Guid> Users { get; set; } = [];
    public List<string> Emails { get; set; } = [];
    public required string MessageKey { get; set; }
    public string Arguments { get; set; } = "";
    public string? Link { get; set; }
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class PendingFeedItem
{
    public required FeedItem Item { get; set; }
    public List<Guid> Subscriptions { get; set; } = [];
}

/// <summary>
/// Chains committed-but-unsealed ledger writes (ADR 0020). One sealing pass at a time per database in this process
/// (the first request to commit runs it, those that commit meanwhile wait and are covered by the next pass: group
/// commit), and one at a time across nodes by the PostgreSQL ledger lock. A pass takes the lock, reads the chain
/// head and the pending rows in one round trip, seals the audit entries onto the head, inserts them with the feed
/// items (whose ids are drawn under the lock, so they follow commit order) and their webhook deliveries, deletes
/// the pending rows and commits: one WAL flush for every request it covers.
/// </summary>
public sealed class LedgerSealer : IDisposable
{
    private const int PassSize = 256;
    private static readonly ConcurrentDictionary<string, LedgerSealer> ByDatabase = new(StringComparer.Ordinal);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _started;
    private long _completed;

    /// <summary>The committing requests' own entry objects, to receive their sequence and hash when this node seals them.</summary>
    private readonly ConcurrentDictionary<long, List<AuditEntry>> _originals = new();

    public static LedgerSealer For(CordonDbContext db) =>
        ByDatabase.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new LedgerSealer());

    /// <summary>One per database for the life of the process; disposable only to satisfy ownership of the gate.</summary>
    public void Dispose() => _gate.Dispose();

    internal void Register(long pendingId, List<AuditEntry> originals)
    {
        if (originals.Count > 0) _originals[pendingId] = originals;
    }

    internal void Forget(long pendingId) => _originals.TryRemove(pendingId, out _);

    /// <summary>
    /// Called by a request after its transaction committed pending ledger writes: returns once a pass that started after
    /// that commit has completed (the request's entries are then on the chain), or after <paramref name="patience"/>
    /// (they stay pending, durable, and the next pass on any node seals them). Never throws: the request's data is
    /// committed whatever happens here.
    /// </summary>
    internal async Task AfterCommitAsync(CordonDbContext db, TimeSpan patience)
    {
        var ticket = Interlocked.Read(ref _started);
        try
        {
            if (!await _gate.WaitAsync(patience)) return;
            try
            {
                if (Interlocked.Read(ref _completed) > ticket) return; // a pass that began after our commit covered us
                await RunPassesAsync(db, CancellationToken.None);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception e)
        {
            Log(db, e);
        }
    }

    /// <summary>Seals whatever is pending (rows left by a node that died between commit and sealing, or by another node).</summary>
    public async Task<int> SealPendingAsync(CordonDbContext db, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await RunPassesAsync(db, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> RunPassesAsync(CordonDbContext db, CancellationToken ct)
    {
        var pass = Interlocked.Increment(ref _started);
        var options = (DbContextOptions<CordonDbContext>)db.GetService<IDbContextOptions>();
        var total = 0;
        // Under a steady stream a pass could always find more; bounded so a waiting request is not held for long.
        for (var i = 0; i < 8; i++)
        {
            await using var sealer = new CordonDbContext(options);
            var (sealedRows, full) = await PassAsync(sealer, ct);
            total += sealedRows;
            if (!full) break;
        }
        Interlocked.Exchange(ref _completed, pass);
        return total;
    }

    private async Task<(int Rows, bool Full)> PassAsync(CordonDbContext db, CancellationToken ct)
    {
        using var activity = Common.CordonTelemetry.Source.StartActivity("ledger.seal");
        db.Database.AutoSavepointsEnabled = false; // a failed pass rolls back whole
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (head, pending) = await LockAndReadAsync(db, ct);
        if (pending.Count == 0)
        {
            await tx.CommitAsync(ct);
            return (0, false);
        }
        var sealedEntries = new List<(long PendingId, List<AuditEntry> Entries)>(pending.Count);
        var webhooks = new List<(FeedItem Item, Guid Subscription)>();
        var fanOut = new List<FanOut>();
        foreach (var (id, payload) in pending)
        {
            var batch = JsonSerializer.Deserialize<LedgerBatch>(payload, Json) ?? new LedgerBatch();
            foreach (var entry in batch.Audit)
            {
                AuditChain.Seal(entry, head);
                head = entry;
            }
            db.AuditEntries.AddRange(batch.Audit);
            fanOut.AddRange(batch.FanOut);
            foreach (var f in batch.Feed)
            {
                f.Item.Id = 0;
                db.FeedItems.Add(f.Item);
                webhooks.AddRange(f.Subscriptions.Select(s => (f.Item, s)));
            }
            db.LedgerPending.Remove(db.LedgerPending.Attach(new LedgerPending { Id = id, Payload = "" }).Entity);
            sealedEntries.Add((id, batch.Audit));
        }
        await db.SaveChangesAsync(ct);
        await InsertFanOutAsync(db, fanOut, ct);
        if (webhooks.Count > 0)
        {
            var now = webhooks[0].Item.CreatedAt;
            foreach (var (item, subscription) in webhooks)
                db.WebhookDeliveries.Add(new WebhookDelivery { SubscriptionId = subscription, FeedItemId = item.Id, State = WebhookDeliveryState.Pending, NextAttemptAt = now });
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        activity?.SetTag("cordon.pending_rows", pending.Count);
        Common.CordonTelemetry.LedgerPasses.Record(pending.Count);

        foreach (var (id, entries) in sealedEntries)
        {
            if (!_originals.TryGetValue(id, out var originals) || originals.Count != entries.Count) continue;
            for (var i = 0; i < entries.Count; i++)
            {
                originals[i].Sequence = entries[i].Sequence;
                originals[i].PreviousHash = entries[i].PreviousHash;
                originals[i].Hash = entries[i].Hash;
            }
        }
        return (pending.Count, pending.Count == PassSize);
    }

    /// <summary>
    /// The notifications and e-mails of the pass's transactions: two statements per message, whatever its number of
    /// recipients (an incident alerts 50 followers), all in one round trip, instead of a tracked entity and a statement
    /// per row in each request.
    /// </summary>
    private static async Task InsertFanOutAsync(CordonDbContext db, List<FanOut> fanOut, CancellationToken ct)
    {
        if (fanOut.Count == 0) return;
        var n = Table(db, typeof(Domain.Notifications.Notification));
        var e = Table(db, typeof(Domain.Notifications.OutboxEmail));
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var sql = new System.Text.StringBuilder();
        for (var i = 0; i < fanOut.Count; i++)
        {
            var f = fanOut[i];
            command.AddParameter($"t{i}", f.CreatedAt);
            if (f.Users.Count > 0)
            {
                sql.Append($"INSERT INTO {n.Name} ({n.Column(nameof(Domain.Notifications.Notification.UserId))}, {n.Column(nameof(Domain.Notifications.Notification.MessageKey))}, ")
                    .Append($"{n.Column(nameof(Domain.Notifications.Notification.Arguments))}, {n.Column(nameof(Domain.Notifications.Notification.Link))}, {n.Column(nameof(Domain.Notifications.Notification.CreatedAt))}) ")
                    .Append($"SELECT u, @k{i}, @a{i}, @l{i}, @t{i} FROM unnest(@u{i}) AS u;");
                command.AddParameter($"u{i}", f.Users.ToArray());
                command.AddParameter($"k{i}", f.MessageKey);
                command.AddParameter($"a{i}", f.Arguments);
                command.AddParameter($"l{i}", (object?)f.Link ?? DBNull.Value, System.Data.DbType.String);
            }
            if (f.Emails.Count > 0)
            {
                sql.Append($"INSERT INTO {e.Name} ({e.Column(nameof(Domain.Notifications.OutboxEmail.To))}, {e.Column(nameof(Domain.Notifications.OutboxEmail.Subject))}, ")
                    .Append($"{e.Column(nameof(Domain.Notifications.OutboxEmail.Body))}, {e.Column(nameof(Domain.Notifications.OutboxEmail.CreatedAt))}, ")
                    .Append($"{e.Column(nameof(Domain.Notifications.OutboxEmail.NextAttemptAt))}, {e.Column(nameof(Domain.Notifications.OutboxEmail.Attempts))}) ")
                    .Append($"SELECT m, @s{i}, @b{i}, @t{i}, @t{i}, 0 FROM unnest(@m{i}) AS m;");
                command.AddParameter($"m{i}", f.Emails.ToArray());
                command.AddParameter($"s{i}", f.Subject);
                command.AddParameter($"b{i}", f.Body);
            }
        }
        command.CommandText = sql.ToString();
        if (command.CommandText.Length > 0) await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The ledger lock, the chain head and the oldest pending rows: three statements, one round trip.</summary>
    private static async Task<(AuditEntry? Head, List<(long Id, string Payload)> Pending)> LockAndReadAsync(CordonDbContext db, CancellationToken ct)
    {
        var audit = Table(db, typeof(AuditEntry));
        var pending = Table(db, typeof(LedgerPending));
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        // Read committed: each statement sees what was committed before it ran, i.e. after the lock was granted.
        command.CommandText =
            $"SELECT pg_advisory_xact_lock({CordonDbContext.LedgerLockKey}); " +
            $"SELECT {audit.Column(nameof(AuditEntry.Sequence))}, {audit.Column(nameof(AuditEntry.Hash))} FROM {audit.Name} ORDER BY {audit.Column(nameof(AuditEntry.Sequence))} DESC LIMIT 1; " +
            $"SELECT {pending.Column(nameof(LedgerPending.Id))}, {pending.Column(nameof(LedgerPending.Payload))} FROM {pending.Name} ORDER BY {pending.Column(nameof(LedgerPending.Id))} LIMIT {PassSize}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        AuditEntry? head = null;
        if (await reader.ReadAsync(ct))
            head = new AuditEntry { Action = "", EntityType = "", EntityId = "", Sequence = reader.GetInt64(0), Hash = reader.GetString(1) };
        await reader.NextResultAsync(ct);
        var rows = new List<(long, string)>();
        while (await reader.ReadAsync(ct)) rows.Add((reader.GetInt64(0), reader.GetString(1)));
        return (head, rows);
    }

    internal sealed record TableName(string Name, IEntityType Type, StoreObjectIdentifier Store)
    {
        public string Column(string property) => $"\"{Type.FindProperty(property)!.GetColumnName(Store)}\"";
    }

    internal static TableName Table(CordonDbContext db, Type clr)
    {
        var type = db.Model.FindEntityType(clr)!;
        var name = type.GetSchema() is { } schema ? $"\"{schema}\".\"{type.GetTableName()}\"" : $"\"{type.GetTableName()}\"";
        return new TableName(name, type, StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema()));
    }

    private static void Log(CordonDbContext db, Exception e)
    {
        try
        {
            db.GetInfrastructure().GetService<ILoggerFactory>()?.CreateLogger<LedgerSealer>()
                .LogError(e, "Sealing the ledger after a commit failed; the entries stay pending and the next pass seals them");
        }
        catch (ObjectDisposedException)
        {
        }
    }
}

/// <summary>
/// Seals ledger writes left pending by a node that stopped between its commit and its sealing pass (or whose pass
/// failed). Every node runs it; passes are serialized by the ledger lock, so running it twice costs only a query.
/// </summary>
public sealed class LedgerSweeper(IServiceScopeFactory scopes, TimeProvider clock, ILogger<LedgerSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var probe = scopes.CreateAsyncScope())
        {
            if (probe.ServiceProvider.GetRequiredService<CordonDbContext>().IsSqlite) return; // SQLite seals at commit
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CordonDbContext>();
                // Rows younger than this belong to requests whose own pass is about to seal them.
                var stale = clock.GetUtcNow() - Interval;
                // The oldest row by key (rows are numbered in commit order, near enough): under constant inserts and
                // deletes a filter on CreatedAt scanned every dead row of the table (18 ms under load, every 2 s).
                var oldest = await db.LedgerPending.OrderBy(p => p.Id).Select(p => (DateTimeOffset?)p.CreatedAt).FirstOrDefaultAsync(stoppingToken);
                if (oldest < stale)
                {
                    var n = await LedgerSealer.For(db).SealPendingAsync(db, stoppingToken);
                    if (n > 0) logger.LogWarning("Sealed {Count} ledger writes left pending (a node stopped before sealing them)", n);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Sealing pending ledger writes failed; retrying");
            }
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
