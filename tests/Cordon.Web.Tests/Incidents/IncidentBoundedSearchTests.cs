using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Web.Tests.Infrastructure;

namespace Cordon.Web.Tests.Incidents;

/// <summary>A deployment that counts at most 3 matches of a search, so that a test reaches the bounded search with a few incidents.</summary>
public sealed class SmallCountApp : CordonApp
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Cordon:Incidents:ExactCountLimit"] = "3",
    };
}

/// <summary>
/// A search with more matches than are counted (ADR 48): the total and the facet counts become lower bounds, said as such in the
/// API and the page, while the pages still list every visible match, newest first, and nothing restricted leaks.
/// </summary>
public class IncidentBoundedSearchTests(SmallCountApp app) : IClassFixture<SmallCountApp>
{
    private static readonly string[] Rights = ["Incidents.View", "Incidents.Submit"];

    private static Dictionary<string, object?> Body(string word, string type, bool restricted = false) => new()
    {
        ["channel"] = "Precursors", ["type"] = type, ["occurredOn"] = "2026-10-20", ["place"] = "Mundra port", ["summary"] = $"Drums of PMK, case {word}",
        ["substances"] = new[] { new { code = "PRE-3-4-MDP-2-P", name = (string?)null, quantity = 40m, unit = "kg", form = "liquid", purityPercent = (decimal?)null } },
        ["countries"] = new[] { new { code = "IN", role = "Origin" }, new { code = "CO", role = "Destination" } },
        ["companies"] = Array.Empty<string>(), ["persons"] = Array.Empty<string>(), ["transport"] = "Sea", ["containerNumbers"] = Array.Empty<string>(),
        ["airwayBills"] = Array.Empty<string>(), ["actionable"] = false, ["language"] = "en", ["restricted"] = restricted,
        ["namedParties"] = restricted ? new[] { "CO" } : Array.Empty<string>(),
    };

    private static async Task<JsonElement> PageAsync(HttpClient client, string query, int page)
    {
        var response = await client.GetAsync($"/api/v1/incidents?{query}&page={page}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task Beyond_the_counting_limit_counts_are_lower_bounds_and_the_pages_still_list_every_visible_match_newest_first()
    {
        var india = await app.ApiClientAsync("IN", Rights);
        var austria = await app.ApiClientAsync("AT", Rights);
        var colombia = await app.ApiClientAsync("CO", Rights);
        var word = "bounded" + Guid.NewGuid().ToString("N")[..10];

        // 52 incidents in report order (so in creation order): 2 of type Other, 17 diversion attempts, 33 seizures; one more, restricted
        // to Colombia.
        var reported = new List<Guid>();
        for (var n = 0; n < 52; n++)
        {
            var response = await india.PostAsJsonAsync("/api/v1/incidents", Body(word, n < 2 ? "Other" : n % 3 == 0 ? "DiversionAttempt" : "Seizure"));
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            reported.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        var restricted = await india.PostAsJsonAsync("/api/v1/incidents", Body(word, "Seizure", restricted: true));
        Assert.Equal(HttpStatusCode.Created, restricted.StatusCode);
        var restrictedId = (await restricted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var first = await PageAsync(austria, "q=" + word, 1);
        Assert.False(first.GetProperty("totalIsExact").GetBoolean());
        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.True(first.GetProperty("hasNextPage").GetBoolean());
        var types = first.GetProperty("facets").GetProperty("type").EnumerateArray()
            .ToDictionary(f => f.GetProperty("value").GetString()!, f => f.GetProperty("count").GetInt32());
        Assert.Equal(3, types.Values.Sum());
        Assert.True(types.GetValueOrDefault("Seizure") <= 33 && types.GetValueOrDefault("DiversionAttempt") <= 17 && types.GetValueOrDefault("Other") <= 2,
            "A facet count above the true count");
        var second = await PageAsync(austria, "q=" + word, 2);
        Assert.False(second.GetProperty("hasNextPage").GetBoolean());
        var newestFirst = Enumerable.Reverse(reported).ToList();
        Assert.Equal(newestFirst, Ids(first).Concat(Ids(second)).ToList());

        // Colombia, named in the restricted incident, sees it first (it is the newest).
        var colombiaFirst = await PageAsync(colombia, "q=" + word, 1);
        Assert.Equal(restrictedId, Ids(colombiaFirst)[0]);

        // Narrowed below the limit, the counts are exact again.
        var narrowed = await PageAsync(austria, "q=" + word + "&type=Other", 1);
        Assert.True(narrowed.GetProperty("totalIsExact").GetBoolean());
        Assert.Equal(2, narrowed.GetProperty("total").GetInt32());
        Assert.False(narrowed.GetProperty("hasNextPage").GetBoolean());
        Assert.Equal([reported[1], reported[0]], Ids(narrowed));

        // The page says so in words.
        var officer = await app.SignInAsync("regulator.at@cordon.example");
        var html = WebUtility.HtmlDecode(await officer.GetStringAsync("/Incidents?q=" + word));
        Assert.Contains("More than 3 incidents", html, StringComparison.Ordinal);
        Assert.Contains("id=\"lower-bounds\"", html, StringComparison.Ordinal);
        var facets = html[html.IndexOf("id=\"facets\"", StringComparison.Ordinal)..html.IndexOf("</aside>", StringComparison.Ordinal)];
        Assert.True(facets.Contains("(3+)", StringComparison.Ordinal), facets);
    }
}
