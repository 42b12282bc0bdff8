using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Application.Data;
using Cordon.Application.Exchange;
using Cordon.Domain.Exchange;
using Cordon.Web.Infrastructure;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Exchange;

[Collection(SharedApp.Name)]
public class ExchangeTests(CordonApp app)
{
    private async Task<string> SendAsync(string from, string to, bool secretariatCopy = false)
    {
        var recordId = Guid.NewGuid().ToString("N");
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<CordonDbContext>();
            await using var tx = await db.BeginWriteAsync();
            await s.GetRequiredService<PartyExchange>().SendAsync(new Dispatch("Permits", "TestRecord", recordId, from, [to], secretariatCopy, "created",
                "Notification.UserRemoved", ["record " + recordId, from], "/"));
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        });
        return recordId;
    }

    [Fact]
    public async Task A_record_reaches_the_recipient_feed_and_notifications_and_no_one_else()
    {
        var id = await SendAsync("AT", "IN", secretariatCopy: true);
        var india = await app.ApiClientAsync("IN", "Permits.View");
        var colombia = await app.ApiClientAsync("CO", "Permits.View");

        var inFeed = await india.GetFromJsonAsync<JsonElement>("/api/v1/feed?cursor=0&limit=500");
        Assert.Contains(inFeed.GetProperty("items").EnumerateArray(), i => i.GetProperty("recordId").GetString() == id);
        var coFeed = await colombia.GetFromJsonAsync<JsonElement>("/api/v1/feed?cursor=0&limit=500");
        Assert.DoesNotContain(coFeed.GetProperty("items").EnumerateArray(), i => i.GetProperty("recordId").GetString() == id);

        var deliveries = await app.WithDbAsync(db => db.Deliveries.Where(d => d.RecordId == id).ToListAsync());
        Assert.Equal(["**", "IN"], deliveries.Select(d => d.RecipientPartyCode).Order(StringComparer.Ordinal));
        Assert.Equal(DeliveryState.Delivered, deliveries.Single(d => d.RecipientPartyCode == "IN").State);

        var notified = await app.WithDbAsync(db => (
            from n in db.Notifications join u in db.Users on n.UserId equals u.Id
            where n.Message.Arguments.Contains(id) select u.PartyCode).ToListAsync());
        Assert.Contains("IN", notified);
        Assert.Contains(null, notified); // the Secretariat's copy
        Assert.DoesNotContain("CO", notified);
        Assert.DoesNotContain("AT", notified);
    }

    [Fact]
    public async Task Following_the_feed_by_cursor_never_misses_or_repeats_an_item()
    {
        var sent = new List<string>();
        for (var i = 0; i < 7; i++) sent.Add(await SendAsync("CO", "KZ"));
        var kz = await app.ApiClientAsync("KZ", "Permits.View");
        var received = new List<string>();
        long cursor = 0;
        while (true)
        {
            var page = await kz.GetFromJsonAsync<JsonElement>($"/api/v1/feed?cursor={cursor}&limit=3");
            received.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("recordId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetInt64();
            if (!page.GetProperty("hasMore").GetBoolean()) break;
        }
        Assert.Equal(received.Count, received.Distinct().Count());
        Assert.All(sent, id => Assert.Contains(id, received));
        var last = await kz.GetFromJsonAsync<JsonElement>($"/api/v1/feed?cursor={cursor}");
        Assert.Empty(last.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_bad_cursor_is_a_400() =>
        Assert.Equal(HttpStatusCode.BadRequest, (await (await app.ApiClientAsync("KZ", "Permits.View")).GetAsync("/api/v1/feed?cursor=-5")).StatusCode);

    [Fact]
    public async Task Webhooks_are_signed_retried_while_the_receiver_is_down_and_delivered_once_it_is_up()
    {
        // A national system's receiver on loopback that fails first, then accepts.
        var received = new List<(string Signature, string Body)>();
        var failuresLeft = 1;
        await using var receiver = WebApplication.CreateSlimBuilder().Build();
        receiver.Urls.Add("http://127.0.0.1:0");
        receiver.MapPost("/hook", async (HttpRequest r) =>
        {
            using var reader = new StreamReader(r.Body);
            var body = await reader.ReadToEndAsync();
            if (failuresLeft-- > 0) return Results.StatusCode(503);
            lock (received) received.Add((r.Headers[WebhookSignature.HeaderName].ToString(), body));
            return Results.Ok();
        });
        await receiver.StartAsync();
        var url = receiver.Urls.First() + "/hook";

        var india = await app.ApiClientAsync("IN", "Permits.View");
        var created = await india.PostAsJsonAsync("/api/v1/webhooks", new { url });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hook = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = hook.GetProperty("secret").GetString()!;
        var hookId = hook.GetProperty("id").GetString();

        var recordId = await SendAsync("AT", "IN");
        async Task Dispatch() => await app.WithScopeAsync(s => s.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None));

        await Dispatch();
        var delivery = await app.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.SubscriptionId == Guid.Parse(hookId!)).SingleAsync());
        Assert.Equal(WebhookDeliveryState.Pending, delivery.State);
        Assert.Equal(1, delivery.Attempts);
        Assert.Contains("503", delivery.LastError, StringComparison.Ordinal);

        // Due again now (instead of waiting for the back-off), the second attempt succeeds.
        await app.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, DateTimeOffset.UnixEpoch)));
        await Dispatch();
        await Dispatch(); // nothing more to send: no duplicate
        Assert.Single(received);
        Assert.Contains(recordId, received[0].Body, StringComparison.Ordinal);
        Assert.True(WebhookSignature.Verify(secret, received[0].Signature, System.Text.Encoding.UTF8.GetBytes(received[0].Body), TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(5)));
        var deliveries = await india.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{hookId}/deliveries");
        Assert.Equal("Delivered", deliveries[0].GetProperty("state").GetString());

        // Another Party cannot see or disable this webhook.
        var colombia = await app.ApiClientAsync("CO", "Permits.View");
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.GetAsync($"/api/v1/webhooks/{hookId}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.DeleteAsync($"/api/v1/webhooks/{hookId}")).StatusCode);
    }

    [Fact]
    public async Task A_webhook_url_must_be_absolute_http()
    {
        var india = await app.ApiClientAsync("IN", "Permits.View");
        var r = await india.PostAsJsonAsync("/api/v1/webhooks", new { url = "file:///etc/passwd" });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }
}
