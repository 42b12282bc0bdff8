using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Tests.Incidents;

/// <summary>
/// Words and facets together (ADR 44: on PostgreSQL the facets are keys in the full-text GIN index): exactly the matching
/// incidents come back, a restricted one only to those who may see it, and an edit moves an incident between facets.
/// </summary>
[Collection(SharedApp.Name)]
public class IncidentFacetSearchTests(CordonApp app)
{
    private const string Pmk = "PRE-3-4-MDP-2-P";

    private static Dictionary<string, object?> Body(string word, string type = "Seizure", string destination = "CO", string occurredOn = "2026-10-20",
        bool restricted = false, string[]? namedParties = null) => new()
    {
        ["channel"] = "Precursors", ["type"] = type, ["occurredOn"] = occurredOn, ["place"] = "Mundra port", ["summary"] = $"Drums of PMK, case {word}",
        ["substances"] = new[] { new { code = Pmk, name = (string?)null, quantity = 40m, unit = "kg", form = "liquid", purityPercent = (decimal?)null } },
        ["countries"] = new[] { new { code = "IN", role = "Origin" }, new { code = destination, role = "Destination" } },
        ["companies"] = Array.Empty<string>(), ["persons"] = Array.Empty<string>(), ["transport"] = "Sea", ["containerNumbers"] = Array.Empty<string>(),
        ["airwayBills"] = Array.Empty<string>(), ["actionable"] = false, ["language"] = "en", ["restricted"] = restricted, ["namedParties"] = namedParties ?? [],
    };

    private static async Task<Guid> ReportAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/incidents", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<HashSet<Guid>> SearchAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/incidents?" + query);
        var ids = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToHashSet();
        Assert.Equal(ids.Count, page.GetProperty("total").GetInt32());
        return ids;
    }

    private static void Same(Guid[] expected, HashSet<Guid> actual) => Assert.Equal(expected.Order(), actual.Order());

    [Fact]
    public async Task Words_with_facets_return_exactly_the_matching_incidents_restricted_ones_only_to_those_who_may_see_them()
    {
        var india = await app.SignInAsync("regulator.in@cordon.example");
        var austria = await app.SignInAsync("regulator.at@cordon.example");
        var colombia = await app.SignInAsync("enforcement.co@cordon.example");
        var secretariat = await app.SignInAsync("secretariat.analyst@cordon.example");
        var word = "facet" + Guid.NewGuid().ToString("N")[..10];

        var toColombia = await ReportAsync(india, Body(word));
        var toMexico = await ReportAsync(india, Body(word, destination: "MX"));
        var diversion = await ReportAsync(india, Body(word, type: "DiversionAttempt"));
        var earlier = await ReportAsync(india, Body(word, occurredOn: "2024-03-05"));
        var restricted = await ReportAsync(india, Body(word, restricted: true, namedParties: ["CO"]));
        _ = await ReportAsync(india, Body("other" + word));

        var q = "q=" + word;
        Same([toColombia, diversion, earlier], await SearchAsync(austria, q + "&channel=Precursors&country=CO"));
        Same([toColombia, diversion, earlier, restricted], await SearchAsync(colombia, q + "&channel=Precursors&country=CO"));
        Same([toColombia, diversion, earlier, restricted], await SearchAsync(secretariat, q + "&channel=Precursors&country=CO"));
        Same([toColombia, earlier], await SearchAsync(austria, q + "&type=Seizure&country=CO"));
        Same([toMexico], await SearchAsync(austria, q + "&country=MX&substance=" + Pmk));
        Same([toColombia, toMexico, diversion], await SearchAsync(austria, q + "&substance=" + Pmk + "&from=2026-01-01&to=2026-12-31"));
        Same([earlier], await SearchAsync(austria, q + "&country=IN&from=2020-01-01&to=2025-12-31"));
        Assert.Empty(await SearchAsync(austria, q + "&channel=NewPsychoactiveSubstances"));
        Assert.Empty(await SearchAsync(austria, q + "&substance=NO-SUCH-CODE"));

        // The keys are written with the incident (on both providers, though only PostgreSQL queries them).
        var keys = await app.WithDbAsync(db => db.Incidents.Where(i => i.Id == toMexico).Select(i => i.FacetKeys).SingleAsync());
        Assert.Equal(new[] { "ch:Precursors", "co:IN", "co:MX", "su:" + Pmk, "ty:Seizure", "yr:2026" }, keys);
    }

    [Fact]
    public async Task An_edit_that_changes_a_facet_moves_the_incident_between_facet_results()
    {
        var india = await app.SignInAsync("regulator.in@cordon.example");
        var austria = await app.SignInAsync("regulator.at@cordon.example");
        var word = "facetedit" + Guid.NewGuid().ToString("N")[..10];
        var id = await ReportAsync(india, Body(word, destination: "MX"));
        Same([id], await SearchAsync(austria, $"q={word}&channel=Precursors&country=MX"));
        Assert.Empty(await SearchAsync(austria, $"q={word}&channel=Precursors&country=CO"));

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/incidents/{id}") { Content = JsonContent.Create(Body(word, type: "IllicitLaboratory", destination: "CO")) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await india.SendAsync(request)).StatusCode);

        Assert.Empty(await SearchAsync(austria, $"q={word}&channel=Precursors&country=MX"));
        Assert.Empty(await SearchAsync(austria, $"q={word}&type=Seizure"));
        Same([id], await SearchAsync(austria, $"q={word}&channel=Precursors&country=CO"));
        Same([id], await SearchAsync(austria, $"q={word}&type=IllicitLaboratory&country=IN"));
        Same([id], await SearchAsync(austria, $"country=CO&type=IllicitLaboratory&q={word}"));
    }
}
