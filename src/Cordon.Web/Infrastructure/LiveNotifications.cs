using System.Collections.Concurrent;
using System.Threading.Channels;
using Cordon.Application.Data;
using Cordon.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Infrastructure;

/// <summary>The browsers connected to this node, each with a channel of notifications to push.</summary>
public sealed class LiveConnections
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Channel<Notification>>> _byUser = new();

    public (Guid ConnectionId, ChannelReader<Notification> Reader) Connect(Guid userId)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<Notification>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
        _byUser.GetOrAdd(userId, _ => new())[id] = channel;
        return (id, channel.Reader);
    }

    public void Disconnect(Guid userId, Guid connectionId)
    {
        if (_byUser.TryGetValue(userId, out var conns) && conns.TryRemove(connectionId, out var ch)) ch.Writer.TryComplete();
    }

    public IReadOnlyCollection<Guid> Users => _byUser.Where(kv => !kv.Value.IsEmpty).Select(kv => kv.Key).ToList();

    public void Push(Notification n)
    {
        if (_byUser.TryGetValue(n.UserId, out var conns))
            foreach (var ch in conns.Values) ch.Writer.TryWrite(n);
    }
}

/// <summary>
/// Runs on every node: pushes notifications created by any node to the browsers connected to this one.
/// It reads the table rather than an in-process event so that a notification raised through node 1
/// reaches a browser on node 2 without a message bus (see docs/adr/0004-live-notifications.md).
/// </summary>
public sealed class NotificationPusher(LiveConnections connections, IServiceScopeFactory scopes, TimeProvider clock, ILogger<NotificationPusher> logger) : BackgroundService
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    /// <summary>(user, message) pairs pushed that a look may still read (above the look-back id).</summary>
    private readonly HashSet<(Guid UserId, long MessageId)> _pushed = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PushNewAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromMilliseconds(500), clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Pushing live notifications failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken);
            }
        }
    }

    /// <summary>The newest notification id at each look of the last <see cref="Window"/>, and the last one before it.</summary>
    private readonly Queue<(DateTimeOffset At, long Newest)> _marks = new();

    private async Task PushNewAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var since = now - Window;
        var users = connections.Users.ToList();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CordonDbContext>();
        // Rows can commit out of id order, so look back over a window and remember what was pushed. The window is kept as a
        // message id, the newest Window ago: the read is then a range of each connected user's (UserId, MessageId) key
        // entries rather than every notification of the last 30 seconds, and no table needs an index on its creation time
        // (ADR 49, 52). The marks are kept while nobody is connected too (one read of the messages' key end), so that a
        // browser connecting gets what was raised in the seconds before, as it did when the window was a time.
        _marks.Enqueue((now, await db.NotificationMessages.MaxAsync(n => (long?)n.Id, ct) ?? 0));
        while (_marks.Count > 1 && _marks.ElementAt(1).At <= since) _marks.Dequeue();
        if (users.Count == 0) return;
        var after = _marks.Peek().Newest;
        // The newest thousand when more are new (they are toasts; the notification centre lists them all).
        var recent = await db.Notifications.AsNoTracking().Include(n => n.Message)
            .Where(n => n.MessageId > after && users.Contains(n.UserId))
            .OrderByDescending(n => n.MessageId).Take(1000).ToListAsync(ct);
        recent.Reverse();
        foreach (var n in recent)
            if (_pushed.Add((n.UserId, n.MessageId))) connections.Push(n);
        // Ids at or below the look-back id are never read again.
        _pushed.RemoveWhere(p => p.MessageId <= after);
    }
}
