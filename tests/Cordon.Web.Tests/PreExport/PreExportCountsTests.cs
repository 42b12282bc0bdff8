using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Application.Data;
using Cordon.Application.PreExport;
using Cordon.Domain.PreExport;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.PreExport;

/// <summary>
/// The statistics counters (ADR 35) against a naive recount of the notifications, on the provider under test: random filings
/// (one or two substances, dispatch this year or next), the three answers, information provided, marks, deadlines passing, late
/// answers and a removal — checked while everything is pending, after a fold, with counters and pending deltas mixed, and
/// against a rebuild from scratch. Its own app: the recount covers the whole database.
/// </summary>
public class PreExportCountsTests(CordonApp app) : IClassFixture<CordonApp>
{
    private static readonly string[] Rights = ["PreExport.View", "PreExport.Submit", "PreExport.Approve"];
    private static readonly string[] Parties = ["AT", "IN", "CO", "KZ"];
    private static readonly string[] Substances = ["PRE-TOLUENE", "PRE-ACETONE", "PRE-ACETIC-ANHYDRIDE", "PRE-POTASSIUM-PERMANGANATE"];

    private sealed class Shifted(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }

    private static async Task<JsonElement> Ok(HttpResponseMessage r)
    {
        Assert.True(r.IsSuccessStatusCode, $"{r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Statistics_equal_a_recount_of_the_notifications_pending_folded_mixed_and_rebuilt()
    {
        var random = new Random(35);
        var clients = new Dictionary<string, HttpClient>();
        foreach (var p in Parties) clients[p] = await app.ApiClientAsync(p, Rights);
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var filed = new List<(Guid Id, string Exporter, string Importer)>();

        async Task FileAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var exporter = Parties[random.Next(Parties.Length)];
                var importer = Parties.Where(p => p != exporter).ElementAt(random.Next(Parties.Length - 1));
                var substances = Substances.OrderBy(_ => random.Next()).Take(1 + random.Next(2))
                    .Select(s => new { substance = s, quantity = 10 + random.Next(500), unit = "kg" }).ToArray();
                var body = new
                {
                    importingCountry = importer, exporterName = "Count Chemicals", exporterAddress = "1 Road", importerName = "Count Importer", importerAddress = "2 Street",
                    substances, pointOfEntry = "Port", dispatchDate = today.AddDays(random.Next(0, 360)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    replyWithinDays = 1 + random.Next(30),
                };
                var n = (await Ok(await clients[exporter].PostAsJsonAsync("/api/v1/preexport/notifications", body))).GetProperty("notification");
                filed.Add((n.GetProperty("id").GetGuid(), exporter, importer));
            }
        }

        async Task ActAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var (id, exporter, importer) = filed[random.Next(filed.Count)];
                var roll = random.Next(6);
                var path = $"/api/v1/preexport/notifications/{id}";
                // Some actions are refused in some states (409): the recount is what counts, not every action succeeding.
                var response = roll switch
                {
                    0 => await clients[importer].PostAsJsonAsync($"{path}/answer", new { kind = "NoObjection" }),
                    1 => await clients[importer].PostAsJsonAsync($"{path}/answer", new { kind = "Objection", text = "No licence" }),
                    2 => await clients[importer].PostAsJsonAsync($"{path}/answer", new { kind = "MoreInformationRequested", text = "Which end user?" }),
                    3 => await clients[exporter].PostAsJsonAsync($"{path}/information", new { text = "The end user is a paint factory." }),
                    4 => await clients[random.Next(2) == 0 ? exporter : importer].PostAsJsonAsync($"{path}/mark", new { kind = random.Next(2) == 0 ? "Suspicious" : "Stopped", reason = "Odd route" }),
                    _ => await clients[importer].PostAsync($"{path}/acknowledge", null),
                };
                Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        async Task<int> FoldAsync() => await app.WithDbAsync(db => PreExportCounts.FoldAllAsync(db));

        await FileAsync(30);
        await ActAsync(40);
        var pending = await app.WithDbAsync(db => db.PreExportCountDeltas.CountAsync());
        Assert.True(pending >= 30, "the job does not run in tests: the changes are pending");
        await AssertRecountAsync(secretariat, clients, "all pending");

        Assert.True(await FoldAsync() > 0);
        Assert.Equal(0, await app.WithDbAsync(db => db.PreExportCountDeltas.CountAsync()));
        await AssertRecountAsync(secretariat, clients, "folded");

        // Deadlines pass (a clock 100 days ahead), then late answers, more filings and marks: counters and deltas mixed.
        await app.WithScopeAsync(async sp =>
        {
            var deadlines = ActivatorUtilities.CreateInstance<PreExportDeadlines>(sp, new Shifted(TimeSpan.FromDays(100)));
            Assert.True((await deadlines.RunAsync()).Lapsed > 0);
        });
        await FileAsync(10);
        await ActAsync(30);
        await AssertRecountAsync(secretariat, clients, "mixed");

        // A notification removed with its lines counts out of every counter.
        await app.WithDbAsync(async db =>
        {
            var n = await db.PreExportNotifications.Include(x => x.Lines).FirstAsync(x => x.Id == filed[0].Id);
            db.Remove(n);
            return await db.SaveChangesAsync();
        });
        await AssertRecountAsync(secretariat, clients, "after a removal");
        await FoldAsync();
        await AssertRecountAsync(secretariat, clients, "folded again");

        // The counters kept on write equal the counters rebuilt from the notifications.
        var kept = await CounterRowsAsync();
        await app.WithDbAsync(async db => { await PreExportCounts.RebuildAsync(db); return 0; });
        Assert.Equal(await CounterRowsAsync(), kept);
    }

    private Task<List<string>> CounterRowsAsync() => app.WithDbAsync(async db =>
        (await db.PreExportPartyCounts.AsNoTracking().Where(c => c.Notifications != 0).ToListAsync())
            .Select(c => $"{c.Year} {c.Role} {c.PartyCode} {c.Status} {c.Marked} {c.Notifications} {c.ResponseSeconds} {c.Timed}")
            .Concat((await db.PreExportRouteCounts.AsNoTracking().Where(c => c.Lines != 0).ToListAsync())
                .Select(c => $"{c.DispatchYear} {c.ExportingCountry} {c.ImportingCountry} {c.SubstanceCode} {c.Lines}"))
            .Order(StringComparer.Ordinal).ToList());

    private async Task AssertRecountAsync(HttpClient secretariat, Dictionary<string, HttpClient> clients, string when)
    {
        var all = await app.WithDbAsync(db => db.PreExportNotifications.AsNoTracking().Include(n => n.Lines).ToListAsync());
        var year = TimeProvider.System.GetUtcNow().Year;
        var inYear = all.Where(n => n.Year == year).ToList();

        // The yearly table, as the Secretariat sees it and as each Party sees its own row.
        var report = await Ok(await secretariat.GetAsync($"/api/v1/preexport/statistics?year={year}"));
        Assert.True(inYear.Count == report.GetProperty("total").GetInt32(), when);
        foreach (var p in Parties)
        {
            var sent = inYear.Where(n => n.ExportingCountry == p).ToList();
            var received = inYear.Where(n => n.ImportingCountry == p).ToList();
            int Of(PreExportStatus s) => received.Count(n => n.Status == s);
            var answered = Of(PreExportStatus.NoObjection) + Of(PreExportStatus.Objection) + Of(PreExportStatus.MoreInformationRequested);
            var timed = received.Where(n => n.ResponseSeconds is not null).ToList();
            var expected = $"{p} sent {sent.Count} received {received.Count} answered {answered} lapsed {Of(PreExportStatus.NoReplyByDeadline)} "
                + $"objections {Of(PreExportStatus.Objection)} information {Of(PreExportStatus.MoreInformationRequested)} marked {sent.Count(n => n.Mark != PreExportMark.None)} "
                + $"hours {(timed.Count == 0 ? "-" : (timed.Sum(n => n.ResponseSeconds!.Value) / 3600.0 / timed.Count).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture))}";
            string Row(JsonElement r) => $"{r.GetProperty("partyCode").GetString()} sent {r.GetProperty("sent")} received {r.GetProperty("received")} answered {r.GetProperty("answered")} "
                + $"lapsed {r.GetProperty("noReplyByDeadline")} objections {r.GetProperty("objections")} information {r.GetProperty("moreInformation")} marked {r.GetProperty("marked")} "
                + $"hours {(r.GetProperty("averageResponseHours").ValueKind == JsonValueKind.Null ? "-" : r.GetProperty("averageResponseHours").GetDouble().ToString("0.######", System.Globalization.CultureInfo.InvariantCulture))}";
            var rows = report.GetProperty("parties").EnumerateArray().Where(r => r.GetProperty("partyCode").GetString() == p).ToList();
            Assert.True(sent.Count + received.Count == 0 ? rows.Count <= 1 : rows.Count == 1, $"{when}: {p}");
            if (sent.Count + received.Count > 0) Assert.Equal(expected, Row(rows[0]));
            var own = (await Ok(await clients[p].GetAsync($"/api/v1/preexport/statistics?year={year}"))).GetProperty("parties").EnumerateArray().ToList();
            if (sent.Count + received.Count > 0) Assert.Equal(expected, Row(Assert.Single(own)));

            // The Party's trend for the year: what it sent, what it received and answered.
            var trend = (await Ok(await clients[p].GetAsync($"/api/v1/preexport/statistics/trend?year={year}"))).EnumerateArray().Last();
            Assert.Equal($"{sent.Count} {received.Count} {answered} {Of(PreExportStatus.Objection)}",
                $"{trend.GetProperty("sent")} {trend.GetProperty("received")} {trend.GetProperty("answered")} {trend.GetProperty("objections")}");
        }
        var total = (await Ok(await secretariat.GetAsync($"/api/v1/preexport/statistics/trend?year={year}"))).EnumerateArray().Last();
        Assert.Equal($"{inYear.Count} {inYear.Count(n => n.Status == PreExportStatus.NoReplyByDeadline)}",
            $"{total.GetProperty("sent")} {total.GetProperty("noReplyByDeadline")}");

        // The notified routes (counters and pending deltas added up) equal the lines per dispatch year and route.
        var expectedRoutes = all.SelectMany(n => n.Lines.Select(l => $"{n.DispatchDate.Year} {n.ExportingCountry} {n.ImportingCountry} {l.SubstanceCode}"))
            .GroupBy(k => k).Select(g => $"{g.Key} {g.Count()}").Order(StringComparer.Ordinal).ToList();
        var routes = await app.WithDbAsync(async db =>
            (await db.PreExportRouteCounts.AsNoTracking().Select(c => new { c.DispatchYear, c.ExportingCountry, c.ImportingCountry, c.SubstanceCode, c.Lines }).ToListAsync())
            .Concat(await db.PreExportRouteDeltas.AsNoTracking().Select(c => new { c.DispatchYear, c.ExportingCountry, c.ImportingCountry, c.SubstanceCode, c.Lines }).ToListAsync())
            .GroupBy(c => $"{c.DispatchYear} {c.ExportingCountry} {c.ImportingCountry} {c.SubstanceCode}")
            .Where(g => g.Sum(c => c.Lines) != 0).Select(g => $"{g.Key} {g.Sum(c => c.Lines)}").Order(StringComparer.Ordinal).ToList());
        Assert.Equal(expectedRoutes, routes);
    }
}
