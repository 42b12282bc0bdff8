using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Cli;
using Microsoft.Data.Sqlite;

namespace Cordon.Topology.Tests;

/// <summary>A node on SQLite whose disk fills up: clear 503s, nothing half-written, and it carries on once space is freed.</summary>
public sealed class DiskFullTests : IAsyncLifetime
{
    private readonly string _mount = Path.Combine(Path.GetTempPath(), "cordon-system", "disk-" + Guid.NewGuid().ToString("N")[..8]);
    private string DataDirectory => Path.Combine(_mount, "data");
    private string Filler => Path.Combine(_mount, "filler");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_mount);
        // A small disk of its own: a 24 MB tmpfs (needs root, as CI has).
        await Processes.RunAsync(Processes.IsRoot ? "mount" : "sudo", Processes.IsRoot ? ["-t", "tmpfs", "-o", "size=24m", "tmpfs", _mount] : ["-n", "mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", _mount]);
    }

    public async Task DisposeAsync()
    {
        await Processes.RunAsync(Processes.IsRoot ? "umount" : "sudo", Processes.IsRoot ? ["-l", _mount] : ["-n", "umount", "-l", _mount]);
        Directory.Delete(_mount, recursive: true);
    }

    [Fact]
    public async Task A_full_disk_gives_clear_503s_loses_no_acknowledged_write_and_recovers_when_space_is_freed()
    {
        var acknowledged = new List<string>();
        var refused = new List<string>();
        await using (var node = await CordonNode.StartAsync("sqlite", new Dictionary<string, string>
        {
            ["Database:Provider"] = "Sqlite",
            ["Cordon:DataDirectory"] = DataDirectory,
            ["Cordon:SeedDemoData"] = "true",
        }))
        {
            using var client = await Cluster.SignInAsync(node.BaseAddress, "enforcement.at@cordon.example");
            FillDisk();

            // The database's files may still have free pages; keep writing until the disk refuses.
            for (var i = 0; i < 400 && refused.Count < 3; i++)
            {
                var marker = $"F{i:D4}";
                var response = await client.PostAsJsonAsync("/api/v1/incidents", Incidents.Report(marker, []));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add(marker);
                    continue;
                }
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{marker}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Contains("cannot be written", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
                refused.Add(marker);
            }
            Assert.NotEmpty(refused);

            // Reading still works while the disk is full.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

            File.Delete(Filler);
            var after = await Incidents.PostWithRetriesAsync(client, "after-full", Incidents.Report("FAFTER", []), TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.Created, after.Status);
            acknowledged.Add("FAFTER");
        }

        // Stopped node: the file is sound, every acknowledged write is there and no refused one is.
        var database = Path.Combine(DataDirectory, "cordon.db");
        await using (var conn = new SqliteConnection($"Data Source={database};Pooling=false"))
        {
            await conn.OpenAsync();
            await using var check = new SqliteCommand("PRAGMA integrity_check", conn);
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
            await using var stored = new SqliteCommand("SELECT ContainerNumbers FROM Incidents WHERE ContainerNumbers LIKE 'F%'", conn);
            var markers = new List<string>();
            await using (var reader = await stored.ExecuteReaderAsync())
                while (await reader.ReadAsync()) markers.Add(reader.GetString(0));
            Assert.Equal(acknowledged.Order(), markers.Order());
        }
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.True(0 == await CordonCli.RunAsync(["audit", "verify", "--data-dir", DataDirectory], output, error), output + "\n" + error);
    }

    private void FillDisk()
    {
        var block = new byte[64 * 1024];
        using var file = new FileStream(Filler, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (true) file.Write(block);
        }
        catch (IOException)
        {
            // No space left on device: the disk is full.
        }
    }
}
