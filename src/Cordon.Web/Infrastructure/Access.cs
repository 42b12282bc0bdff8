using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Cordon.Web.Infrastructure;

/// <summary>Policy names. Every endpoint names one; the fallback denies whatever forgot to.</summary>
public static class Policies
{
    public const string SecretariatAdministrator = "SecretariatAdministrator";
    public const string SecretariatStaff = "SecretariatStaff";
    public const string UserAdministrator = "UserAdministrator";
    public const string SignedIn = "SignedIn";

    public static string Module(CordonModule module, ModuleRight right) => $"Module:{new ModulePermission(module, right)}";
}

/// <summary>A module right: the user holds it, the module is on in this deployment, and the user's Party is a member.</summary>
public sealed class ModuleRequirement(ModulePermission permission) : IAuthorizationRequirement
{
    public ModulePermission Permission { get; } = permission;
}

public sealed class ModuleRequirementHandler(IOptions<CordonOptions> options, PartyMemberships memberships) : AuthorizationHandler<ModuleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ModuleRequirement requirement)
    {
        var p = requirement.Permission;
        if (!options.Value.IsEnabled(p.Module)) return;
        var user = context.User;
        // The Secretariat reads every module it runs; it does not act for a Party.
        if (p.Right == ModuleRight.View && user.IsSecretariat())
        {
            context.Succeed(requirement);
            return;
        }
        if (!user.Has(p)) return;
        var party = user.PartyCode();
        if (party is not null && await memberships.IsMemberAsync(party, p.Module))
            context.Succeed(requirement);
    }
}

/// <summary>Which Parties are in which module, cached briefly (each node refreshes within 30 s of a change elsewhere).</summary>
public sealed class PartyMemberships(IMemoryCache cache, IServiceScopeFactory scopes)
{
    private const string CacheKey = "party-memberships";

    public async Task<bool> IsMemberAsync(string party, CordonModule module)
    {
        var set = await cache.GetOrCreateAsync(CacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CordonDbContext>();
            var rows = await db.PartyModuleMemberships.AsNoTracking().Where(m => m.LeftAt == null).Select(m => new { m.PartyCode, m.Module }).ToListAsync();
            return rows.Select(r => (r.PartyCode, r.Module)).ToHashSet();
        });
        return set!.Contains((party, module));
    }

    public void Invalidate() => cache.Remove(CacheKey);
}

public static class AccessRegistration
{
    public static IServiceCollection AddCordonAccess(this IServiceCollection services)
    {
        services.AddSingleton<PartyMemberships>();
        services.AddSingleton<IAuthorizationHandler, ModuleRequirementHandler>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(SignedInPolicy())
            .SetDefaultPolicy(SignedInPolicy())
            .AddPolicy(Policies.SignedIn, SignedInPolicy())
            .AddPolicy(Policies.SecretariatAdministrator, p => p.Combine(SignedInPolicy()).RequireRole(CordonRoles.SecretariatAdministrator))
            .AddPolicy(Policies.SecretariatStaff, p => p.Combine(SignedInPolicy()).RequireRole(CordonRoles.SecretariatAdministrator, CordonRoles.SecretariatAnalyst))
            .AddPolicy(Policies.UserAdministrator, p => p.Combine(SignedInPolicy()).RequireRole(CordonRoles.SecretariatAdministrator, CordonRoles.NationalAdministrator));
        services.AddOptions<AuthorizationOptions>().Configure(o =>
        {
            foreach (var perm in ModulePermission.All())
                o.AddPolicy(Policies.Module(perm.Module, perm.Right), p => p.Combine(SignedInPolicy()).AddRequirements(new ModuleRequirement(perm)));
        });
        return services;
    }

    /// <summary>Signed in with a second factor (amr=mfa), or a national system with an API token.</summary>
    private static AuthorizationPolicy SignedInPolicy() => new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .RequireAssertion(c => c.User.HasClaim("amr", "mfa") || c.User.HasClaim(c2 => c2.Type == CordonClaims.ApiClient))
        .Build();
}
