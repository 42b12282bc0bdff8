using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Cordon.Application.Data;
using Cordon.Domain.Notifications;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Notifications;

public sealed record NotificationDto(long Id, string Key, string Text, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record NotificationPage(IReadOnlyList<NotificationDto> Items, int Unread, long? NextCursor);

public static class NotificationEndpoints
{
    public static NotificationDto ToDto(Notification n, IStringLocalizer localizer)
    {
        var m = n.Message;
        var template = localizer[m.MessageKey];
        string text;
        try
        {
            text = string.Format(System.Globalization.CultureInfo.CurrentCulture, template.Value, m.ArgumentList);
        }
        catch (FormatException)
        {
            text = template.Value;
        }
        return new NotificationDto(n.MessageId, m.MessageKey, text, m.Link, m.CreatedAt, n.ReadAt);
    }

    /// <summary>A user's notifications with their text (ADR 52), newest first: what the centre, the home page and the API list.</summary>
    public static IQueryable<Notification> Newest(CordonDbContext db, Guid? user) =>
        db.Notifications.AsNoTracking().Include(n => n.Message).Where(n => n.UserId == user).OrderByDescending(n => n.MessageId);

    public static void MapNotificationApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/notifications").WithTags("Notifications");
        g.MapGet("/", async Task<Results<Ok<NotificationPage>, ProblemHttpResult>> (long? cursor, int? limit, ClaimsPrincipal user, CordonDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            if (user.UserId() is not { } id) return ProblemResults.NotFound();
            var take = Math.Clamp(limit ?? 50, 1, 200);
            var items = await Newest(db, id).Where(n => cursor == null || n.MessageId < cursor).Take(take + 1).ToListAsync(ct);
            var unread = await db.Notifications.CountAsync(n => n.UserId == id && n.ReadAt == null, ct);
            long? next = items.Count > take ? items[take - 1].MessageId : null;
            return TypedResults.Ok(new NotificationPage(items.Take(take).Select(n => ToDto(n, l)).ToList(), unread, next));
        }).WithName("ListNotifications");

        g.MapPost("/{id:long}/read", async Task<Results<NoContent, ProblemHttpResult>> (long id, ClaimsPrincipal user, CordonDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var me = user.UserId();
            var updated = await db.Notifications.Where(n => n.UserId == me && n.MessageId == id && n.ReadAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.GetUtcNow()), ct);
            if (updated == 0 && !await db.Notifications.AnyAsync(n => n.UserId == me && n.MessageId == id, ct)) return ProblemResults.NotFound("No such notification of yours.");
            return TypedResults.NoContent();
        }).WithName("MarkNotificationRead");

        g.MapPost("/read-all", async (ClaimsPrincipal user, CordonDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var me = user.UserId();
            await db.Notifications.Where(n => n.UserId == me && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.GetUtcNow()), ct);
            return TypedResults.NoContent();
        }).WithName("MarkAllNotificationsRead");
    }

    /// <summary>GET /notifications/stream: server-sent events with the signed-in user's new notifications, in their language.</summary>
    public static void MapNotificationStream(this IEndpointRouteBuilder app)
    {
        app.MapGet("/notifications/stream", (ClaimsPrincipal user, LiveConnections live, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var id = user.UserId()!.Value;
            return TypedResults.ServerSentEvents(Stream(id, live, l, ct));
        }).RequireAuthorization(Policies.SignedIn).ExcludeFromDescription();
    }

    private static async IAsyncEnumerable<SseItem<NotificationDto>> Stream(Guid userId, LiveConnections live, IStringLocalizer l, [EnumeratorCancellation] CancellationToken ct)
    {
        var (connection, reader) = live.Connect(userId);
        try
        {
            // A first comment-like event tells the page the stream is open (the browser test waits for it).
            yield return new SseItem<NotificationDto>(new NotificationDto(0, "connected", "", null, default, null), "connected");
            await foreach (var n in reader.ReadAllAsync(ct))
                yield return new SseItem<NotificationDto>(ToDto(n, l), "notification");
        }
        finally
        {
            live.Disconnect(userId, connection);
        }
    }
}
