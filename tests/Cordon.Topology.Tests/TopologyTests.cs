using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;

using Cordon.Web.Tests.Infrastructure;

namespace Cordon.Topology.Tests;

/// <summary>Two nodes behind nginx on one PostgreSQL, as docs/operations.md deploys them.</summary>
[Collection(SharedCluster.Name)]
public sealed class TopologyTests(Cluster cluster)
{
    [Fact]
    public async Task A_session_opened_through_nginx_is_valid_on_both_nodes()
    {
        var cookies = new CookieContainer();
        using var viaProxy = await Cluster.SignInAsync(cluster.Proxy.BaseAddress, "regulator.at@cordon.example", cookies);
        foreach (var node in new[] { cluster.Node1, cluster.Node2 })
        {
            using var direct = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = node.BaseAddress };
            var me = await direct.GetFromJsonAsync<JsonElement>("/api/v1/me");
            Assert.Equal("regulator.at@cordon.example", me.GetProperty("email").GetString());
        }
    }

    [Fact]
    public async Task A_notification_raised_through_node_1_reaches_a_browser_stream_on_node_2()
    {
        using var secretariat = await Cluster.SignInAsync(cluster.Node2.BaseAddress, "secretariat.admin@cordon.example", timeout: Timeout.InfiniteTimeSpan);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stream = await LiveStream.OpenAsync(secretariat, cts.Token);

        using var admin = await Cluster.SignInAsync(cluster.Node1.BaseAddress, "admin.at@cordon.example");
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/v1/users?party=AT");
        var officer = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == "enforcement.at@cordon.example").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/users/{officer}/grants/Traceability.Submit")).StatusCode);

        var data = await stream.NextNotificationWithAsync("Traceability.Submit", cts.Token);
        Assert.NotNull(data);
        Assert.Contains("enforcement.at@cordon.example", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_deliveries_run_once_across_both_nodes()
    {
        // A national system's receiver on loopback, recording each delivery id it is given.
        var received = new List<string>();
        await using var receiver = WebApplication.CreateSlimBuilder().Build();
        receiver.Urls.Add("http://127.0.0.1:0");
        receiver.MapPost("/hook", (HttpRequest r) =>
        {
            lock (received) received.Add(r.Headers["Cordon-Delivery"].ToString());
            return Results.Ok();
        });
        await receiver.StartAsync();

        using var india = await Cluster.SignInAsync(cluster.Proxy.BaseAddress, "admin.in@cordon.example");
        var hook = await (await india.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Urls.First() + "/hook" })).Content.ReadFromJsonAsync<JsonElement>();
        var hookId = hook.GetProperty("id").GetGuid();

        // Reports through the proxy land on both nodes; each names India, so each becomes a delivery to its webhook.
        using var austria = await Cluster.SignInAsync(cluster.Proxy.BaseAddress, "enforcement.at@cordon.example");
        const int reports = 12;
        for (var i = 0; i < reports; i++)
        {
            var response = await austria.PostAsJsonAsync("/api/v1/incidents", Incidents.Report($"HOOK{i:D4}", ["IN"]));
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        async Task<long> Pending() => await cluster.Postgres.ScalarAsync(
            $"""SELECT count(*) FROM "WebhookDeliveries" WHERE "SubscriptionId" = '{hookId}' AND "State" <> 'Delivered'""");
        await Processes.WaitUntilAsync(async () => await Pending() == 0 && received.Count >= reports, TimeSpan.FromSeconds(90), "webhook deliveries");
        // Both nodes run the webhook job every 5 s; give them two more rounds to deliver anything twice.
        await Task.Delay(TimeSpan.FromSeconds(11));

        var total = await cluster.Postgres.ScalarAsync($"""SELECT count(*) FROM "WebhookDeliveries" WHERE "SubscriptionId" = '{hookId}'""");
        string[] ids;
        lock (received) ids = [.. received];
        Assert.True(total >= reports, $"{total} deliveries for {reports} reports");
        Assert.Equal(total, ids.Length);
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }
}
