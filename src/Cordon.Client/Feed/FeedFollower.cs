using Cordon.Client.Models;

namespace Cordon.Client.Feed;

public sealed class FeedFollowerOptions
{
    /// <summary>Items per page (the server caps it at 500).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>How long <see cref="FeedFollower.FollowAsync"/> waits once caught up before asking again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>What one catch-up did: items handed to the callback, pages read, and the cursor now saved.</summary>
public sealed record FeedProgress(int Items, int Pages, long Cursor);

/// <summary>
/// Follows the Party's change feed: reads it page by page from the stored cursor, hands each item to the
/// callback in order, and saves the cursor only once the whole page is handled. After a crash the last
/// unfinished page is read again (at-least-once), but nothing before it is repeated and nothing is lost;
/// callbacks should therefore be idempotent by <see cref="FeedItemDto.Id"/>.
/// </summary>
public sealed class FeedFollower
{
    private readonly CordonClient _client;
    private readonly ICursorStore _cursors;
    private readonly FeedFollowerOptions _options;

    public FeedFollower(CordonClient client, ICursorStore cursors, FeedFollowerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(cursors);
        _client = client;
        _cursors = cursors;
        _options = options ?? new FeedFollowerOptions();
    }

    /// <summary>Reads until the feed has nothing more, then returns.</summary>
    public async Task<FeedProgress> CatchUpAsync(Func<FeedItemDto, CancellationToken, Task> onItem, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(onItem);
        var cursor = await _cursors.LoadAsync(ct);
        int items = 0, pages = 0;
        while (true)
        {
            var page = await _client.ReadFeedAsync(cursor, _options.PageSize, ct);
            pages++;
            foreach (var item in page.Items)
            {
                await onItem(item, ct);
                items++;
            }
            if (page.Items.Count > 0 && page.NextCursor > cursor)
            {
                await _cursors.SaveAsync(page.NextCursor, ct);
                cursor = page.NextCursor;
            }
            else if (page.HasMore)
            {
                // The server says there is more but did not move the cursor: stop rather than loop forever.
                throw new InvalidOperationException($"The feed did not advance past cursor {cursor}.");
            }
            if (!page.HasMore) return new FeedProgress(items, pages, cursor);
        }
    }

    /// <summary>Catches up, then polls every <see cref="FeedFollowerOptions.PollInterval"/> until cancelled.</summary>
    public async Task FollowAsync(Func<FeedItemDto, CancellationToken, Task> onItem, CancellationToken ct)
    {
        while (true)
        {
            await CatchUpAsync(onItem, ct);
            await Task.Delay(_options.PollInterval, _options.TimeProvider, ct);
        }
    }
}
