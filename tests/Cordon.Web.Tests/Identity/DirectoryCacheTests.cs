using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Application.Data;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Cordon.Web.Tests.Identity;

/// <summary>
/// The directory kept in memory between changes (ADR 0050): on PostgreSQL it is cached while the node hears the change
/// signals, and a change made past the node (another node, the command line, psql) reaches it within moments; on
/// SQLite nothing is cached. Changes saved through the node apply to its next request (the other tests show those).
/// </summary>
public class DirectoryCacheTests(CordonApp app) : IClassFixture<CordonApp>
{
    private static readonly TimeSpan Moments = TimeSpan.FromSeconds(5);
    private static bool OnPostgres => CordonApp.Provider == DatabaseProvider.Postgres;

    private string Database => app.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!)).GetAwaiter().GetResult();

    /// <summary>Runs SQL on PostgreSQL on a connection of its own, as an operator would.</summary>
    private async Task<object?> PostgresAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.PostgresConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// Changes the directory past the node's change tracking (a bulk update, as another node, the command line or an
    /// operator's SQL would): only the database's signal tells the node.
    /// </summary>
    private Task<int> PastTheNodeAsync(Func<CordonDbContext, Task<int>> update) => app.WithDbAsync(update);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < Moments, $"Not within {Moments.TotalSeconds} s: {what}");
            await Task.Delay(20);
        }
    }

    private Task UntilListeningAsync() =>
        UntilAsync(() => Task.FromResult(DirectoryChanges.GenerationOf(Database) is not null), "the node listens to the directory's change signals");

    [Fact]
    public async Task The_directory_is_cached_on_PostgreSQL_while_the_signals_are_heard_and_never_on_SQLite()
    {
        var cache = new DirectoryCache<string, int>(capacity: 10);
        var loads = 0;
        Task<int> Load(CordonDbContext db, string key, CancellationToken ct) => Task.FromResult(Interlocked.Increment(ref loads));
        async Task<int> GetAsync() => await app.WithDbAsync(db => cache.GetAsync(db, "k", Load, CancellationToken.None));

        if (!OnPostgres)
        {
            Assert.Null(DirectoryChanges.GenerationOf(Database));
            Assert.Equal(1, await GetAsync());
            Assert.Equal(2, await GetAsync());
            return;
        }
        await UntilListeningAsync();
        var first = await GetAsync();
        Assert.Equal(first, await GetAsync());

        // A save through this process drops the entry at once.
        DirectoryChanges.Changed();
        var second = await GetAsync();
        Assert.Equal(first + 1, second);
        Assert.Equal(second, await GetAsync());

        // A signal from the database (as the directory tables' trigger sends at commit) drops it once heard.
        await PostgresAsync($"NOTIFY {DirectoryChanges.Channel}");
        await UntilAsync(async () => await GetAsync() > second, "the signal is heard");
    }

    [Theory]
    [InlineData("AspNetUsers")]
    [InlineData("AspNetUserRoles")]
    [InlineData("AspNetRoles")]
    [InlineData("ModuleGrants")]
    [InlineData("ApiClients")]
    [InlineData("SigningKeys")]
    [InlineData("WebhookSubscriptions")]
    [InlineData("IncidentChannelMemberships")]
    [InlineData("IncidentFollows")]
    [InlineData("IncidentAlertPreferences")]
    [InlineData("PreExportInvocations")]
    public async Task Every_directory_table_signals_its_changes(string table)
    {
        if (!OnPostgres) return; // SQLite caches nothing, so it has nothing to signal
        await UntilListeningAsync();
        var before = DirectoryChanges.GenerationOf(Database);
        // A statement that changes no row still fires the statement trigger: any write to the table is signalled.
        await PostgresAsync($"DELETE FROM \"{table}\" WHERE false");
        await UntilAsync(() => Task.FromResult(DirectoryChanges.GenerationOf(Database) is { } now && now != before), $"a change to {table} is heard");
    }

    [Fact]
    public async Task An_API_token_revoked_past_the_node_is_refused_within_moments_and_after_the_signals_were_lost()
    {
        var client = await app.ApiClientAsync("CO", "Permits.View");
        var ids = await app.WithDbAsync(db => db.ApiClients.Where(c => c.PartyCode == "CO" && c.RevokedAt == null).Select(c => c.Id).ToListAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        if (OnPostgres)
        {
            // The listener's connection is cut: until it is back, nothing is cached; once back, it hears changes again.
            await UntilListeningAsync();
            const string listeners = "FROM pg_stat_activity WHERE application_name = 'cordon-directory-listener' AND datname = current_database()";
            Assert.Equal(1L, await PostgresAsync($"SELECT count(*) {listeners}"));
            await PostgresAsync($"SELECT pg_terminate_backend(pid) {listeners}");
            await UntilAsync(async () => (long)(await PostgresAsync($"SELECT count(*) {listeners}"))! == 1 && DirectoryChanges.GenerationOf(Database) is not null,
                "the listener reconnects");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        }

        await PastTheNodeAsync(db => db.ApiClients.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.RevokedAt, DateTimeOffset.UnixEpoch)));
        await UntilAsync(async () => (await client.GetAsync("/api/v1/me")).StatusCode == HttpStatusCode.Unauthorized, "the revoked token is refused");
    }

    [Fact]
    public async Task An_invocation_taking_effect_past_the_node_makes_the_next_filing_mandatory_within_moments()
    {
        // Austria's invocation (the demo data has none) is recorded through the node to apply from 2099 only; its date is then moved past the node.
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var recorded = await secretariat.PostAsJsonAsync("/api/v1/preexport/invocations", new { countryCode = "AT", tableI = false, tableII = true, since = "2099-01-01" });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var india = await app.ApiClientAsync("IN", "PreExport.View", "PreExport.Submit");
        async Task<bool> MandatoryAsync() =>
            (await india.GetFromJsonAsync<JsonElement>("/api/v1/preexport/rule?importingCountry=AT&substances=PRE-ACETONE")).GetProperty("mandatory").GetBoolean();
        Assert.False(await MandatoryAsync());
        Assert.False(await MandatoryAsync()); // on PostgreSQL now from memory

        await PastTheNodeAsync(db => db.PreExportInvocations.Where(i => i.CountryCode == "AT")
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.Since, new DateOnly(2020, 1, 1))));
        await UntilAsync(MandatoryAsync, "the invocation applies to the rule check");
        var filed = await india.PostAsJsonAsync("/api/v1/preexport/notifications", new
        {
            importingCountry = "AT", exporterName = "Exporter Chemicals Ltd", exporterAddress = "1 Export Road", importerName = "Importer Ltd",
            importerAddress = "2 Import Street", substances = new[] { new { substance = "PRE-ACETONE", quantity = 100m, unit = "kg" } }, pointOfEntry = "Main port",
            dispatchDate = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        var text = await filed.Content.ReadAsStringAsync();
        Assert.True(filed.StatusCode == HttpStatusCode.Created, text);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("notification").GetProperty("mandatory").GetBoolean());
    }

    [Fact]
    public async Task A_signing_key_revoked_past_the_node_signs_nothing_more_and_a_grant_revoked_past_it_stops_the_notifications()
    {
        var rights = new[] { "Authorizations.View", "Authorizations.Submit", "Authorizations.Approve" };
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var year = TimeProvider.System.GetUtcNow().Year;
        Assert.True((await secretariat.PostAsJsonAsync("/api/v1/authorizations/estimates", new { countryCode = "IN", substance = "N-OXYCODONE", year, grams = 1_000_000m })).IsSuccessStatusCode);
        var india = await app.ApiClientAsync("IN", rights);
        async Task<(string Fingerprint, Guid Id)> IssueAsync()
        {
            var r = await india.PostAsJsonAsync("/api/v1/authorizations/import", new
            {
                number = "DC-" + Guid.NewGuid().ToString("N")[..8], exportingCountry = "AT", importerName = "Importer Pharma", importerAddress = "1 Import Street",
                exporterName = "Exporter Labs", exporterAddress = "2 Export Road", substance = "N-OXYCODONE", pharmaceuticalForm = "powder", quantity = 10m, unit = "g",
                pointOfEntry = "Airport cargo", purpose = "Manufacture of medicines",
            });
            var text = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.Created, text);
            var documentId = Guid.Parse(JsonDocument.Parse(text).RootElement.GetProperty("authorization").GetProperty("documentId").GetString()!);
            var id = Guid.Parse(JsonDocument.Parse(text).RootElement.GetProperty("authorization").GetProperty("id").GetString()!);
            return (await app.WithDbAsync(db => db.SignedDocuments.Where(d => d.Id == documentId).Select(d => d.KeyFingerprint).SingleAsync()), id);
        }
        Task<Guid> UserAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        Task<int> NotifiedAsync(Guid officer, Guid authorization) =>
            app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == officer && n.Message.Link != null && n.Message.Link.Contains(authorization.ToString())));

        var (first, _) = await IssueAsync();
        Assert.Equal(first, (await IssueAsync()).Fingerprint);
        await PastTheNodeAsync(db => db.SigningKeys.Where(k => k.Fingerprint == first)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAt, TimeProvider.System.GetUtcNow()).SetProperty(k => k.RevokedBy, "operator").SetProperty(k => k.RevocationReason, "test")));
        await UntilAsync(async () => (await IssueAsync()).Fingerprint != first, "a new key signs");

        // Austria's regulator is notified of India's authorizations until the grant is revoked past the node; Austria's
        // administrator, who keeps it, shows when the notifications of an authorization are written.
        var officer = await UserAsync("regulator.at@cordon.example");
        var administrator = await UserAsync("admin.at@cordon.example");
        async Task<bool> OfficerNotifiedAsync()
        {
            var (_, id) = await IssueAsync();
            await UntilAsync(async () => await NotifiedAsync(administrator, id) == 1, "Austria's administrator is notified");
            return await NotifiedAsync(officer, id) == 1;
        }
        Assert.True(await OfficerNotifiedAsync());
        await PastTheNodeAsync(db => db.ModuleGrants.Where(g => g.UserId == officer && g.Module == Cordon.Domain.Identity.CordonModule.Authorizations && g.Right == Cordon.Domain.Identity.ModuleRight.View)
            .ExecuteUpdateAsync(u => u.SetProperty(g => g.RevokedAt, TimeProvider.System.GetUtcNow())));
        await UntilAsync(async () => !await OfficerNotifiedAsync(), "the officer without the grant is not notified");
    }
}
