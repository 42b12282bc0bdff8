namespace Cordon.Client.Feed;

/// <summary>Where a follower keeps its position in the change feed between runs.</summary>
public interface ICursorStore
{
    /// <summary>The last saved cursor, or 0 when none was ever saved.</summary>
    Task<long> LoadAsync(CancellationToken ct = default);

    Task SaveAsync(long cursor, CancellationToken ct = default);
}

/// <summary>Keeps the cursor in memory only: for one-off reads and tests.</summary>
public sealed class InMemoryCursorStore(long initial = 0) : ICursorStore
{
    public long Cursor { get; private set; } = initial;

    public Task<long> LoadAsync(CancellationToken ct = default) => Task.FromResult(Cursor);

    public Task SaveAsync(long cursor, CancellationToken ct = default)
    {
        Cursor = cursor;
        return Task.CompletedTask;
    }
}
