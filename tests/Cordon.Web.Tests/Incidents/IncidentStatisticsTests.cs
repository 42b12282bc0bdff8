using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Application.Incidents;
using Cordon.Domain.Incidents;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Tests.Incidents;

/// <summary>
/// The dashboard's counters (ADR 47) against a recount of the incidents India may see, on the provider under test: random reports
/// by India and Colombia (routes, substances, channels, restricted or not), then edits that move an incident to other countries,
/// substances, years or channel and restrict or open it — checked while everything is pending, after a fold, with counters and pending
/// deltas mixed, and against a rebuild from scratch. Its own app: the recount covers the whole database.
/// </summary>
public class IncidentStatisticsTests(CordonApp app) : IClassFixture<CordonApp>
{
    private static readonly string[] Rights = ["Incidents.View", "Incidents.Submit"];
    private static readonly string[] Countries = ["IN", "CO", "MX", "PE", "CN"];
    private static readonly string[] Substances = ["PRE-3-4-MDP-2-P", "PRE-TOLUENE", "PRE-ACETONE"];

    private static async Task<JsonElement> Ok(HttpResponseMessage r)
    {
        Assert.True(r.IsSuccessStatusCode, $"{r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Dashboard_equals_a_recount_of_the_incidents_pending_folded_mixed_and_rebuilt()
    {
        var random = new Random(47);
        var india = await app.ApiClientAsync("IN", Rights);
        var colombia = await app.ApiClientAsync("CO", Rights);
        var reported = new List<(Guid Id, HttpClient Reporter)>();

        Dictionary<string, object?> Body(bool mayRestrict)
        {
            var origin = Countries[random.Next(Countries.Length)];
            var destination = Countries.Where(c => c != origin).ElementAt(random.Next(Countries.Length - 1));
            var precursors = !mayRestrict || random.Next(4) > 0; // Colombia reports in the precursors channel only
            var substances = precursors
                ? Substances.OrderBy(_ => random.Next()).Take(1 + random.Next(2)).Select(code => new { code = (string?)code, name = (string?)null }).ToArray()
                : [new { code = (string?)null, name = (string?)(random.Next(2) == 0 ? "Nitazene analogue" : "Cathinone analogue") }];
            return new()
            {
                ["channel"] = precursors ? "Precursors" : "NewPsychoactiveSubstances", ["type"] = "Seizure",
                ["occurredOn"] = $"{2024 + random.Next(3)}-0{1 + random.Next(9)}-1{random.Next(10)}", ["place"] = "Port", ["summary"] = "Drums under cooking oil",
                ["substances"] = substances.Select(s => new { s.code, s.name, quantity = 5m, unit = "kg", form = "liquid", purityPercent = (decimal?)null }).ToArray(),
                ["countries"] = new[] { new { code = origin, role = "Origin" }, new { code = destination, role = "Destination" } },
                ["companies"] = Array.Empty<string>(), ["persons"] = Array.Empty<string>(), ["modusOperandi"] = "", ["concealment"] = "", ["transport"] = "Sea",
                ["containerNumbers"] = Array.Empty<string>(), ["airwayBills"] = Array.Empty<string>(), ["actionable"] = false, ["language"] = "en",
                // Only India restricts, so that India (whose dashboard is checked) sees every incident of the test.
                ["restricted"] = mayRestrict && random.Next(4) == 0, ["namedParties"] = Array.Empty<string>(), ["preExportReference"] = null,
            };
        }

        async Task ReportAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var (client, mayRestrict) = random.Next(3) == 0 ? (colombia, false) : (india, true);
                var id = (await Ok(await client.PostAsJsonAsync("/api/v1/incidents", Body(mayRestrict)))).GetProperty("id").GetGuid();
                reported.Add((id, client));
            }
        }

        async Task EditAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var (id, client) = reported[random.Next(reported.Count)];
                var body = Body(client == india);
                using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/incidents/{id}") { Content = JsonContent.Create(body) };
                request.Headers.TryAddWithoutValidation("If-Match", "*");
                await Ok(await client.SendAsync(request)); // India's edits may also move an incident to the other channel
            }
        }

        await ReportAsync(30);
        await EditAsync(15);
        Assert.True(await app.WithDbAsync(db => db.IncidentStatisticDeltas.CountAsync()) >= 30, "the job does not run in tests: the changes are pending");
        await AssertRecountAsync(india, "all pending");

        Assert.True(await app.WithDbAsync(db => IncidentStatisticsWriter.FoldAllAsync(db)) > 0);
        Assert.Equal(0, await app.WithDbAsync(db => db.IncidentStatisticDeltas.CountAsync()));
        await AssertRecountAsync(india, "folded");

        await ReportAsync(10);
        await EditAsync(15);
        await AssertRecountAsync(india, "mixed");

        // The counters kept on write equal the counters rebuilt from the incidents.
        await app.WithDbAsync(db => IncidentStatisticsWriter.FoldAllAsync(db));
        var kept = await CounterRowsAsync();
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(IncidentStatisticsWriter.RebuildSql));
        Assert.Equal(await CounterRowsAsync(), kept);
    }

    private Task<List<string>> CounterRowsAsync() => app.WithDbAsync(async db =>
        (await db.IncidentStatistics.AsNoTracking().Where(c => c.Count != 0).ToListAsync())
            .Select(c => $"{c.Kind} {c.Channel} {c.Year} {c.Key} {c.Key2} {c.Count}").Order(StringComparer.Ordinal).ToList());

    private async Task AssertRecountAsync(HttpClient india, string when)
    {
        var channels = await app.WithDbAsync(async db =>
            IncidentChannels.Of(await db.IncidentChannelMemberships.AsNoTracking().Where(m => m.PartyCode == "IN").ToListAsync()));
        var visible = await app.WithDbAsync(db => db.Incidents.AsNoTracking().VisibleTo("IN", secretariat: false, channels)
            .Include(i => i.Countries).Include(i => i.Substances).ToListAsync());
        var dashboard = await Ok(await india.GetAsync("/api/v1/incidents/dashboard"));

        var years = visible.GroupBy(i => $"{i.Year} {i.Channel}").Select(g => $"{g.Key} {g.Count()}").Order(StringComparer.Ordinal).ToList();
        Assert.True(years.Count > 1, when);
        Assert.Equal(years, dashboard.GetProperty("incidentsPerYear").EnumerateArray()
            .Select(y => $"{y.GetProperty("year").GetInt32()} {y.GetProperty("channel").GetString()} {y.GetProperty("count").GetInt32()}").Order(StringComparer.Ordinal).ToList());
        Assert.Equal(visible.Count, dashboard.GetProperty("total").GetInt32());

        var routes = visible.SelectMany(i => i.Countries.Where(o => o.Role == CountryRole.Origin)
                .SelectMany(o => i.Countries.Where(d => d.Role == CountryRole.Destination).Select(d => $"{o.CountryCode}>{d.CountryCode}")))
            .GroupBy(r => r).Select(g => $"{g.Key} {g.Count()}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(routes, dashboard.GetProperty("routes").EnumerateArray()
            .Select(r => $"{r.GetProperty("origin").GetString()}>{r.GetProperty("destination").GetString()} {r.GetProperty("count").GetInt32()}").Order(StringComparer.Ordinal).ToList());

        var substances = visible.SelectMany(i => i.Substances).GroupBy(s => s.Name).Select(g => $"{g.Key} {g.Count()}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(substances, dashboard.GetProperty("topSubstances").EnumerateArray()
            .Select(s => $"{s.GetProperty("value").GetString()} {s.GetProperty("count").GetInt32()}").Order(StringComparer.Ordinal).ToList());
    }
}
