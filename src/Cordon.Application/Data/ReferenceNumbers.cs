using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cordon.Application.Data;

/// <summary>The last number handed out in one numbering series, e.g. the pre-export references of one Party and year.</summary>
public sealed class ReferenceCounter
{
    public required string Scope { get; init; }
    public required string Key { get; init; }
    public long Last { get; set; }
}

internal sealed class ReferenceCounterConfiguration : IEntityTypeConfiguration<ReferenceCounter>
{
    public void Configure(EntityTypeBuilder<ReferenceCounter> b)
    {
        b.ToTable("ReferenceCounters");
        b.HasKey(c => new { c.Scope, c.Key });
        b.Property(c => c.Scope).HasMaxLength(64);
        b.Property(c => c.Key).HasMaxLength(128);
    }
}

public partial class CordonDbContext
{
    public DbSet<ReferenceCounter> ReferenceCounters => Set<ReferenceCounter>();

    /// <summary>
    /// The next number of a series, unique and increasing (ADR 0042). On PostgreSQL it is drawn in its own one-statement
    /// transaction, like a database sequence: the counter row is locked for that statement only, so writers of one
    /// series no longer queue until each other's commit, and a write that fails after drawing leaves a gap. On SQLite,
    /// whose single writer already serializes, it is drawn in the caller's transaction and a rollback returns it.
    /// </summary>
    public async Task<long> NextNumberAsync(string scope, string key, CancellationToken ct = default)
    {
        if (!IsSqlite)
        {
            await using var own = new Npgsql.NpgsqlConnection(Database.GetConnectionString());
            await own.OpenAsync(ct);
            return await DrawAsync(own, null, AsyncCommitUpsert, scope, key, ct);
        }
        if (Database.CurrentTransaction is null)
            throw new InvalidOperationException("A number is drawn inside a write transaction (BeginWriteAsync).");
        return await DrawAsync(Database.GetDbConnection(), Database.CurrentTransaction.GetDbTransaction(), Upsert, scope, key, ct);
    }

    private const string Increment = """
        ON CONFLICT ("Scope", "Key") DO UPDATE SET "Last" = "ReferenceCounters"."Last" + 1
        RETURNING "Last"
        """;

    private const string Upsert = $"""
        INSERT INTO "ReferenceCounters" ("Scope", "Key", "Last") VALUES (@scope, @key, 1)
        {Increment}
        """;

    // One statement in its own (implicit) transaction, which commits without a WAL flush of its own (ADR 0046): the
    // write that uses the number commits after it, and that commit's flush makes this earlier one durable too. A crash
    // can lose only numbers that no committed record carries. The setting is local to this statement's transaction.
    private const string AsyncCommitUpsert = $"""
        INSERT INTO "ReferenceCounters" ("Scope", "Key", "Last")
        SELECT @scope, @key, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS local_setting
        {Increment}
        """;

    private static async Task<long> DrawAsync(DbConnection connection, DbTransaction? transaction, string sql, string scope, string key, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.AddParameter("scope", scope);
        command.AddParameter("key", key);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
