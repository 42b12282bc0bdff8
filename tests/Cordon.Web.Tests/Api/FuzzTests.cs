using System.Net;
using System.Text;
using Cordon.Application.Data;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Api;

/// <summary>
/// Posts malformed, oversized and hostile bodies to every API endpoint that takes a body, as callers who
/// may use them: no answer may be a 5xx, and no table may change.
/// </summary>
public class FuzzTests : IAsyncLifetime
{
    private readonly CordonApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    private static readonly string[] Fields = ["name", "email", "code", "url", "permission", "displayName", "authorityId", "kind", "cas", "synonyms", "permissions", "nationalAdministrator", "address", "isActive", "schedules"];

    private static IEnumerable<(string ContentType, byte[] Body)> Bodies()
    {
        var random = new Random(20261123);
        string[] raw = ["", " ", "null", "[]", "{", "}", "{}}", "\"text\"", "123", "true", "{\"a\":", "{'name':'x'}", "{\"name\":1e400}", "\uFEFF{}", "{\"__proto__\":{}}"];
        foreach (var r in raw) yield return ("application/json", Encoding.UTF8.GetBytes(r));
        yield return ("application/json", Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)));
        yield return ("application/json", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)));
        yield return ("application/json", [0xC3, 0x28, 0xFF, 0xFE, 0x7B, 0x7D]); // invalid UTF-8
        yield return ("application/xml", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"));
        yield return ("text/plain", Encoding.UTF8.GetBytes("name=../../etc/passwd"));
        object?[] hostileValues = [null, 0, -1, 1.5e308, true, new object[] { 1, "a" }, new { nested = new { deeper = 1 } }, "", "   ", new string('A', 100_000), new string('\u0000', 5000), "\u202E\u0007\u001B[31m"];
        for (var i = 0; i < 60; i++)
        {
            var body = new Dictionary<string, object?>();
            foreach (var f in Fields.OrderBy(_ => random.Next()).Take(random.Next(1, 6)))
                body[f] = hostileValues[random.Next(hostileValues.Length)];
            if (random.Next(4) == 0) body["../../etc/passwd"] = "x";
            yield return ("application/json", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body));
        }
    }

    private async Task<Dictionary<string, int>> CountRowsAsync() => await _app.WithDbAsync(async db => new Dictionary<string, int>
    {
        ["users"] = await db.Users.CountAsync(), ["parties"] = await db.Parties.CountAsync(), ["authorities"] = await db.Authorities.CountAsync(),
        ["grants"] = await db.ModuleGrants.CountAsync(), ["memberships"] = await db.PartyModuleMemberships.CountAsync(), ["substances"] = await db.Substances.CountAsync(),
        ["countries"] = await db.Countries.CountAsync(), ["apiClients"] = await db.ApiClients.CountAsync(), ["webhooks"] = await db.WebhookSubscriptions.CountAsync(),
        ["deliveries"] = await db.Deliveries.CountAsync(), ["feed"] = await db.FeedItems.CountAsync(), ["notifications"] = await db.Notifications.CountAsync(),
        ["outbox"] = await db.OutboxEmails.CountAsync(), ["audit"] = await db.AuditEntries.CountAsync(), ["idempotency"] = await db.IdempotencyRecords.CountAsync(),
    });

    [Fact]
    public async Task Thousands_of_hostile_bodies_cause_no_server_error_and_change_nothing()
    {
        var routes = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1", StringComparison.Ordinal) || e.RoutePattern.RawText!.StartsWith("api/v1", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT").Select(m => (Method: m, Template: "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct().ToList();
        Assert.True(routes.Count >= 10, $"only {routes.Count} routes take a body");

        var secretariat = await _app.SignInAsync("secretariat.admin@cordon.example");
        var nationalSystem = await _app.ApiClientAsync("AT", [.. Cordon.Domain.Identity.ModulePermission.All().Select(p => p.ToString())]);
        var indianUser = await _app.WithDbAsync(db => db.Users.Where(u => u.Email == "regulator.in@cordon.example").Select(u => u.Id).SingleAsync());
        var authority = await _app.WithDbAsync(db => db.Authorities.Where(a => a.PartyCode == "AT").Select(a => a.Id).FirstAsync());
        var before = await CountRowsAsync();
        var requests = 0;
        foreach (var (method, template) in routes)
        {
            var url = template.Replace("{id:guid}", template.Contains("users", StringComparison.Ordinal) ? indianUser.ToString() : authority.ToString(), StringComparison.Ordinal)
                .Replace("{code}", "AT", StringComparison.Ordinal).Replace("{id:long}", "1", StringComparison.Ordinal)
                .Replace("{module}", "Permits", StringComparison.Ordinal).Replace("{permission}", "Permits.View", StringComparison.Ordinal);
            foreach (var (contentType, body) in Bodies())
            {
                foreach (var client in new[] { secretariat, nationalSystem })
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new ByteArrayContent(body) };
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                    request.Headers.TryAddWithoutValidation("If-Match", "*");
                    var response = await client.SendAsync(request);
                    requests++;
                    Assert.True((int)response.StatusCode < 500, $"{method} {url} with {contentType} body '{new string(Encoding.UTF8.GetString(body).Take(80).ToArray())}' answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
        Assert.True(requests >= 1000, $"only {requests} requests");
        var after = await CountRowsAsync();
        var changed = before.Where(kv => after[kv.Key] != kv.Value).Select(kv => $"{kv.Key}: {kv.Value} -> {after[kv.Key]}").ToList();
        Assert.True(changed.Count == 0, "changed: " + string.Join(", ", changed));
    }
}
