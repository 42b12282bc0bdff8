using Cordon.Application.Data;
using Cordon.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Identity;

/// <summary>Look-ups of users by Party, role and permission, used to address notifications.</summary>
public static class UserDirectory
{
    public static async Task<List<Guid>> UsersWithPermissionAsync(CordonDbContext db, IReadOnlyCollection<string> partyCodes, string permission, bool includeSecretariat, CancellationToken ct)
    {
        var ids = new List<Guid>();
        if (ModulePermission.TryParse(permission, out var p) && partyCodes.Count > 0)
        {
            ids.AddRange(await (
                from g in db.ModuleGrants
                join u in db.Users on g.UserId equals u.Id
                where g.RevokedAt == null && g.Module == p.Module && g.Right == p.Right
                      && u.RemovedAt == null && u.PartyCode != null && partyCodes.Contains(u.PartyCode)
                select u.Id).Distinct().ToListAsync(ct));
        }
        if (includeSecretariat)
            ids.AddRange(await SecretariatUsersAsync(db, ct));
        return ids.Distinct().ToList();
    }

    /// <summary>As <see cref="UsersWithPermissionAsync"/>, with each user's e-mail address, in one query.</summary>
    public static async Task<List<(Guid Id, string? Email)>> UsersWithPermissionAndEmailAsync(CordonDbContext db, IReadOnlyCollection<string> partyCodes, string permission, bool includeSecretariat, CancellationToken ct)
    {
        var hasParties = ModulePermission.TryParse(permission, out var p) && partyCodes.Count > 0;
        if (!hasParties && !includeSecretariat) return [];
        var module = hasParties ? p.Module : default;
        var right = hasParties ? p.Right : default;
        var roleNames = new[] { CordonRoles.SecretariatAdministrator, CordonRoles.SecretariatAnalyst };
        var rows = await db.Users.AsNoTracking()
            .Where(u => u.RemovedAt == null && (
                (hasParties && u.PartyCode != null && partyCodes.Contains(u.PartyCode)
                    && db.ModuleGrants.Any(g => g.UserId == u.Id && g.RevokedAt == null && g.Module == module && g.Right == right))
                || (includeSecretariat && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roleNames.Contains(r.Name!))))))
            .Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.Email)).ToList();
    }

    public static async Task<List<Guid>> SecretariatUsersAsync(CordonDbContext db, CancellationToken ct)
    {
        var roleNames = new[] { CordonRoles.SecretariatAdministrator, CordonRoles.SecretariatAnalyst };
        return await (
            from ur in db.UserRoles
            join r in db.Roles on ur.RoleId equals r.Id
            join u in db.Users on ur.UserId equals u.Id
            where roleNames.Contains(r.Name!) && u.RemovedAt == null
            select u.Id).Distinct().ToListAsync(ct);
    }

    public static async Task<List<Guid>> SecretariatAdministratorsAsync(CordonDbContext db, CancellationToken ct) =>
        await (
            from ur in db.UserRoles
            join r in db.Roles on ur.RoleId equals r.Id
            join u in db.Users on ur.UserId equals u.Id
            where r.Name == CordonRoles.SecretariatAdministrator && u.RemovedAt == null
            select u.Id).Distinct().ToListAsync(ct);
}
