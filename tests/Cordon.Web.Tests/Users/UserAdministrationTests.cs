using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Application.Demo;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Tests.Users;

[Collection(SharedApp.Name)]
public class UserAdministrationTests(CordonApp app)
{
    private async Task<(HttpClient Admin, Guid UserId, string Email)> NewColombianUserAsync(params string[] permissions)
    {
        var admin = await app.SignInAsync("admin.co@cordon.example");
        var authority = await app.WithDbAsync(db => db.Authorities.Where(a => a.PartyCode == "CO").Select(a => a.Id).FirstAsync());
        var email = $"user.{Guid.NewGuid():N}"[..18] + "@cordon.example";
        var r = await admin.PostAsJsonAsync("/api/v1/users", new { email, displayName = "Oficial de prueba", authorityId = authority, nationalAdministrator = false, permissions });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var body = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("CO", body.GetProperty("partyCode").GetString());
        Assert.Equal(permissions.Order(StringComparer.Ordinal), body.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!));
        return (admin, body.GetProperty("id").GetGuid(), email);
    }

    private Task<List<string>> SecretariatNotificationsAsync() => app.WithDbAsync(db => (
        from n in db.Notifications join u in db.Users on n.UserId equals u.Id
        where u.Email == "secretariat.admin@cordon.example" select n.Message.Arguments).ToListAsync());

    [Fact]
    public async Task Granting_and_revoking_is_recorded_and_a_revocation_reaches_the_Secretariat_at_once()
    {
        var (admin, id, email) = await NewColombianUserAsync("Incidents.View");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/users/{id}/grants", new { permission = "Incidents.Submit" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/users/{id}/grants/Incidents.Submit")).StatusCode);

        var record = await admin.GetFromJsonAsync<List<JsonElement>>("/api/v1/grants");
        var rows = record!.Where(g => g.GetProperty("userEmail").GetString() == email).ToList();
        Assert.Contains(rows, g => g.GetProperty("permission").GetString() == "Incidents.Submit" && g.GetProperty("revokedAt").ValueKind != JsonValueKind.Null);
        Assert.Contains(rows, g => g.GetProperty("permission").GetString() == "Incidents.View" && g.GetProperty("revokedAt").ValueKind == JsonValueKind.Null);
        Assert.Contains(await SecretariatNotificationsAsync(), a => a.Contains(email, StringComparison.Ordinal) && a.Contains("Incidents.Submit", StringComparison.Ordinal));

        var audit = await admin.GetStringAsync($"/api/v1/audit?entityType=User&entityId={id}");
        Assert.Contains("grant.granted", audit, StringComparison.Ordinal);
        Assert.Contains("grant.revoked", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_user_cannot_sign_in_keeps_nothing_and_the_Secretariat_is_told()
    {
        var (admin, id, email) = await NewColombianUserAsync("Permits.View", "Permits.Submit");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/users/{id}")).StatusCode);
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == id));
        Assert.NotNull(user.RemovedAt);
        Assert.Equal(0, await app.WithDbAsync(db => db.ModuleGrants.CountAsync(g => g.UserId == id && g.RevokedAt == null)));
        Assert.Contains(await SecretariatNotificationsAsync(), a => a.Contains(email, StringComparison.Ordinal));

        var client = app.Anonymous();
        var login = await client.GetStringAsync("/Account/Login");
        var r = await client.PostAsync("/Account/Login", CordonApp.Form(login, ("Input.Email", email), ("Input.Password", DemoData.Password)));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode); // back on the form with an error, no second step
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/users/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_user_losing_a_right_loses_it_in_the_open_session()
    {
        var admin = await app.SignInAsync("admin.kz@cordon.example");
        var officer = await app.SignInAsync("enforcement.kz@cordon.example");
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "enforcement.kz@cordon.example").Select(u => u.Id).SingleAsync());
        Assert.Contains("Monitoring.Submit", await officer.GetStringAsync("/api/v1/me"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/users/{id}/grants/Monitoring.Submit")).StatusCode);
        Assert.DoesNotContain("Monitoring.Submit", await officer.GetStringAsync("/api/v1/me"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-email", "Name", "Permits.View", "email")]
    [InlineData("ok@cordon.example", "", "Permits.View", "displayName")]
    [InlineData("ok2@cordon.example", "Name", "Permits.Fly", "permissions")]
    public async Task Invalid_users_are_refused_with_the_field_named(string email, string name, string permission, string field)
    {
        var admin = await app.SignInAsync("admin.co@cordon.example");
        var authority = await app.WithDbAsync(db => db.Authorities.Where(a => a.PartyCode == "CO").Select(a => a.Id).FirstAsync());
        var r = await admin.PostAsJsonAsync("/api/v1/users", new { email, displayName = name, authorityId = authority, nationalAdministrator = false, permissions = new[] { permission } });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), await r.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task The_same_e_mail_cannot_be_used_twice()
    {
        var admin = await app.SignInAsync("admin.co@cordon.example");
        var authority = await app.WithDbAsync(db => db.Authorities.Where(a => a.PartyCode == "CO").Select(a => a.Id).FirstAsync());
        var r = await admin.PostAsJsonAsync("/api/v1/users", new { email = "regulator.co@cordon.example", displayName = "Dup", authorityId = authority, nationalAdministrator = false, permissions = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
    }
}
