using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Application.Authorizations;
using Cordon.Web.Features.Authorizations;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Cordon.Web.Tests.Authorizations;

/// <summary>Cordon on a clock the test moves: scheduled work runs when the test advances it.</summary>
public sealed class FakeClockApp : CordonApp
{
    public FakeTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Clock);
        });
    }
}

/// <summary>The expiry job: run by the lease on one of two nodes' jobs when the clock passes the validity, once.</summary>
public class AuthorizationExpiryTests : IAsyncLifetime
{
    private readonly FakeClockApp _app = new();
    private static readonly string[] AllRights = ["Authorizations.View", "Authorizations.Submit", "Authorizations.Approve"];

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    private string Day(int offset) => DateOnly.FromDateTime(_app.Clock.GetUtcNow().UtcDateTime).AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private object Import(string exporting, decimal grams, string validUntil) => new
    {
        number = "EXP-" + Guid.NewGuid().ToString("N")[..8], exportingCountry = exporting, validUntil,
        importerName = "I", importerAddress = "A", exporterName = "E", exporterAddress = "B", substance = "N-DIHYDROCODEINE", quantity = grams, unit = "g",
    };

    private static async Task<string> IdAsync(HttpResponseMessage r)
    {
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authorization").GetProperty("id").GetString()!;
    }

    private Task<string> StatusAsync(string id) => _app.WithDbAsync(db => db.Authorizations.Where(a => a.Id == Guid.Parse(id)).Select(a => a.Status.ToString()).SingleAsync());

    [Fact]
    public async Task Advancing_the_clock_past_the_validity_expires_once_tells_the_other_Party_and_reminds_the_importer_to_endorse()
    {
        // The system actor (no request) records as the Secretariat.
        await _app.WithScopeAsync(s => s.GetRequiredService<EstimateRegister>()
            .SubmitAsync(new EstimateInput("IN", "N-DIHYDROCODEINE", _app.Clock.GetUtcNow().Year, 1_000_000m)));
        var india = await _app.ApiClientAsync("IN", AllRights);
        var austria = await _app.ApiClientAsync("AT", AllRights);
        var shortImport = await IdAsync(await india.PostAsJsonAsync("/api/v1/authorizations/import", Import("AT", 100m, Day(1))));
        var longImport = await IdAsync(await india.PostAsJsonAsync("/api/v1/authorizations/import", Import("AT", 100m, Day(90))));
        var export = await IdAsync(await austria.PostAsJsonAsync("/api/v1/authorizations/export",
            new { importAuthorizationId = longImport, number = "AT-EXP-" + Guid.NewGuid().ToString("N")[..8], quantity = 40m, unit = "g", validUntil = Day(1) }));

        // Two nodes' jobs on the same database; they first run at start, before the validity ends: nothing expires.
        var scopes = _app.Services.GetRequiredService<IServiceScopeFactory>();
        var logger = _app.Services.GetRequiredService<ILogger<AuthorizationExpiryJob>>();
        using var node1 = new AuthorizationExpiryJob(scopes, _app.Clock, logger);
        using var node2 = new AuthorizationExpiryJob(scopes, _app.Clock, logger);
        await node1.StartAsync(CancellationToken.None);
        await node2.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(() => _app.WithDbAsync(db => db.JobLeases.AnyAsync(l => l.Name == AuthorizationExpiryJob.JobName)));
            Assert.Equal("Transmitted", await StatusAsync(shortImport));

            // Two days later the hourly timers fire on both nodes; the lease lets one run. The clock then moves on an hour at each
            // look: a node sets its next timer only when its run is over, so a node still busy with its first run when the clock
            // jumped would otherwise wait an hour of a clock that no longer moves.
            _app.Clock.Advance(TimeSpan.FromDays(2));
            await WaitUntilAsync(async () =>
            {
                if (await StatusAsync(shortImport) == "Expired" && await StatusAsync(export) == "Expired") return true;
                _app.Clock.Advance(TimeSpan.FromHours(1));
                return false;
            });
            _app.Clock.Advance(TimeSpan.FromHours(1));
            await Task.Delay(500);
        }
        finally
        {
            await node1.StopAsync(CancellationToken.None);
            await node2.StopAsync(CancellationToken.None);
        }
        Assert.Equal("Transmitted", await StatusAsync(longImport));

        // Once: one audit entry each, one feed item to the other Party, one reminder per importing user.
        foreach (var id in new[] { shortImport, export })
        {
            Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityId == id && e.Action == "authorization.expired")));
        }
        var feedAt = await _app.WithDbAsync(db => db.FeedItems.Where(f => f.Event == "expired").Select(f => new { f.RecordId, f.RecipientPartyCode }).ToListAsync());
        Assert.Single(feedAt, f => f.RecordId == shortImport && f.RecipientPartyCode == "AT");
        Assert.Single(feedAt, f => f.RecordId == export && f.RecipientPartyCode == "IN");
        var austrianFeed = await austria.GetFromJsonAsync<JsonElement>("/api/v1/feed?cursor=0&limit=500");
        Assert.Contains(austrianFeed.GetProperty("items").EnumerateArray(), i => i.GetProperty("recordId").GetString() == shortImport && i.GetProperty("event").GetString() == "expired");
        var reminders = await _app.WithDbAsync(db => (from n in db.Notifications join u in db.Users on n.UserId equals u.Id
            where n.Message.MessageKey == "Notification.EndorsementDue" select new { u.Id, u.PartyCode }).ToListAsync());
        Assert.NotEmpty(reminders);
        Assert.All(reminders, r => Assert.Equal("IN", r.PartyCode));
        Assert.Equal(reminders.Count, reminders.Select(r => r.Id).Distinct().Count());
        Assert.True(await _app.WithDbAsync(db => db.OutboxEmails.AnyAsync(m => m.Subject.Contains("EndorsementDue"))));

        // A later run finds nothing more to do.
        var again = await RunOnceAsync();
        Assert.Equal(0, again.Expired);

        // The importing authority still endorses the expired export authorization (art. 31(7)); the exporter cannot ship against an expired import.
        var endorsed = await india.PostAsJsonAsync($"/api/v1/authorizations/{export}/endorse", new { quantityImported = 40m, importedOn = Day(0) });
        Assert.True(endorsed.IsSuccessStatusCode, await endorsed.Content.ReadAsStringAsync());
        Assert.Equal("Endorsed", (await endorsed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var late = await austria.PostAsJsonAsync("/api/v1/authorizations/export", new { importAuthorizationId = shortImport, number = "AT-L-" + Guid.NewGuid().ToString("N")[..6], quantity = 1m, unit = "g" });
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Equal("Expired", (await india.GetFromJsonAsync<JsonElement>($"/api/v1/authorizations/{shortImport}")).GetProperty("status").GetString());
    }

    private async Task<AuthorizationExpiry.RunResult> RunOnceAsync()
    {
        AuthorizationExpiry.RunResult? result = null;
        await _app.WithScopeAsync(async s => result = await s.GetRequiredService<AuthorizationExpiry>().RunAsync());
        return result!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), "The job did not run in 30 seconds.");
            await Task.Delay(100);
        }
    }
}
