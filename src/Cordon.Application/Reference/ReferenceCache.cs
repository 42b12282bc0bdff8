using System.Collections.Concurrent;
using System.Diagnostics;
using Cordon.Application.Data;
using Cordon.Domain.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cordon.Application.Reference;

/// <summary>
/// The reference lists as one immutable snapshot: every substance (with its salts), every country (with its names) and the
/// codes of the Parties taking part in Cordon.
/// </summary>
public sealed class ReferenceSnapshot(IReadOnlyList<ControlledSubstance> substances, IReadOnlyList<Country> countries, IReadOnlyList<string> partyCodes)
{
    public IReadOnlyList<ControlledSubstance> Substances { get; } = substances;
    public IReadOnlyDictionary<string, ControlledSubstance> SubstancesByCode { get; } = substances.ToDictionary(s => s.Code, StringComparer.Ordinal);
    public IReadOnlyDictionary<string, Country> Countries { get; } = countries.ToDictionary(c => c.Alpha2, StringComparer.Ordinal);
    public IReadOnlySet<string> CountryCodes { get; } = countries.Select(c => c.Alpha2).ToHashSet(StringComparer.Ordinal);
    public IReadOnlySet<string> PartyCodes { get; } = partyCodes.ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// Reference data (substances, salts, countries, the Parties) is read by every submission and changes a few times a year, so write
/// paths read it from memory instead of the database (ADR 0019). A change saved through EF in this process drops the
/// snapshot at once (after commit); a change made by another node or by the command line is seen within
/// <see cref="MaxAge"/>. Snapshots are per database, and their entities are shared: callers must not modify them.
/// </summary>
public static class ReferenceCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private sealed record Entry(ReferenceSnapshot Snapshot, long LoadedAt, long Generation);

    private static readonly ConcurrentDictionary<string, Entry> Entries = new(StringComparer.Ordinal);
    private static long _generation;

    public static async Task<ReferenceSnapshot> GetAsync(CordonDbContext db, CancellationToken ct = default)
    {
        var key = db.Database.GetConnectionString() ?? "";
        var generation = Interlocked.Read(ref _generation);
        if (Entries.TryGetValue(key, out var e) && e.Generation == generation && Stopwatch.GetElapsedTime(e.LoadedAt) < MaxAge)
            return e.Snapshot;
        var loadedAt = Stopwatch.GetTimestamp();
        var substances = await db.Substances.AsNoTracking().Include(s => s.Salts).AsSplitQuery().ToListAsync(ct);
        var countries = await db.Countries.AsNoTracking().ToListAsync(ct);
        var parties = await db.Parties.AsNoTracking().Select(p => p.Code).ToListAsync(ct);
        var snapshot = new ReferenceSnapshot(substances, countries, parties);
        Entries[key] = new Entry(snapshot, loadedAt, generation);
        return snapshot;
    }

    /// <summary>Drops every snapshot; the next reader loads afresh.</summary>
    public static void Invalidate() => Interlocked.Increment(ref _generation);

    internal static bool IsReference(object entity) => entity is ControlledSubstance or SubstanceSalt or Country or Domain.Identity.Party;
}

/// <summary>Drops the reference snapshots (and the directory caches, ADR 0050) when such data is saved, and again when its transaction commits.</summary>
internal sealed class ReferenceChangeInterceptor : SaveChangesInterceptor
{
    public static readonly ReferenceChangeInterceptor Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Flush(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Note(DbContext? context)
    {
        if (context is not CordonDbContext db) return;
        foreach (var e in db.ChangeTracker.Entries())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (ReferenceCache.IsReference(e.Entity)) db.ReferenceChanged = true;
            else if (DirectoryChanges.IsDirectory(e.Entity)) db.DirectoryChanged = true;
        }
    }

    private static void Flush(DbContext? context)
    {
        if (context is not CordonDbContext db) return;
        // Inside a transaction, readers may reload the old rows before the commit; invalidate again after it.
        var committed = db.Database.CurrentTransaction is null;
        if (db.ReferenceChanged)
        {
            ReferenceCache.Invalidate();
            if (committed) db.ReferenceChanged = false;
        }
        if (db.DirectoryChanged)
        {
            DirectoryChanges.Changed();
            if (committed) db.DirectoryChanged = false;
        }
    }
}
