using Npgsql;

namespace Cordon.Topology.Tests;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temporary folder, its own port on loopback), so a test
/// may stop, restart or make it read-only without disturbing anything else on the machine.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _bin;

    public int Port { get; }

    private PrivatePostgres(string directory, string bin, int port)
    {
        _directory = directory;
        _bin = bin;
        Port = port;
    }

    public string ConnectionString(string database = "cordon") =>
        $"Host=127.0.0.1;Port={Port};Username=cordon;Database={database};Timeout=5;Include Error Detail=true";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        var bin = versions.Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
            .OrderBy(b => b, StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql).");
        var directory = Path.Combine(Path.GetTempPath(), "cordon-system", "pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        if (Processes.IsRoot) await Processes.RunAsync("chown", ["postgres:postgres", directory]);
        var pg = new PrivatePostgres(directory, bin, Processes.FreePort());
        await Processes.RunAsync(Path.Combine(bin, "initdb"), ["-D", pg.DataFolder, "-U", "cordon", "--auth=trust", "-E", "UTF8", "--no-sync"], asPostgres: true);
        await pg.StartServerAsync();
        await using var conn = new NpgsqlConnection(pg.ConnectionString("postgres"));
        await conn.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE cordon", conn);
        await create.ExecuteNonQueryAsync();
        return pg;
    }

    private string DataFolder => Path.Combine(_directory, "data");

    private string PgCtl => Path.Combine(_bin, "pg_ctl");

    public Task StartServerAsync() => Processes.RunAsync(PgCtl,
        ["-D", DataFolder, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_directory} -c max_connections=200", "start"], asPostgres: true);

    public Task StopServerAsync() => Processes.RunAsync(PgCtl, ["-D", DataFolder, "-m", "fast", "-w", "stop"], asPostgres: true);

    /// <summary>Runs SQL as the superuser, from the maintenance database (which the tests never make read-only).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Processes.RunAsync(PgCtl, ["-D", DataFolder, "-m", "immediate", "-w", "stop"], asPostgres: true);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // left for the OS to clean
        }
    }
}
