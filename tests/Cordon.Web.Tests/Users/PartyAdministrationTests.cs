using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Cordon.Application.Identity;
using Cordon.Domain.Identity;
using Cordon.Web.Infrastructure;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Users;

public class PartyAdministrationTests : IAsyncLifetime
{
    private readonly CordonApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_Secretariat_onboards_a_new_Party_step_by_step()
    {
        var secretariat = await _app.SignInAsync("secretariat.admin@cordon.example");
        Assert.Equal(HttpStatusCode.Created, (await secretariat.PostAsJsonAsync("/api/v1/parties", new { code = "fr" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await secretariat.PostAsJsonAsync("/api/v1/parties", new { code = "FR" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await secretariat.PostAsJsonAsync("/api/v1/parties", new { code = "XX" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await secretariat.PutAsync("/api/v1/parties/FR/modules/Permits", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await secretariat.PutAsync("/api/v1/parties/FR/modules/Teleportation", null)).StatusCode);

        var authority = await secretariat.PostAsJsonAsync("/api/v1/parties/FR/authorities", new { name = "Direction de l'eau et de la biodiversité", kind = "ManagementAuthority" });
        Assert.Equal(HttpStatusCode.Created, authority.StatusCode);
        var authorityId = (await authority.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        // Verification needs the national administrator first.
        Assert.Equal(HttpStatusCode.BadRequest, (await secretariat.PostAsync("/api/v1/parties/FR/verify", null)).StatusCode);
        var admin = await secretariat.PostAsJsonAsync("/api/v1/users", new { email = "admin.fr@cordon.example", displayName = "Administrateur national FR", authorityId, nationalAdministrator = true, permissions = new[] { "Permits.View" } });
        Assert.Equal(HttpStatusCode.Created, admin.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await secretariat.PostAsync("/api/v1/parties/FR/verify", null)).StatusCode);

        var party = await _app.WithDbAsync(db => db.Parties.Include(p => p.Memberships).SingleAsync(p => p.Code == "FR"));
        Assert.NotNull(party.VerifiedAt);
        Assert.True(party.IsMemberOf(CordonModule.Permits));
        Assert.False(party.IsMemberOf(CordonModule.Incidents));
        var audit = await secretariat.GetStringAsync("/api/v1/audit?entityType=Party&entityId=FR");
        Assert.Contains("party.added", audit, StringComparison.Ordinal);
        Assert.Contains("party.joined-module", audit, StringComparison.Ordinal);
        Assert.Contains("party.verified", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_national_administrator_adds_authorities_to_its_own_Party_only()
    {
        var austria = await _app.SignInAsync("admin.at@cordon.example");
        Assert.Equal(HttpStatusCode.Created, (await austria.PostAsJsonAsync("/api/v1/parties/AT/authorities", new { name = "Bundeskriminalamt", kind = "Police" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.PostAsJsonAsync("/api/v1/parties/IN/authorities", new { name = "Spy agency", kind = "Police" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await austria.PostAsJsonAsync("/api/v1/parties", new { code = "DE" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await austria.PutAsync("/api/v1/parties/AT/modules/Permits", null)).StatusCode);
        Assert.False(await _app.WithDbAsync(db => db.Authorities.AnyAsync(a => a.Name == "Spy agency")));
    }

    [Fact]
    public async Task A_Party_that_leaves_a_module_loses_its_rights_in_it_at_once()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("amr", "mfa"), new Claim(CordonClaims.Party, "KZ"), new Claim(CordonClaims.Permission, "Permits.Submit")], "test"));
        async Task<bool> Allowed()
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var auth = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
            return (await auth.AuthorizeAsync(principal, Policies.Module(CordonModule.Permits, ModuleRight.Submit))).Succeeded;
        }
        Assert.True(await Allowed());
        var secretariat = await _app.SignInAsync("secretariat.admin@cordon.example");
        Assert.Equal(HttpStatusCode.NoContent, (await secretariat.DeleteAsync("/api/v1/parties/KZ/modules/Permits")).StatusCode);
        Assert.False(await Allowed());
        Assert.Equal(HttpStatusCode.NoContent, (await secretariat.PutAsync("/api/v1/parties/KZ/modules/Permits", null)).StatusCode);
        Assert.True(await Allowed());
    }

    [Fact]
    public async Task The_parties_page_lets_the_Secretariat_add_a_Party()
    {
        var secretariat = await _app.SignInAsync("secretariat.admin@cordon.example");
        var page = await secretariat.GetStringAsync("/Admin/Parties");
        var r = await secretariat.PostAsync("/Admin/Parties?handler=AddParty", CordonApp.Form(page, ("code", "GH")));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("party-GH", await secretariat.GetStringAsync("/Admin/Parties"), StringComparison.Ordinal);
    }
}
