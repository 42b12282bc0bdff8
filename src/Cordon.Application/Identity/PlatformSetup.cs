using Cordon.Application.Data;
using Cordon.Application.Reference;
using Cordon.Domain.Identity;
using Microsoft.AspNetCore.Identity;

namespace Cordon.Application.Identity;

/// <summary>What every deployment needs before its first request: the roles and the shipped reference lists.</summary>
public sealed class PlatformSetup(CordonDbContext db, RoleManager<CordonRole> roles, ReferenceData reference)
{
    public async Task EnsureAsync(CancellationToken ct = default)
    {
        await CordonDatabase.MigrateAsync(db, ct);
        foreach (var role in CordonRoles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new CordonRole { Name = role });
        await reference.SeedShippedAsync(ct);
    }
}
