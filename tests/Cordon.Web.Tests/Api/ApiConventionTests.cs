using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Tests.Api;

[Collection(SharedApp.Name)]
public class ApiConventionTests(CordonApp app)
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Problem(HttpResponseMessage r)
    {
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"name\": 42}")]
    [InlineData("{\"name\": \"Ethyl phenylacetate\", \"colour\": \"blue\"}")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task Bad_bodies_get_a_400_problem_and_change_nothing(string body)
    {
        var client = await app.ApiClientAsync("AT", "Incidents.Submit");
        var before = await app.WithDbAsync(db => db.Substances.CountAsync());
        var r = await client.PostAsync("/api/v1/reference/substances/non-scheduled", Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await Problem(r);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.Equal(before, await app.WithDbAsync(db => db.Substances.CountAsync()));
    }

    [Fact]
    public async Task Invalid_values_are_named_in_the_problem()
    {
        var client = await app.ApiClientAsync("AT", "Incidents.Submit");
        var r = await client.PostAsJsonAsync("/api/v1/reference/substances/non-scheduled", new { name = "", cas = "12-34-5" });
        var problem = await Problem(r);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("cas", out _));
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_acts_once_and_replays_the_answer()
    {
        var client = await app.ApiClientAsync("IN", "Incidents.Submit");
        var name = "Test chemical " + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Post(string n)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reference/substances/non-scheduled") { Content = JsonContent.Create(new { name = n }) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }
        var first = await Post(name);
        var second = await Post(name);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await app.WithDbAsync(db => db.Substances.CountAsync(s => s.Name == name)));

        var other = await Post(name + " other");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Substances.CountAsync(s => s.Name == name + " other")));
    }

    [Fact]
    public async Task Updates_need_the_current_etag()
    {
        var admin = await app.SignInAsync("admin.kz@cordon.example");
        var authorities = await admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/parties/KZ/authorities");
        var id = authorities![0].GetProperty("id").GetString();
        var get = await admin.GetAsync($"/api/v1/authorities/{id}");
        var etag = get.Headers.ETag!.Tag;
        var body = new { name = "Committee for Medical and Pharmaceutical Control (renamed)", kind = "Regulator", address = "Astana", email = (string?)null };

        var noIfMatch = await admin.PutAsJsonAsync($"/api/v1/authorities/{id}", body);
        Assert.Equal((HttpStatusCode)428, noIfMatch.StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/authorities/{id}") { Content = JsonContent.Create(body) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"999\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(stale)).StatusCode);

        using var fresh = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/authorities/{id}") { Content = JsonContent.Create(body) };
        fresh.Headers.TryAddWithoutValidation("If-Match", etag);
        var ok = await admin.SendAsync(fresh);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(etag, ok.Headers.ETag!.Tag);

        // The first writer's ETag is now stale: a second update with it is refused, not lost.
        using var again = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/authorities/{id}") { Content = JsonContent.Create(body) };
        again.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Cursor_pagination_walks_the_list_without_gaps_or_repeats()
    {
        var client = await app.ApiClientAsync("AT", "Incidents.View");
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/reference/substances?limit=50{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        var total = await app.WithDbAsync(db => db.Substances.CountAsync(s => s.IsActive));
        Assert.Equal(total, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task A_revoked_or_unknown_token_is_refused()
    {
        var client = await app.ApiClientAsync("CO", "Permits.View");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        // Revoked through the node (a tracked save, as the administration page does): refused by the very next request.
        await app.WithDbAsync(async db =>
        {
            foreach (var c in await db.ApiClients.Where(c => c.PartyCode == "CO").ToListAsync()) c.RevokedAt = DateTimeOffset.UnixEpoch;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);

        var forged = app.Anonymous();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "cdn_" + Guid.NewGuid().ToString("N") + "_" + new string('a', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_api_endpoint()
    {
        var doc = await app.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var expected in new[] { "/api/v1/me", "/api/v1/feed", "/api/v1/users", "/api/v1/audit", "/api/v1/reference/substances", "/api/v1/webhooks" })
            Assert.Contains(paths, p => p.TrimEnd('/') == expected);
        var reference = await app.CreateClient().GetAsync("/api/reference");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("Cordon API", await reference.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
