using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Cli;

namespace Cordon.Topology.Tests;

/// <summary>PostgreSQL restarted, or made read-only, under the nodes' feet.</summary>
[Collection(SharedCluster.Name)]
public sealed class DatabaseFaultTests(Cluster cluster)
{
    [Fact]
    public async Task Restarting_postgres_under_load_gives_503s_for_the_outage_and_recovers_by_itself()
    {
        using var client = await Cluster.SignInAsync(cluster.Proxy.BaseAddress, "enforcement.at@cordon.example");
        var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        var load = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var marker = $"R{run}{w:D2}{i:D4}";
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents") { Content = JsonContent.Create(Incidents.Report(marker, [])) };
                request.Headers.Add("Idempotency-Key", marker);
                using var response = await client.SendAsync(request);
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.Created) acknowledged.Add(marker);
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.True(response.Headers.RetryAfter is not null, "A 503 says when to retry.");
                    var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                    Assert.Equal(503, problem.GetProperty("status").GetInt32());
                    await Task.Delay(50);
                }
            }
        })).ToList();

        await Processes.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= 20), TimeSpan.FromSeconds(60), "the load to start");
        await cluster.Postgres.StopServerAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await cluster.Postgres.StartServerAsync();
        var restartedAt = acknowledged.Count;
        // Recovery by itself: writes succeed again without restarting any node.
        await Processes.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= restartedAt + 20), TimeSpan.FromSeconds(60), "writes to succeed after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(load);
        await cluster.WaitUntilEveryNodeReachesTheDatabaseAsync();

        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway, $"unexpected {s}"));
        Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses);
        // Everything acknowledged is there, once.
        var rows = await cluster.Postgres.ScalarAsync($"SELECT count(*) FROM \"Incidents\" WHERE \"ContainerNumbers\" LIKE 'R{run}%'");
        Assert.Equal(acknowledged.Count, rows);
    }

    [Fact]
    public async Task A_read_only_database_gives_a_clear_503_and_changes_nothing()
    {
        using var client = await Cluster.SignInAsync(cluster.Proxy.BaseAddress, "enforcement.at@cordon.example");
        var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var before = await cluster.Postgres.ScalarAsync("SELECT count(*) FROM \"Incidents\"");
        await cluster.Postgres.ExecuteAsync("ALTER DATABASE cordon SET default_transaction_read_only = on");
        await TerminateSessionsAsync();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var response = await client.PostAsJsonAsync("/api/v1/incidents", Incidents.Report($"O{run}{i}", []));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Contains("unavailable", problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
            }
            // Reading still works.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        }
        finally
        {
            await cluster.Postgres.ExecuteAsync("ALTER DATABASE cordon SET default_transaction_read_only = off");
            await TerminateSessionsAsync();
            await cluster.WaitUntilEveryNodeReachesTheDatabaseAsync();
        }
        Assert.Equal(before, await cluster.Postgres.ScalarAsync("SELECT count(*) FROM \"Incidents\""));

        // Writable again: the next submission goes through (every node reconnected above; retried as a client would).
        var recovered = await Incidents.PostWithRetriesAsync(client, $"O{run}-after", Incidents.Report($"O{run}after", []), TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Created, recovered.Status);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.True(0 == await CordonCli.RunAsync(["audit", "verify", .. cluster.CliDatabaseArgs], output, error), output + "\n" + error);
    }

    [Fact]
    public async Task When_the_database_drops_every_connection_each_node_fails_at_most_one_request()
    {
        // Npgsql clears a node's pool when one connection finds the server gone, so one failed request per node
        // is the cost of a restart, not one per pooled connection. Some idle connections first, to trip over.
        using var client = await Cluster.SignInAsync(cluster.Proxy.BaseAddress, "enforcement.at@cordon.example");
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("/api/v1/incidents")));
        await TerminateSessionsAsync();
        try
        {
            foreach (var node in new[] { cluster.Node1, cluster.Node2 })
            {
                using var http = new HttpClient { BaseAddress = node.BaseAddress };
                var first = await http.GetAsync("/health/ready");
                var second = await http.GetAsync("/health/ready");
                Assert.True(second.IsSuccessStatusCode, $"{node.Name}: {first.StatusCode}, then {second.StatusCode}");
            }
        }
        finally
        {
            await cluster.WaitUntilEveryNodeReachesTheDatabaseAsync();
        }
    }

    private Task TerminateSessionsAsync() => cluster.Postgres.ExecuteAsync(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'cordon' AND pid <> pg_backend_pid()");
}
