using System.Collections.Concurrent;
using System.Text.Json;
using Cordon.Domain.Audit;
using Cordon.Domain.Exchange;
using Cordon.Domain.Notifications;
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

    /// <summary>
    /// The pending rows this node's requests are committing, by key, with the requests' own entry objects (to receive
    /// their sequence and hash once sealed). A request's pass reads exactly these rows by key; reading the oldest rows
    /// instead made PostgreSQL scan the table's dead rows (1 ms a pass under load), which only the sweeper now does.
    /// </summary>
    private readonly ConcurrentDictionary<long, List<AuditEntry>> _originals = new();

    /// <summary>Contexts for the passes, pooled like the requests' (a new context per pass cost as much as the pass).</summary>
    private PooledDbContextFactory<CordonDbContext>? _contexts;

    public static LedgerSealer For(CordonDbContext db) =>
        ByDatabase.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new LedgerSealer());

    /// <summary>One per database for the life of the process; disposable only to satisfy ownership of the gate.</summary>
    public void Dispose() => _gate.Dispose();

    internal void Register(long pendingId, List<AuditEntry> originals) => _originals[pendingId] = originals;

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
                await RunPassesAsync(db, targeted: true, CancellationToken.None);
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
            return await RunPassesAsync(db, targeted: false, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <param name="targeted">Seal the rows this node's requests committed (by key); otherwise the oldest rows, whoever left them.</param>
    private async Task<int> RunPassesAsync(CordonDbContext db, bool targeted, CancellationToken ct)
    {
        var pass = Interlocked.Increment(ref _started);
        _contexts ??= new PooledDbContextFactory<CordonDbContext>((DbContextOptions<CordonDbContext>)db.GetService<IDbContextOptions>(), poolSize: 4);
        var total = 0;
        // Under a steady stream a pass could always find more; bounded so a waiting request is not held for long.
        for (var i = 0; i < 8; i++)
        {
            long[]? ids = null;
            if (targeted)
            {
                // Registered before commit: a row still uncommitted is simply not seen, and sealed by a later pass.
                ids = [.. _originals.Keys.Order().Take(PassSize)];
                if (ids.Length == 0) break;
            }
            await using var sealer = await _contexts.CreateDbContextAsync(ct);
            var (sealedRows, full) = await PassAsync(sealer, ids, ct);
            total += sealedRows;
            if (!full) break;
        }
        Interlocked.Exchange(ref _completed, pass);
        return total;
    }

    private async Task<(int Rows, bool Full)> PassAsync(CordonDbContext db, long[]? ids, CancellationToken ct)
    {
        using var activity = Common.CordonTelemetry.Source.StartActivity("ledger.seal");
        db.Database.AutoSavepointsEnabled = false; // a failed pass rolls back whole
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (head, pending) = await LockAndReadAsync(db, ids, ct);
        if (pending.Count == 0)
        {
            await tx.CommitAsync(ct);
            return (0, false);
        }
        var sealedEntries = new List<(long PendingId, List<AuditEntry> Entries)>(pending.Count);
        var audit = new List<AuditEntry>();
        var feed = new List<PendingFeedItem>();
        var fanOut = new List<FanOut>();
        foreach (var (id, payload) in pending)
        {
            var batch = JsonSerializer.Deserialize<LedgerBatch>(payload, Json) ?? new LedgerBatch();
            foreach (var entry in batch.Audit)
            {
                AuditChain.Seal(entry, head);
                head = entry;
            }
            audit.AddRange(batch.Audit);
            fanOut.AddRange(batch.FanOut);
            feed.AddRange(batch.Feed);
            sealedEntries.Add((id, batch.Audit));
        }
        // Webhook deliveries need their feed items' ids: those (rare) passes insert the feed items as entities.
        var webhooks = feed.Any(f => f.Subscriptions.Count > 0);
        await WriteSealedAsync(db, audit, webhooks ? [] : feed, [.. pending.Select(p => p.Id)], fanOut, ct);
        if (webhooks)
        {
            foreach (var f in feed)
            {
                f.Item.Id = 0;
                db.FeedItems.Add(f.Item);
            }
            await db.SaveChangesAsync(ct);
            var now = feed[0].Item.CreatedAt;
            foreach (var f in feed)
            {
                foreach (var subscription in f.Subscriptions)
                    db.WebhookDeliveries.Add(new WebhookDelivery { SubscriptionId = subscription, FeedItemId = f.Item.Id, State = WebhookDeliveryState.Pending, NextAttemptAt = now });
            }
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        activity?.SetTag("cordon.pending_rows", pending.Count);
        Common.CordonTelemetry.LedgerPasses.Record(pending.Count);

        foreach (var (id, entries) in sealedEntries)
        {
            if (!_originals.TryRemove(id, out var originals) || originals.Count != entries.Count) continue;
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
    /// What a pass writes, in one round trip of a few statements whatever the number of rows (ADR 0046): the sealed
    /// audit entries, the feed items (unless they are written as entities), the deletion of the pending rows, and the
    /// notifications and e-mails (an incident alerts 50 followers), each message with all its recipients at once.
    /// </summary>
    private static async Task WriteSealedAsync(CordonDbContext db, List<AuditEntry> audit, List<PendingFeedItem> feed, long[] pendingIds, List<FanOut> fanOut, CancellationToken ct)
    {
        await using var command = await RawCommandAsync(db, ct);
        var sql = new System.Text.StringBuilder();
        if (audit.Count > 0)
        {
            var a = Table(db, typeof(AuditEntry));
            sql.Append($"INSERT INTO {a.Name} ({a.Columns(nameof(AuditEntry.Sequence), nameof(AuditEntry.Timestamp), nameof(AuditEntry.Action), nameof(AuditEntry.EntityType),
                nameof(AuditEntry.EntityId), nameof(AuditEntry.UserId), nameof(AuditEntry.UserName), nameof(AuditEntry.AuthorityId), nameof(AuditEntry.PartyCode),
                nameof(AuditEntry.ConcernsParties), nameof(AuditEntry.IpAddress), nameof(AuditEntry.Details), nameof(AuditEntry.RecordHash), nameof(AuditEntry.PreviousHash),
                nameof(AuditEntry.Hash))}) SELECT * FROM unnest(@aSeq, @aTime, @aAction, @aType, @aId, @aUser, @aUserName, @aAuthority, @aParty, @aConcerns, @aIp, @aDetails, @aRecord, @aPrevious, @aHash);");
            command.AddParameter("aSeq", audit.Select(e => e.Sequence).ToArray());
            command.AddParameter("aTime", audit.Select(e => e.Timestamp).ToArray());
            command.AddParameter("aAction", audit.Select(e => e.Action).ToArray());
            command.AddParameter("aType", audit.Select(e => e.EntityType).ToArray());
            command.AddParameter("aId", audit.Select(e => e.EntityId).ToArray());
            command.AddParameter("aUser", audit.Select(e => e.UserId).ToArray());
            command.AddParameter("aUserName", audit.Select(e => e.UserName).ToArray());
            command.AddParameter("aAuthority", audit.Select(e => e.AuthorityId).ToArray());
            command.AddParameter("aParty", audit.Select(e => e.PartyCode).ToArray());
            command.AddParameter("aConcerns", audit.Select(e => e.ConcernsParties).ToArray());
            command.AddParameter("aIp", audit.Select(e => e.IpAddress).ToArray());
            command.AddParameter("aDetails", audit.Select(e => e.Details).ToArray());
            command.AddParameter("aRecord", audit.Select(e => e.RecordHash).ToArray());
            command.AddParameter("aPrevious", audit.Select(e => e.PreviousHash).ToArray());
            command.AddParameter("aHash", audit.Select(e => e.Hash).ToArray());
        }
        if (feed.Count > 0)
        {
            // Ids are drawn under the ledger lock, in this order: the change feed follows the order of sealing.
            var f = Table(db, typeof(FeedItem));
            sql.Append($"INSERT INTO {f.Name} ({f.Columns(nameof(FeedItem.RecipientPartyCode), nameof(FeedItem.Module), nameof(FeedItem.RecordType), nameof(FeedItem.RecordId),
                nameof(FeedItem.Event), nameof(FeedItem.CreatedAt), nameof(FeedItem.DeliveryId))}) SELECT * FROM unnest(@fParty, @fModule, @fType, @fId, @fEvent, @fTime, @fDelivery);");
            command.AddParameter("fParty", feed.Select(x => x.Item.RecipientPartyCode).ToArray());
            command.AddParameter("fModule", feed.Select(x => x.Item.Module).ToArray());
            command.AddParameter("fType", feed.Select(x => x.Item.RecordType).ToArray());
            command.AddParameter("fId", feed.Select(x => x.Item.RecordId).ToArray());
            command.AddParameter("fEvent", feed.Select(x => x.Item.Event).ToArray());
            command.AddParameter("fTime", feed.Select(x => x.Item.CreatedAt).ToArray());
            command.AddParameter("fDelivery", feed.Select(x => x.Item.DeliveryId).ToArray());
        }
        var pending = Table(db, typeof(LedgerPending));
        sql.Append($"DELETE FROM {pending.Name} WHERE {pending.Column(nameof(LedgerPending.Id))} = ANY(@pending);");
        command.AddParameter("pending", pendingIds);
        var messages = fanOut.Where(m => m.Users.Count > 0).ToList();
        if (messages.Count > 0)
        {
            // Every message of the pass and its recipients in one statement (ADR 52). Message ids are drawn before the
            // insert so that each recipient row can name its message by position (RETURNING keeps no input order).
            var m = Table(db, typeof(NotificationMessage));
            var n = Table(db, typeof(Notification));
            sql.Append($"WITH m AS MATERIALIZED (SELECT nextval(pg_get_serial_sequence('{m.Name}', '{m.ColumnName(nameof(NotificationMessage.Id))}')) AS id, x.k, x.a, x.l, x.t, x.o ")
                .Append("FROM unnest(@nKey, @nArgs, @nLink, @nTime) WITH ORDINALITY AS x(k, a, l, t, o)), ")
                .Append($"saved AS (INSERT INTO {m.Name} ({m.Columns(nameof(NotificationMessage.Id), nameof(NotificationMessage.MessageKey), nameof(NotificationMessage.Arguments),
                    nameof(NotificationMessage.Link), nameof(NotificationMessage.CreatedAt))}) SELECT id, k, a, l, t FROM m) ")
                .Append($"INSERT INTO {n.Name} ({n.Columns(nameof(Notification.UserId), nameof(Notification.MessageId))}) ")
                .Append("SELECT r.u, m.id FROM unnest(@nUser, @nOf) AS r(u, o) JOIN m ON m.o = r.o;");
            command.AddParameter("nKey", messages.Select(x => x.MessageKey).ToArray());
            command.AddParameter("nArgs", messages.Select(x => x.Arguments).ToArray());
            command.AddParameter("nLink", messages.Select(x => x.Link).ToArray());
            command.AddParameter("nTime", messages.Select(x => x.CreatedAt).ToArray());
            command.AddParameter("nUser", messages.SelectMany(x => x.Users).ToArray());
            command.AddParameter("nOf", messages.SelectMany((x, i) => x.Users.Select(_ => (long)i + 1)).ToArray());
        }
        var mails = fanOut.Where(x => x.Emails.Count > 0).ToList();
        if (mails.Count > 0)
        {
            // One row per message for all its recipients (ADR 49), every message of the pass in one statement.
            var e = Table(db, typeof(OutboxEmail));
            sql.Append($"INSERT INTO {e.Name} ({e.Columns(nameof(OutboxEmail.To), nameof(OutboxEmail.Subject), nameof(OutboxEmail.Body), nameof(OutboxEmail.CreatedAt),
                nameof(OutboxEmail.NextAttemptAt), nameof(OutboxEmail.Attempts))}) SELECT t, s, b, c, c, 0 FROM unnest(@eTo, @eSubject, @eBody, @eTime) AS x(t, s, b, c);");
            command.AddParameter("eTo", mails.Select(x => OutboxEmail.JoinRecipients(x.Emails)).ToArray());
            command.AddParameter("eSubject", mails.Select(x => x.Subject).ToArray());
            command.AddParameter("eBody", mails.Select(x => x.Body).ToArray());
            command.AddParameter("eTime", mails.Select(x => x.CreatedAt).ToArray());
        }
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The ledger lock, the chain head and the pending rows to seal (<paramref name="ids"/>, or the oldest): three
    /// statements, one round trip.
    /// </summary>
    private static async Task<(AuditEntry? Head, List<(long Id, string Payload)> Pending)> LockAndReadAsync(CordonDbContext db, long[]? ids, CancellationToken ct)
    {
        var audit = Table(db, typeof(AuditEntry));
        var pending = Table(db, typeof(LedgerPending));
        await using var command = await RawCommandAsync(db, ct);
        var which = "";
        if (ids is not null)
        {
            which = $"WHERE {pending.Column(nameof(LedgerPending.Id))} = ANY(@ids) ";
            command.AddParameter("ids", ids);
        }
        // Read committed: each statement sees what was committed before it ran, i.e. after the lock was granted.
        command.CommandText =
            $"SELECT pg_advisory_xact_lock({CordonDbContext.LedgerLockKey}); " +
            $"SELECT {audit.Column(nameof(AuditEntry.Sequence))}, {audit.Column(nameof(AuditEntry.Hash))} FROM {audit.Name} ORDER BY {audit.Column(nameof(AuditEntry.Sequence))} DESC LIMIT 1; " +
            $"SELECT {pending.Column(nameof(LedgerPending.Id))}, {pending.Column(nameof(LedgerPending.Payload))} FROM {pending.Name} {which}ORDER BY {pending.Column(nameof(LedgerPending.Id))} LIMIT {PassSize}";
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

    /// <summary>A raw command in the current transaction, after the record locks asked for in it (ADR 0051).</summary>
    private static async Task<System.Data.Common.DbCommand> RawCommandAsync(CordonDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        await db.SendDeferredLocksAsync(connection, transaction, ct);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        return command;
    }

    internal sealed record TableName(string Name, IEntityType Type, StoreObjectIdentifier Store)
    {
        public string Column(string property) => $"\"{ColumnName(property)}\"";

        public string ColumnName(string property) => Type.FindProperty(property)!.GetColumnName(Store)!;

        public string Columns(params string[] properties) => string.Join(", ", properties.Select(Column));
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
