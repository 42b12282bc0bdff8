using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Data;

/// <summary>
/// Counters kept as insert-only deltas and folded by a leased job (ADR 35, ADR 47). Writers only insert delta rows, so
/// concurrent writers never wait on one counter row; readers add the counters and the pending deltas in one statement.
/// This is the fold: moving a delta table's oldest rows into its counters.
/// </summary>
public static class CounterDeltas
{
    public const int FoldBatch = 50_000;

    /// <summary>
    /// Moves up to <see cref="FoldBatch"/> of the oldest rows of <paramref name="deltaTable"/> into the counters with
    /// <paramref name="upsert"/> (given the SQL source of the rows it adds up), inside the caller's write transaction; returns
    /// how many were moved. On PostgreSQL one statement deletes the deltas it sees and adds them up (a delta committed
    /// meanwhile stays for the next run; two folds at once never take the same delta); on SQLite the write transaction is
    /// the only writer, so reading the highest id, upserting and deleting up to it is atomic.
    /// </summary>
    public static async Task<int> MoveAsync(CordonDbContext db, string deltaTable, Func<string, string> upsert, CancellationToken ct)
    {
        // The SQL is made of the callers' constant table names and statements; the batch size and the id are parameters.
#pragma warning disable EF1002, EF1003
        if (db.IsSqlite)
        {
            var max = await db.Database.SqlQueryRaw<long>(
                $"SELECT COALESCE(MAX(\"Id\"), 0) AS \"Value\" FROM (SELECT \"Id\" FROM \"{deltaTable}\" ORDER BY \"Id\" LIMIT {{0}})", FoldBatch).SingleAsync(ct);
            await db.Database.ExecuteSqlRawAsync(upsert($"(SELECT * FROM \"{deltaTable}\" WHERE \"Id\" <= {{0}})"), [max], ct);
            return await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"{deltaTable}\" WHERE \"Id\" <= {{0}}", [max], ct);
        }
        return await db.Database.ExecuteSqlRawAsync(
            $"WITH moved AS (DELETE FROM \"{deltaTable}\" WHERE \"Id\" IN (SELECT \"Id\" FROM \"{deltaTable}\" ORDER BY \"Id\" LIMIT {{0}}) RETURNING *) "
            + upsert("moved"), [FoldBatch], ct);
#pragma warning restore EF1002, EF1003
    }

    /// <summary>Runs a fold until it moves nothing (a backlog larger than one batch); returns how many deltas were moved.</summary>
    public static async Task<int> FoldAllAsync(CordonDbContext db, Func<CordonDbContext, CancellationToken, Task<int>> fold, CancellationToken ct)
    {
        var total = 0;
        int moved;
        do total += moved = await fold(db, ct);
        while (moved > 0 && !ct.IsCancellationRequested);
        return total;
    }
}
