using System.Security.Claims;
using System.Security.Cryptography;
using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Exchange;
using Cordon.Domain.Exchange;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Features.Exchange;

public sealed record FeedItemDto(long Id, string Module, string RecordType, string RecordId, string Event, DateTimeOffset CreatedAt);

public sealed record FeedResponse(IReadOnlyList<FeedItemDto> Items, long NextCursor, bool HasMore);

public sealed record WebhookDto(Guid Id, string Url, DateTimeOffset CreatedAt, bool Active, string? Secret);

public sealed record NewWebhook(string Url);

public sealed record WebhookDeliveryDto(long Id, long FeedItemId, WebhookDeliveryState State, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError);

public static class ExchangeEndpoints
{
    public static void MapExchangeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/feed", async Task<Results<Ok<FeedResponse>, ProblemHttpResult>> (long? cursor, int? limit, ClaimsPrincipal user, ChangeFeed feed, CordonDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            if (user.PartyCode() is not { } party) return ProblemResults.NotFound("The change feed belongs to a Party; the Secretariat has none.");
            if (cursor is < 0) return ProblemResults.Invalid("The cursor is the last id you received (0 to start).");
            var page = await feed.ReadAsync(party, cursor ?? 0, limit ?? 100, ct);
            var deliveryIds = page.Items.Where(i => i.DeliveryId != null).Select(i => i.DeliveryId!.Value).ToList();
            if (deliveryIds.Count > 0)
            {
                var now = clock.GetUtcNow();
                await db.Deliveries.Where(d => deliveryIds.Contains(d.Id) && d.State == DeliveryState.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Delivered).SetProperty(d => d.DeliveredAt, now), ct);
            }
            return TypedResults.Ok(new FeedResponse(page.Items.Select(i => new FeedItemDto(i.Id, i.Module, i.RecordType, i.RecordId, i.Event, i.CreatedAt)).ToList(), page.NextCursor, page.HasMore));
        }).WithTags("Exchange").WithName("ReadFeed")
          .WithSummary("Everything addressed to the caller's Party after the cursor, in order. Store NextCursor and call again: no item is missed or repeated.");

        var hooks = api.MapGroup("/webhooks").WithTags("Exchange");
        hooks.MapGet("/", async Task<Results<Ok<List<WebhookDto>>, ProblemHttpResult>> (ClaimsPrincipal user, CordonDbContext db, CancellationToken ct) =>
        {
            if (user.PartyCode() is not { } party) return ProblemResults.NotFound("Webhooks belong to a Party.");
            var list = await db.WebhookSubscriptions.AsNoTracking().Where(w => w.PartyCode == party).OrderBy(w => w.CreatedAt).ToListAsync(ct);
            return TypedResults.Ok(list.Select(w => new WebhookDto(w.Id, w.Url, w.CreatedAt, w.DisabledAt == null, null)).ToList());
        }).WithName("ListWebhooks");

        hooks.MapPost("/", async Task<Results<Created<WebhookDto>, ProblemHttpResult>> (NewWebhook body, ClaimsPrincipal user, CordonDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        {
            if (user.PartyCode() is not { } party || user.FindFirstValue(Application.Identity.CordonClaims.Authority) is not { } authority)
                return ProblemResults.NotFound("Webhooks belong to an authority of a Party.");
            if (!MayManageWebhooks(user, party)) return TypedResults.Problem(title: "Only the national administrator or a national system may manage webhooks.", statusCode: 403);
            if (!Uri.TryCreate(body.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || body.Url.Length > 2000)
                return ProblemResults.Invalid("The webhook URL must be an absolute http(s) URL.", new Dictionary<string, string[]> { ["url"] = ["Enter an absolute https:// URL."] });
            await using var tx = await db.BeginWriteAsync(ct);
            var hook = new WebhookSubscription
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()), AuthorityId = Guid.Parse(authority), PartyCode = party, Url = body.Url,
                Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), CreatedAt = clock.GetUtcNow(),
            };
            db.WebhookSubscriptions.Add(hook);
            await audit.RecordAsync("webhook.created", "Webhook", hook.Id.ToString(), new { hook.Id, hook.Url, hook.PartyCode }, hook.Url, [party], ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.Created($"/api/v1/webhooks/{hook.Id}", new WebhookDto(hook.Id, hook.Url, hook.CreatedAt, true, hook.Secret));
        }).WithName("CreateWebhook").WithSummary("Subscribe a URL to the Party's feed. The signing secret is returned once.");

        hooks.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, CordonDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        {
            var hook = await db.WebhookSubscriptions.FirstOrDefaultAsync(w => w.Id == id && w.PartyCode == user.PartyCode(), ct);
            if (hook is null) return ProblemResults.NotFound("No such webhook of your Party.");
            if (!MayManageWebhooks(user, hook.PartyCode)) return TypedResults.Problem(title: "Only the national administrator or a national system may manage webhooks.", statusCode: 403);
            await using var tx = await db.BeginWriteAsync(ct);
            hook.DisabledAt ??= clock.GetUtcNow();
            await audit.RecordAsync("webhook.disabled", "Webhook", hook.Id.ToString(), null, hook.Url, [hook.PartyCode], ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.NoContent();
        }).WithName("DisableWebhook");

        hooks.MapGet("/{id:guid}/deliveries", async Task<Results<Ok<List<WebhookDeliveryDto>>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, CordonDbContext db, CancellationToken ct) =>
        {
            if (!await db.WebhookSubscriptions.AnyAsync(w => w.Id == id && w.PartyCode == user.PartyCode(), ct)) return ProblemResults.NotFound("No such webhook of your Party.");
            var list = await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id).OrderByDescending(d => d.Id).Take(500).ToListAsync(ct);
            return TypedResults.Ok(list.Select(d => new WebhookDeliveryDto(d.Id, d.FeedItemId, d.State, d.Attempts, d.NextAttemptAt, d.DeliveredAt, d.LastError)).ToList());
        }).WithName("ListWebhookDeliveries").WithSummary("Each delivery to the webhook: pending, delivered or failed, with attempts and the last error.");
    }

    private static bool MayManageWebhooks(ClaimsPrincipal user, string party) =>
        user.AdministersParty(party) || user.HasClaim(c => c.Type == Application.Identity.CordonClaims.ApiClient);
}
