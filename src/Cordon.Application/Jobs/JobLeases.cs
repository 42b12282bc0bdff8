using Cordon.Application.Data;
using Cordon.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Jobs;

/// <summary>
/// Leases that make a background job run on one node at a time. Taking a lease is one conditional UPDATE
/// (or an INSERT for a new job), so two nodes can never both win.
/// </summary>
public sealed class JobLeases(CordonDbContext db, TimeProvider clock)
{
    public async Task<bool> TryAcquireAsync(string job, string holder, TimeSpan duration, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var until = now + duration;
        var updated = await db.JobLeases
            .Where(l => l.Name == job && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct);
        if (updated == 1) return true;
        if (await db.JobLeases.AsNoTracking().AnyAsync(l => l.Name == job, ct)) return false;
        try
        {
            db.JobLeases.Add(new JobLease { Name = job, Holder = holder, ExpiresAt = until });
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false; // another node inserted it first
        }
    }
}
