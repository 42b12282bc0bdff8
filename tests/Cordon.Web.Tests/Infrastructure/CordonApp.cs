using System.Net;
using System.Text.RegularExpressions;
using Cordon.Application.Data;
using Cordon.Application.Demo;
using Cordon.Domain.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OtpNet;

namespace Cordon.Web.Tests.Infrastructure;

/// <summary>
/// Cordon hosted in-process on a fresh database of the provider named by CORDON_TEST_PROVIDER
/// (Sqlite by default; Postgres uses CORDON_TEST_POSTGRES), seeded with the demo Parties and users.
/// The test script runs the whole suite once per provider.
/// </summary>
public partial class CordonApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cordon-tests", Guid.NewGuid().ToString("N"));
    private readonly string _database = "cordon_test_" + Guid.NewGuid().ToString("N")[..12];

    public static DatabaseProvider Provider =>
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable("CORDON_TEST_PROVIDER"), true, out var p) ? p : DatabaseProvider.Sqlite;

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("CORDON_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=cordon;Password=cordon";

    public string PostgresConnection => $"{PostgresServer};Database={_database};Include Error Detail=true";

    public string DataDirectory => _dataDirectory;

    /// <summary>The `cordon` options that point the command line at this app's database.</summary>
    public string[] CliDatabaseArgs => Provider == DatabaseProvider.Postgres
        ? ["--data-dir", _dataDirectory, "--provider", "Postgres", "--connection", PostgresConnection]
        : ["--data-dir", _dataDirectory];

    protected virtual bool SeedDemo => true;

    /// <summary>Settings a test's own app adds, e.g. a deployment with a module switched off.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Postgres", PostgresConnection);
        builder.UseSetting("Cordon:DataDirectory", _dataDirectory);
        builder.UseSetting("Cordon:SeedDemoData", SeedDemo ? "true" : "false");
        builder.UseSetting("Cordon:RateLimits:LoginPerMinute", "100000");
        builder.UseSetting("Cordon:AuditCheckpointInterval", "01:00:00");
        builder.UseSetting("Cordon:SessionRevalidationInterval", "00:00:00");
        builder.UseSetting("Cordon:RunScheduledJobs", "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    public Task InitializeAsync()
    {
        _ = Server; // starts the host: migrations and seeding run now, not inside the first test
        return Task.CompletedTask;
    }

    /// <summary>False for an extra node on another app's database and folder: that app cleans them up.</summary>
    protected virtual bool OwnsStorage => true;

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (!OwnsStorage) return;
        if (Provider == DatabaseProvider.Postgres)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection($"{PostgresServer};Database=postgres");
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", conn);
            // FORCE may terminate only backends of this role: a backend still starting up (no role yet) makes it refuse
            // (42501, seen once on 2026-12-06 under load). That backend is gone moments later, so try again.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await cmd.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
                {
                    await Task.Delay(200);
                }
            }
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a late background task; the temp folder is cleaned by the OS.
        }
    }

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<T> WithDbAsync<T>(Func<CordonDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<CordonDbContext>());
    }

    public async Task WithScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    public static string CurrentTotp(string email) => new Totp(Base32Encoding.ToBytes(DemoData.TotpSecretFor(email))).ComputeTotp();

    /// <summary>Signs in through the real pages: password, then the TOTP code. Returns a client holding the session cookie.</summary>
    public Task<HttpClient> SignInAsync(string email, string password = DemoData.Password, string? totpSecret = null) =>
        SignInAsync(Anonymous(), email, password, totpSecret);

    /// <summary>Signs in with a given client (for example one whose cookies another node will reuse).</summary>
    public static async Task<HttpClient> SignInAsync(HttpClient client, string email, string password = DemoData.Password, string? totpSecret = null)
    {
        var login = await client.GetStringAsync("/Account/Login");
        var afterPassword = await client.PostAsync("/Account/Login", Form(login, ("Input.Email", email), ("Input.Password", password)));
        Assert.Equal(HttpStatusCode.Redirect, afterPassword.StatusCode);
        var next = afterPassword.Headers.Location!.ToString();
        Assert.Contains("/Account/LoginTwoFactor", next, StringComparison.Ordinal);
        var page = await client.GetStringAsync(next);
        var code = totpSecret is null ? CurrentTotp(email) : new Totp(Base32Encoding.ToBytes(totpSecret)).ComputeTotp();
        var done = await client.PostAsync(next, Form(page, ("Code", code)));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.DoesNotContain("/Account/", done.Headers.Location!.ToString(), StringComparison.Ordinal);
        return client;
    }

    /// <summary>A form post body with the page's anti-forgery token.</summary>
    public static FormUrlEncodedContent Form(string pageHtml, params (string Name, string Value)[] fields)
    {
        var token = AntiForgery().Match(pageHtml);
        Assert.True(token.Success, "The page has no anti-forgery token.");
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        values.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        return new FormUrlEncodedContent(values);
    }

    /// <summary>An API token for a national system of the Party's first authority, with the given scopes.</summary>
    public async Task<HttpClient> ApiClientAsync(string party, params string[] scopes)
    {
        var token = await WithDbAsync(async db =>
        {
            var authority = await db.Authorities.Where(a => a.PartyCode == party).OrderBy(a => a.Name).FirstAsync();
            var id = Guid.NewGuid();
            var (token, hash) = ApiToken.Issue(id);
            db.ApiClients.Add(new ApiClient
            {
                Id = id, AuthorityId = authority.Id, PartyCode = party, Name = "test system", Scopes = string.Join(' ', scopes),
                SecretHash = hash, CreatedAt = DateTimeOffset.UnixEpoch,
            });
            await db.SaveChangesAsync();
            return token;
        });
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();
}

/// <summary>One app shared by the tests that do not disturb each other (they create their own users and records).</summary>
[CollectionDefinition(Name)]
public sealed class SharedApp : ICollectionFixture<CordonApp>
{
    public const string Name = "shared app";
}
