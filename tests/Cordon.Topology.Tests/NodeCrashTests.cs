using System.Collections.Concurrent;
using System.Net;
using Cordon.Cli;

namespace Cordon.Topology.Tests;

/// <summary>A node killed with SIGKILL in the middle of a write load.</summary>
public sealed class NodeCrashTests(Cluster cluster) : IClassFixture<Cluster>
{
    [Fact]
    public async Task Killing_a_node_under_load_loses_no_acknowledged_submission_and_duplicates_none()
    {
        using var client = await Cluster.SignInAsync(cluster.Proxy.BaseAddress, "enforcement.at@cordon.example");
        var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        const int writers = 8, perWriter = 30;
        var acknowledged = new ConcurrentDictionary<string, int>();
        var retried = 0;

        var load = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                var marker = $"K{run}{w:D2}{i:D3}";
                var (status, attempts, seen) = await Incidents.PostWithRetriesAsync(client, $"{run}-{w}-{i}", Incidents.Report(marker, []), TimeSpan.FromSeconds(60));
                Assert.True(status == HttpStatusCode.Created, $"{marker}: {status} after {string.Join(", ", seen)}");
                acknowledged[marker] = attempts;
                if (attempts > 1) Interlocked.Increment(ref retried);
            }
        })).ToList();

        await Processes.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= 40), TimeSpan.FromSeconds(60), "the load to start");
        cluster.Node1.Kill();
        await Task.WhenAll(load);

        Assert.True(cluster.Node1.HasExited);
        Assert.Equal(writers * perWriter, acknowledged.Count);
        // Every acknowledged submission is stored exactly once, however many times it was retried.
        var rows = await cluster.Postgres.ScalarAsync($"SELECT count(*) FROM \"Incidents\" WHERE \"ContainerNumbers\" LIKE 'K{run}%'");
        var distinct = await cluster.Postgres.ScalarAsync($"SELECT count(DISTINCT \"ContainerNumbers\") FROM \"Incidents\" WHERE \"ContainerNumbers\" LIKE 'K{run}%'");
        Assert.Equal(writers * perWriter, rows);
        Assert.Equal(rows, distinct);

        // The audit chain written by both nodes, one of them killed mid-write, is unbroken.
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.True(0 == await CordonCli.RunAsync(["audit", "verify", .. cluster.CliDatabaseArgs], output, error), output + "\n" + error);
    }
}
