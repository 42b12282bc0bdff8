using System.Net;
using Cordon.Web.Tests.Infrastructure;

namespace Cordon.Topology.Tests;

/// <summary>
/// The production topology on loopback: a private PostgreSQL, two Cordon nodes sharing it and one data folder
/// (shared data-protection keys), both running the scheduled jobs, behind nginx.
/// </summary>
public sealed class Cluster : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cordon-system", "data-" + Guid.NewGuid().ToString("N")[..8]);

    public PrivatePostgres Postgres { get; private set; } = null!;
    public CordonNode Node1 { get; private set; } = null!;
    public CordonNode Node2 { get; private set; } = null!;
    public Nginx Proxy { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postgres = await PrivatePostgres.StartAsync();
        Node1 = await CordonNode.StartAsync("node-1", Settings(seed: true));
        Node2 = await CordonNode.StartAsync("node-2", Settings(seed: false));
        Proxy = await Nginx.StartAsync([Node1, Node2]);
    }

    private Dictionary<string, string> Settings(bool seed) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Postgres"] = Postgres.ConnectionString() + ";Maximum Pool Size=40",
        ["Cordon:DataDirectory"] = _dataDirectory,
        ["Cordon:SeedDemoData"] = seed ? "true" : "false",
    };

    /// <summary>
    /// After a database fault, each node must reach the database again before the next test shares the cluster;
    /// no node is restarted for it (each failed check drops that node's dead pooled connections).
    /// </summary>
    public async Task WaitUntilEveryNodeReachesTheDatabaseAsync()
    {
        await Node1.WaitReadyAsync();
        await Node2.WaitReadyAsync();
    }

    /// <summary>The `cordon` options that point the command line at this cluster's database.</summary>
    public string[] CliDatabaseArgs => ["--data-dir", _dataDirectory, "--provider", "Postgres", "--connection", Postgres.ConnectionString()];

    /// <summary>A signed-in browser-like client (cookies, no automatic redirects) talking to <paramref name="address"/>.</summary>
    public static async Task<HttpClient> SignInAsync(Uri address, string email, CookieContainer? cookies = null, TimeSpan? timeout = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = address,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
        return await CordonApp.SignInAsync(client, email);
    }

    public async Task DisposeAsync()
    {
        if (Proxy is not null) await Proxy.DisposeAsync();
        if (Node2 is not null) await Node2.DisposeAsync();
        if (Node1 is not null) await Node1.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // left for the OS to clean
        }
    }
}

/// <summary>Tests that leave the cluster whole share one (starting one takes ~20 s); a test that kills a node has its own.</summary>
[CollectionDefinition(Name)]
public sealed class SharedCluster : ICollectionFixture<Cluster>
{
    public const string Name = "shared cluster";
}
