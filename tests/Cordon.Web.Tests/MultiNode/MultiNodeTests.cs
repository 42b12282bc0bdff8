using System.Net;
using System.Net.Http.Json;
using Cordon.Application.Audit;
using Cordon.Application.Jobs;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.MultiNode;

/// <summary>A second Cordon node on the first node's database and data folder (shared keys), as behind a load balancer.</summary>
public sealed class SecondNode(CordonApp first) : CordonApp
{
    protected override bool SeedDemo => false;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Cordon:DataDirectory"] = first.DataDirectory,
        ["ConnectionStrings:Postgres"] = first.PostgresConnection,
    };

    protected override bool OwnsStorage => false;
}

public class MultiNodeTests : IAsyncLifetime
{
    private readonly CordonApp _node1 = new();
    private SecondNode _node2 = null!;

    public async Task InitializeAsync()
    {
        await _node1.InitializeAsync();
        _node2 = new SecondNode(_node1);
        await _node2.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _node2.DisposeAsync();
        await _node1.DisposeAsync();
    }

    [Fact]
    public async Task A_session_opened_on_one_node_is_valid_on_the_other()
    {
        var cookies = new CookieContainer();
        await CordonApp.SignInAsync(_node1.CreateDefaultClient(new CookieContainerHandler(cookies)), "regulator.at@cordon.example");
        var onNode2 = _node2.CreateDefaultClient(new CookieContainerHandler(cookies));
        Assert.Equal(HttpStatusCode.OK, (await onNode2.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_notification_raised_through_node_1_reaches_a_browser_connected_to_node_2()
    {
        var secretariatOnNode2 = await _node2.SignInAsync("secretariat.admin@cordon.example");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = await LiveStream.OpenAsync(secretariatOnNode2, cts.Token);

        var adminOnNode1 = await _node1.SignInAsync("admin.at@cordon.example");
        var officer = await _node1.WithDbAsync(db => db.Users.Where(u => u.Email == "enforcement.at@cordon.example").Select(u => u.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await adminOnNode1.DeleteAsync($"/api/v1/users/{officer}/grants/Traceability.Submit")).StatusCode);

        var data = await stream.NextNotificationWithAsync("Traceability.Submit", cts.Token);
        Assert.NotNull(data);
        Assert.Contains("enforcement.at@cordon.example", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheduled_job_runs_on_exactly_one_node_at_a_time()
    {
        for (var round = 0; round < 10; round++)
        {
            var job = $"test-job-{round}";
            async Task<bool> Try(CordonApp node, string holder)
            {
                await using var scope = node.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<JobLeases>().TryAcquireAsync(job, holder, TimeSpan.FromMinutes(1));
            }
            var results = await Task.WhenAll(Try(_node1, "node-1"), Try(_node2, "node-2"));
            Assert.Equal(1, results.Count(r => r));
            // The holder renews its lease; the other node still cannot take it.
            var winner = results[0] ? "node-1" : "node-2";
            Assert.True(await Try(results[0] ? _node1 : _node2, winner));
            Assert.False(await Try(results[0] ? _node2 : _node1, results[0] ? "node-2" : "node-1"));
        }
    }

    [Fact]
    public async Task Concurrent_writes_through_both_nodes_keep_one_unbroken_audit_chain()
    {
        var c1 = await _node1.ApiClientAsync("AT", "Incidents.Submit");
        var c2 = await _node2.ApiClientAsync("IN", "Incidents.Submit");
        var writes = Enumerable.Range(0, 24).Select(i =>
            (i % 2 == 0 ? c1 : c2).PostAsJsonAsync("/api/v1/reference/substances/non-scheduled", new { name = $"Concurrent chemical {i} {Guid.NewGuid():N}" }));
        var responses = await Task.WhenAll(writes);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        await using var scope = _node2.Services.CreateAsyncScope();
        var verification = await scope.ServiceProvider.GetRequiredService<AuditChainService>().VerifyAsync();
        Assert.True(verification.IsValid, verification.Problem);
        Assert.Equal(24, await _node1.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "substance.added")));
    }
}
