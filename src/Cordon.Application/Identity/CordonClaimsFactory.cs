using System.Security.Claims;
using Cordon.Application.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cordon.Application.Identity;

/// <summary>Adds the user's Party, Authority and active module rights to the sign-in principal.</summary>
public sealed class CordonClaimsFactory(
    UserManager<CordonUser> users,
    RoleManager<CordonRole> roles,
    IOptions<IdentityOptions> options,
    CordonDbContext db)
    : UserClaimsPrincipalFactory<CordonUser, CordonRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CordonUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CordonClaims.DisplayName, user.DisplayName));
        if (user.PartyCode is not null) identity.AddClaim(new Claim(CordonClaims.Party, user.PartyCode));
        if (user.AuthorityId is { } a) identity.AddClaim(new Claim(CordonClaims.Authority, a.ToString()));
        var grants = await db.ModuleGrants.AsNoTracking().Where(g => g.UserId == user.Id && g.RevokedAt == null).ToListAsync();
        foreach (var p in grants.Select(g => g.Permission.ToString()).Distinct())
            identity.AddClaim(new Claim(CordonClaims.Permission, p));
        return identity;
    }
}
