using Cordon.Application.Api;
using Cordon.Application.Identity;
using Cordon.Domain.Api;
using Cordon.Domain.Audit;
using Cordon.Domain.Common;
using Cordon.Domain.Exchange;
using Cordon.Domain.Identity;
using Cordon.Domain.Notifications;
using Cordon.Domain.Reference;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Cordon.Application.Data;

/// <summary>
/// The one database of Cordon. Modules add their sets in partial files under their own folder and their
/// mappings as <see cref="IEntityTypeConfiguration{T}"/> classes beside them.
/// </summary>
public partial class CordonDbContext(DbContextOptions<CordonDbContext> options)
    : IdentityDbContext<CordonUser, CordonRole, Guid>(options)
{
    public DbSet<Party> Parties => Set<Party>();
    public DbSet<PartyModuleMembership> PartyModuleMemberships => Set<PartyModuleMembership>();
    public DbSet<Authority> Authorities => Set<Authority>();
    public DbSet<ModuleGrant> ModuleGrants => Set<ModuleGrant>();
    public DbSet<Country> Countries => Set<Country>();
    public DbSet<ControlledSubstance> Substances => Set<ControlledSubstance>();
    public DbSet<SubstanceSalt> SubstanceSalts => Set<SubstanceSalt>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<FeedItem> FeedItems => Set<FeedItem>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<NotificationMessage> NotificationMessages => Set<NotificationMessage>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<LedgerPending> LedgerPending => Set<LedgerPending>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset values; store UTC ticks there (exact and ordered).
        if (Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CordonDbContext).Assembly);
        if (Database.IsNpgsql())
        {
            // Delivery ids drawn on the client in blocks (ADR 0045): a feed item names its delivery without a save midway
            // through the request. EF keeps one model per provider, so SQLite keeps its generated keys.
            builder.HasSequence<long>(DeliveryIdSequence).IncrementsBy(DeliveryIdBlock);
            builder.Entity<Delivery>().Property(d => d.Id).UseHiLo(DeliveryIdSequence);
        }
    }

    public const string DeliveryIdSequence = "DeliveryIds";
    public const int DeliveryIdBlock = 100;

    /// <summary>
    /// Starts a write transaction, or joins the one already open (e.g. the idempotency filter's).
    /// On SQLite, writers in this process queue on one gate: SQLite has a single writer anyway, and queueing
    /// here avoids busy-waiting inside the database.
    /// </summary>
    public async Task<WriteScope> BeginWriteAsync(CancellationToken ct = default)
    {
        if (Database.CurrentTransaction is not null) return new WriteScope(null, null);
        DiscardPendingLedgerWrites(); // left over from a transaction that was never committed
        SemaphoreSlim? gate = null;
        if (IsSqlite)
        {
            gate = SqliteWriteGate;
            await gate.WaitAsync(ct);
        }
        try
        {
            // Every failure inside a write rolls the whole transaction back, so EF's savepoint around each SaveChanges
            // (two extra round trips each) protects nothing here (ADR 0042).
            Database.AutoSavepointsEnabled = false;
            var tx = await Database.BeginTransactionAsync(ct);
            return new WriteScope(tx, gate, this);
        }
        catch
        {
            gate?.Release();
            throw;
        }
    }

    private static readonly SemaphoreSlim SqliteWriteGate = new(1, 1);

    /// <summary>
    /// Serializes the writers of the ledger (audit chain, change feed) across nodes until the transaction ends.
    /// AuditLog and PartyExchange no longer need it: the ledger is written in the final step of the commit
    /// (<see cref="FlushLedgerAsync"/>), which takes it briefly. Taken early, it serializes the whole rest of the
    /// request; to serialize writers of one kind of record, use <see cref="AcquireLockAsync"/> with a key.
    /// </summary>
    public async Task AcquireLedgerLockAsync(CancellationToken ct = default)
    {
        if (Database.CurrentTransaction is null)
            throw new InvalidOperationException("The ledger lock is taken inside a write transaction (BeginWriteAsync).");
        if (IsSqlite) return; // the write gate and SQLite's single writer already serialize
        await Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(72417001)", ct);
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}

/// <summary>
/// A write transaction that commits explicitly and rolls back if disposed uncommitted. Committing first writes
/// the ledger (audit entries, feed items: pending on PostgreSQL, sealed on SQLite) and, after the commit on
/// PostgreSQL, waits for the sealer to chain them (ADR 0020).
/// </summary>
public sealed class WriteScope(IDbContextTransaction? transaction, SemaphoreSlim? gate, CordonDbContext? db) : IAsyncDisposable
{
    public WriteScope(IDbContextTransaction? transaction, SemaphoreSlim? gate)
        : this(transaction, gate, null)
    {
    }

    /// <summary>False when this scope joined an outer transaction; the outer owner commits.</summary>
    public bool OwnsTransaction => transaction is not null;

    public async Task CommitAsync(CancellationToken ct = default)
    {
        if (transaction is null) return;
        if (db is not null) await db.FlushLedgerAsync(ct);
        await transaction.CommitAsync(ct);
        if (db is not null) await db.SealCommittedLedgerAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (transaction is not null)
            {
                db?.DiscardPendingLedgerWrites(); // uncommitted: the transaction rolls back, and its ledger writes with it
                db?.ForgetCommittedLedgerBatch();
                await transaction.DisposeAsync();
            }
        }
        finally
        {
            gate?.Release();
        }
    }
}
