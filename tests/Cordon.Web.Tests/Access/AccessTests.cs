using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Access;

/// <summary>Deny by default: every endpoint and page is tried by an anonymous caller, a user without rights and a user of another Party.</summary>
[Collection(SharedApp.Name)]
public class AccessTests(CordonApp app)
{
    /// <summary>The only doors open to anyone. A new public endpoint must be added here on purpose.</summary>
    private static readonly string[] Public =
    [
        "GET /health/live", "GET /health/ready", "GET /openapi/{documentName}.json", "GET /api/reference/{documentName?}", "POST /language",
        "GET /api/reference/favicon.svg", "GET /api/reference/scalar.aspnetcore.js", "GET /api/reference/scalar.js",
        "GET /Account/Login", "POST /Account/Login", "GET /Account/LoginTwoFactor", "POST /Account/LoginTwoFactor",
        "GET /Account/LoginRecoveryCode", "POST /Account/LoginRecoveryCode", "GET /Account/Enroll", "POST /Account/Enroll",
        "GET /Account/SetPassword", "POST /Account/SetPassword", "GET /Account/Logout", "POST /Account/Logout", "GET /Account/AccessDenied", "POST /Account/AccessDenied",
        "GET /Verify/{documentId:guid?}", "POST /Verify/{documentId:guid?}", "GET /Verify/{documentId:guid}/status",
    ];

    private sealed record Route(string Method, string Template, bool IsPage, bool Anonymous, IReadOnlyList<string> Policies, string? ContentType = null);

    private List<Route> Routes()
    {
        var routes = new List<Route>();
        foreach (var e in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + e.RoutePattern.RawText!.TrimStart('/');
            var isPage = e.Metadata.GetMetadata<PageActionDescriptor>() is not null || e.Metadata.Any(m => m.GetType().Name == "PageRouteMetadata" || m.GetType().Name.Contains("CompiledPageActionDescriptor", StringComparison.Ordinal));
            var methods = e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? (isPage ? ["GET", "POST"] : ["GET"]);
            var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null && e.Metadata.OfType<IAllowAnonymous>().Any();
            var policies = e.Metadata.OfType<IAuthorizeData>().Select(a => a.Policy ?? "").ToList();
            var accepts = e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes is { Count: > 0 } types ? types[0] : null;
            foreach (var m in methods) routes.Add(new Route(m, template, isPage, anonymous, policies, accepts));
        }
        return routes.DistinctBy(r => (r.Method, r.Template)).ToList();
    }

    private static string Url(string template) => template
        .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{id:long}", "1", StringComparison.Ordinal)
        .Replace("{code}", "IN", StringComparison.Ordinal)
        .Replace("{permission}", "Permits.View", StringComparison.Ordinal)
        .Replace("{documentName}", "v1", StringComparison.Ordinal)
        .Replace("{documentName?}", "", StringComparison.Ordinal)
        .Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{module}", "Permits", StringComparison.Ordinal)
        .Replace("{format}", "csv", StringComparison.Ordinal);

    private static HttpRequestMessage Request(Route r)
    {
        var request = new HttpRequestMessage(new HttpMethod(r.Method), Url(r.Template));
        if (r.Method is "POST" or "PUT")
        {
            // Send what the endpoint accepts, so that the refusal tested is the authorization, not the media type.
            var type = r.ContentType ?? "application/json";
            request.Content = type.Contains("json", StringComparison.Ordinal) ? JsonContent.Create(new { })
                : new StringContent(type.Contains("xml", StringComparison.Ordinal) ? "<x/>" : "a,b\n", System.Text.Encoding.UTF8, type);
        }
        return request;
    }

    [Fact]
    public void Only_the_expected_endpoints_are_open_to_anyone()
    {
        var open = Routes().Where(r => r.Anonymous).Select(r => $"{r.Method} {r.Template}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Public.Order(StringComparer.Ordinal), open);
    }

    [Fact]
    public async Task An_anonymous_caller_is_refused_everywhere_else()
    {
        var client = app.Anonymous();
        var checkedCount = 0;
        foreach (var r in Routes().Where(r => !r.Anonymous))
        {
            using var request = Request(r);
            var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var refused = response.StatusCode is HttpStatusCode.Unauthorized
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/Account/Login", StringComparison.Ordinal))
                || (r.Method == "POST" && r.IsPage && response.StatusCode == HttpStatusCode.BadRequest); // anti-forgery refuses first
            Assert.True(refused, $"{r.Method} {r.Template} answered {(int)response.StatusCode} to an anonymous caller");
            Assert.DoesNotContain("cordon.example", body, StringComparison.Ordinal);
            checkedCount++;
        }
        Assert.True(checkedCount > 30, $"only {checkedCount} routes were checked");
    }

    [Fact]
    public async Task An_officer_without_administration_rights_is_refused_the_administration()
    {
        var officer = await app.SignInAsync("regulator.in@cordon.example");
        var admin = Routes().Where(r => r.Policies.Contains("UserAdministrator") || r.Policies.Contains("SecretariatAdministrator") || r.Template.StartsWith("/Admin", StringComparison.Ordinal)).ToList();
        Assert.True(admin.Count >= 10);
        foreach (var r in admin.Where(r => r.Method == "GET" || !r.IsPage))
        {
            using var request = Request(r);
            var response = await officer.SendAsync(request);
            var refused = response.StatusCode is HttpStatusCode.Forbidden
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/Account/AccessDenied", StringComparison.Ordinal));
            Assert.True(refused, $"{r.Method} {r.Template} answered {(int)response.StatusCode} to an officer");
        }
    }

    [Fact]
    public async Task A_user_and_a_national_system_without_the_module_right_are_refused_every_module_endpoint_and_page()
    {
        // A signed-in officer of AT with no module right at all, and an AT token with no scope.
        var email = $"norights.{Guid.NewGuid():N}"[..20] + "@cordon.example";
        await app.WithScopeAsync(async s =>
        {
            var users = s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Cordon.Application.Identity.CordonUser>>();
            var db = s.GetRequiredService<Cordon.Application.Data.CordonDbContext>();
            var authority = await db.Authorities.Where(a => a.PartyCode == "AT").FirstAsync();
            var user = new Cordon.Application.Identity.CordonUser
            {
                Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = "No rights",
                AuthorityId = authority.Id, PartyCode = "AT", TwoFactorEnabled = true,
            };
            Assert.True((await users.CreateAsync(user, Cordon.Application.Demo.DemoData.Password)).Succeeded);
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", Cordon.Application.Demo.DemoData.TotpSecretFor(email));
        });
        var officer = await app.SignInAsync(email, totpSecret: Cordon.Application.Demo.DemoData.TotpSecretFor(email));
        var system = await app.ApiClientAsync("AT");

        var moduleRoutes = Routes().Where(r => r.Policies.Any(p => p.StartsWith("Module:", StringComparison.Ordinal))).ToList();
        Assert.True(moduleRoutes.Count >= 10, $"only {moduleRoutes.Count} module routes");
        foreach (var r in moduleRoutes.Where(r => !r.IsPage || r.Method == "GET"))
        {
            foreach (var (who, client) in new[] { ("officer", officer), ("national system", system) })
            {
                if (r.IsPage && who == "national system") continue;
                using var request = Request(r);
                var response = await client.SendAsync(request);
                var refused = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/Account/AccessDenied", StringComparison.Ordinal));
                Assert.True(refused, $"{r.Method} {r.Template} answered {(int)response.StatusCode} to a {who} without the module right");
            }
        }
    }

    [Fact]
    public async Task A_national_administrator_sees_and_touches_nothing_of_another_Party()
    {
        var austria = await app.SignInAsync("admin.at@cordon.example");
        var indianUser = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "enforcement.in@cordon.example").Select(u => u.Id).SingleAsync());
        var indianAuthority = await app.WithDbAsync(db => db.Authorities.Where(a => a.PartyCode == "IN").Select(a => a.Id).FirstAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync("/api/v1/parties/IN/authorities")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync($"/api/v1/authorities/{indianAuthority}")).StatusCode);
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/authorities/{indianAuthority}") { Content = JsonContent.Create(new { name = "x", kind = "Regulator" }) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", "*");
            Assert.Equal(HttpStatusCode.NotFound, (await austria.SendAsync(put)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await austria.PostAsJsonAsync($"/api/v1/users/{indianUser}/grants", new { permission = "Permits.Approve" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.DeleteAsync($"/api/v1/users/{indianUser}/grants/Permits.View")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.DeleteAsync($"/api/v1/users/{indianUser}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync($"/Admin/UserDetails?id={indianUser}")).StatusCode);
        var created = await austria.PostAsJsonAsync("/api/v1/users", new { email = "spy@cordon.example", displayName = "Spy", authorityId = indianAuthority, nationalAdministrator = false, permissions = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);

        var users = await austria.GetFromJsonAsync<List<JsonElement>>("/api/v1/users");
        Assert.All(users!, u => Assert.Equal("AT", u.GetProperty("partyCode").GetString()));
        var grants = await austria.GetFromJsonAsync<List<JsonElement>>("/api/v1/grants");
        Assert.DoesNotContain(grants!, g => g.GetProperty("userEmail").GetString()!.EndsWith(".in@cordon.example", StringComparison.Ordinal));
        var audit = await austria.GetStringAsync("/api/v1/audit?limit=1000");
        Assert.DoesNotContain("enforcement.in@cordon.example", audit, StringComparison.Ordinal);
        var page = await austria.GetStringAsync("/Admin/Users");
        Assert.DoesNotContain(".in@cordon.example", page, StringComparison.Ordinal);

        // Nothing changed for the Indian user.
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == indianUser).Select(u => u.RemovedAt != null).SingleAsync()));
        Assert.Equal(2, await app.WithDbAsync(db => db.ModuleGrants.CountAsync(g => g.UserId == indianUser && g.RevokedAt == null && g.Module == Cordon.Domain.Identity.CordonModule.Permits)));
    }

    [Fact]
    public async Task An_api_token_of_one_Party_reads_only_its_own_feed_and_cannot_administer()
    {
        var india = await app.ApiClientAsync("IN", "Permits.View");
        Assert.Equal(HttpStatusCode.Forbidden, (await india.GetAsync("/api/v1/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await india.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await india.GetAsync("/api/v1/parties/AT/authorities")).StatusCode);
    }
}
