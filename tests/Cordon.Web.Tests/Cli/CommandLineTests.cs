using Cordon.Cli;
using Cordon.Client;
using Cordon.Client.Models;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Tests.Cli;

/// <summary>`cordon` run in-process against the test app's own database, and the typed client against its API.</summary>
public class CommandLineTests : IAsyncLifetime
{
    private readonly CordonApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    private Func<Task>? _cleanup;

    public async Task DisposeAsync()
    {
        if (_cleanup is not null) await _cleanup();
        await _app.DisposeAsync();
    }

    private async Task<(int Exit, string Output, string Error)> CordonAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CordonCli.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Audit_verify_accepts_the_chain_then_reports_the_first_broken_link()
    {
        var ok = await CordonAsync(["audit", "checkpoint", .. _app.CliDatabaseArgs]);
        Assert.Equal(0, ok.Exit);
        var verified = await CordonAsync(["audit", "verify", .. _app.CliDatabaseArgs]);
        Assert.Equal(0, verified.Exit);
        Assert.StartsWith("OK", verified.Output, StringComparison.Ordinal);

        await _app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"UserName\" = 'someone else' WHERE \"Sequence\" = 3"));
        var broken = await CordonAsync(["audit", "verify", .. _app.CliDatabaseArgs]);
        Assert.Equal(2, broken.Exit);
        Assert.Contains("BROKEN at entry 3", broken.Output + broken.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_restores_to_a_platform_whose_audit_chain_verifies()
    {
        var folder = Path.Combine(_app.DataDirectory, "..", Guid.NewGuid().ToString("N"));
        Assert.Equal(0, (await CordonAsync(["audit", "checkpoint", .. _app.CliDatabaseArgs])).Exit);
        var backup = await CordonAsync(["backup", "--out", folder, .. _app.CliDatabaseArgs]);
        Assert.True(backup.Exit == 0, backup.Error);
        Assert.True(File.Exists(Path.Combine(folder, "keys", "audit-checkpoint-key.pem")));
        var again = await CordonAsync(["backup", "--out", folder, .. _app.CliDatabaseArgs]);
        Assert.Equal(1, again.Exit); // never overwrites a backup

        string[] restored;
        if (CordonApp.Provider == Cordon.Application.Data.DatabaseProvider.Postgres)
        {
            var database = "cordon_restore_" + Guid.NewGuid().ToString("N")[..10];
            var server = new Npgsql.NpgsqlConnectionStringBuilder(CordonApp.PostgresServer);
            await using (var conn = new Npgsql.NpgsqlConnection($"{CordonApp.PostgresServer};Database=postgres"))
            {
                await conn.OpenAsync();
                await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{database}\"", conn);
                await create.ExecuteNonQueryAsync();
            }
            var start = new System.Diagnostics.ProcessStartInfo("pg_restore") { UseShellExecute = false, RedirectStandardError = true };
            foreach (var a in new[] { "--no-owner", "-h", server.Host!, "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", server.Username!, "-d", database, Path.Combine(folder, "cordon.dump") })
                start.ArgumentList.Add(a);
            start.Environment["PGPASSWORD"] = server.Password;
            using var restore = System.Diagnostics.Process.Start(start)!;
            var error = await restore.StandardError.ReadToEndAsync();
            await restore.WaitForExitAsync();
            Assert.True(restore.ExitCode == 0, error);
            restored = ["--data-dir", folder, "--provider", "Postgres", "--connection", $"{CordonApp.PostgresServer};Database={database}"];
            _cleanup = async () =>
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await using var conn = new Npgsql.NpgsqlConnection($"{CordonApp.PostgresServer};Database=postgres");
                await conn.OpenAsync();
                await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", conn);
                await drop.ExecuteNonQueryAsync();
            };
        }
        else
        {
            restored = ["--data-dir", folder];
        }
        var verify = await CordonAsync(["audit", "verify", .. restored]);
        Assert.True(verify.Exit == 0, verify.Output + verify.Error);
        Assert.StartsWith("OK", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_migrate_on_an_up_to_date_database_changes_nothing()
    {
        var before = await _app.WithDbAsync(db => db.Countries.CountAsync());
        var result = await CordonAsync(["db", "migrate", .. _app.CliDatabaseArgs]);
        Assert.Equal(0, result.Exit);
        Assert.Equal(before, await _app.WithDbAsync(db => db.Countries.CountAsync()));
    }

    [Fact]
    public async Task A_user_error_is_one_clear_line_and_exit_code_1()
    {
        var result = await CordonAsync("audit", "verify", "--data-dir", Path.Combine(_app.DataDirectory, "does-not-exist"));
        Assert.Equal(1, result.Exit);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_totp_command_prints_the_code_the_server_accepts()
    {
        var result = await CordonAsync("demo", "totp", "admin.at@cordon.example");
        Assert.Equal(0, result.Exit);
        var code = result.Output.Trim().Split('\n')[0].Trim();
        Assert.Matches("^[0-9]{6}$", code);
    }

    [Fact]
    public async Task The_typed_client_reads_the_feed_and_retries_posts_without_duplicates()
    {
        var http = await _app.ApiClientAsync("IN", "Incidents.Submit", "Incidents.View");
        var token = http.DefaultRequestHeaders.Authorization!.Parameter!;
        using var client = new CordonClient(_app.CreateClient(), token);
        var me = await client.GetMeAsync();
        Assert.Equal("IN", me.Party);
        var feed = await client.ReadFeedAsync(0);
        Assert.NotNull(feed.Items);

        var key = Guid.NewGuid().ToString();
        var name = "Client test chemical " + Guid.NewGuid().ToString("N")[..6];
        var first = await client.PostAsync<object, SubstanceDto>("reference/substances/non-scheduled", new { name }, key);
        var retry = await client.PostAsync<object, SubstanceDto>("reference/substances/non-scheduled", new { name }, key);
        Assert.Equal(first.Code, retry.Code);
        Assert.Equal(1, await _app.WithDbAsync(db => db.Substances.CountAsync(s => s.Name == name)));

        var problem = await Assert.ThrowsAsync<CordonApiException>(() => client.PostAsync<object, SubstanceDto>("reference/substances/non-scheduled", new { name = "" }));
        Assert.Equal(400, (int)problem.StatusCode);
        Assert.True(problem.Errors.ContainsKey("name"));
    }
}
