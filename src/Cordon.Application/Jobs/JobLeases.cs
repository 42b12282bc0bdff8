using Cordon.Application.Data;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Jobs;

/// <summary>
/// Leases that make a background job run on one node at a time. Taking a lease is one atomic
/// INSERT ... ON CONFLICT DO UPDATE ... WHERE (ours or expired), so two nodes can never both win.
/// </summary>
public sealed class JobLeases(CordonDbContext db, TimeProvider clock)
{
    public async Task<bool> TryAcquireAsync(string job, string holder, TimeSpan duration, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var until = now + duration;
        // One statement, atomic on both providers: insert the lease, or take it over when it is ours or expired.
        // SQLite keeps DateTimeOffset as UTC ticks (see CordonDbContext), so the parameters follow suit.
        object untilValue = db.IsSqlite ? until.UtcTicks : until;
        object nowValue = db.IsSqlite ? now.UtcTicks : now;
        var rows = await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "JobLeases" ("Name", "Holder", "ExpiresAt") VALUES ({0}, {1}, {2})
            ON CONFLICT ("Name") DO UPDATE SET "Holder" = excluded."Holder", "ExpiresAt" = excluded."ExpiresAt"
            WHERE "JobLeases"."Holder" = excluded."Holder" OR "JobLeases"."ExpiresAt" < {3}
            """,
            [job, holder, untilValue, nowValue], ct);
        return rows == 1;
    }
}
