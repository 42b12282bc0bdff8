using System.Net;
using System.Security.Claims;
using Cordon.Application.Identity;
using Cordon.Domain.Identity;
using Cordon.Web.Infrastructure;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Access;

/// <summary>A CITES secretariat's deployment: only Permits switched on, its own name in the header.</summary>
public sealed class PermitsOnlyApp : CordonApp
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Cordon:OrganisationName"] = "CITES Secretariat",
        ["Cordon:Modules:Authorizations"] = "false",
        ["Cordon:Modules:PreExport"] = "false",
        ["Cordon:Modules:Incidents"] = "false",
        ["Cordon:Modules:Traceability"] = "false",
        ["Cordon:Modules:Monitoring"] = "false",
    };
}

public class DeploymentConfigurationTests(PermitsOnlyApp app) : IClassFixture<PermitsOnlyApp>
{
    [Fact]
    public async Task Only_the_switched_on_modules_are_offered_and_the_operator_is_named()
    {
        var client = await app.SignInAsync("regulator.at@cordon.example");
        var home = await client.GetStringAsync("/");
        Assert.Contains("CITES Secretariat", home, StringComparison.Ordinal);
        Assert.Contains("Permits", home, StringComparison.Ordinal);
        Assert.DoesNotContain("Pre-export notifications", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_switched_off_module_grants_nothing_even_to_users_holding_its_rights()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("amr", "mfa"), new Claim(CordonClaims.Party, "AT"), new Claim(CordonClaims.Permission, "Incidents.View"), new Claim(CordonClaims.Permission, "Permits.View")], "test"));
        await using var scope = app.Services.CreateAsyncScope();
        var auth = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();
        Assert.False((await auth.AuthorizeAsync(principal, Policies.Module(CordonModule.Incidents, ModuleRight.View))).Succeeded);
        Assert.True((await auth.AuthorizeAsync(principal, Policies.Module(CordonModule.Permits, ModuleRight.View))).Succeeded);
    }
}
