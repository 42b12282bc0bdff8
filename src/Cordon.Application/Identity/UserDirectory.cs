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
    public static async Task<List<(Guid Id, string? Email)>> UsersWithPermissionAndEmailAsync(CordonDbContext db, IReadOnlyCollection<string> partyCodes, string permission, bool includeSecretariat, CancellationToken ct) =>
        (await AddresseesAsync(db, partyCodes, permission, includeSecretariat, ct)).Where(a => a.WebhookParty is null).Select(a => (a.Id, a.Email)).ToList();

    /// <summary>Who a delivery between Parties reaches: a user (with e-mail address), or a webhook subscription of <see cref="Addressee.WebhookParty"/>.</summary>
    public sealed class Addressee
    {
        public Guid Id { get; init; }
        public string? Email { get; init; }
        public string? WebhookParty { get; init; }
    }

    /// <summary>
    /// The users of the Parties who hold the permission (and the Secretariat's users if asked) and the Parties' active
    /// webhook subscriptions, in one round trip: every delivery between Parties needs both. Kept in memory between
    /// directory changes, which every node hears (ADR 0050); the list is shared, never to be modified.
    /// </summary>
    public static async Task<IReadOnlyList<Addressee>> AddresseesAsync(CordonDbContext db, IReadOnlyCollection<string> partyCodes, string permission, bool includeSecretariat, CancellationToken ct)
    {
        if (partyCodes.Count == 0 && !includeSecretariat) return [];
        var key = new AddresseeKey(string.Join(',', partyCodes.Order(StringComparer.Ordinal)), permission, includeSecretariat);
        return await AddresseeLists.GetAsync(db, key, (Parties: partyCodes, Permission: permission, Secretariat: includeSecretariat), static async (db, input, ct) =>
        {
            // A module without rights of its own (e.g. Exchange) reaches no user of the Parties, but still their webhooks.
            var grants = ModulePermission.TryParse(input.Permission, out var p);
            // Compiled: every delivery between Parties that the cache cannot answer runs it.
            return await Addressees(db, [.. input.Parties], grants, p.Module, p.Right, input.Secretariat).ToListAsync(ct);
        }, ct);
    }

    private sealed record AddresseeKey(string Parties, string Permission, bool Secretariat);

    private static readonly DirectoryCache<AddresseeKey, IReadOnlyList<Addressee>> AddresseeLists = new(capacity: 10_000);

    private static readonly Func<CordonDbContext, List<string>, bool, CordonModule, ModuleRight, bool, IAsyncEnumerable<Addressee>> Addressees =
        EF.CompileAsyncQuery((CordonDbContext db, List<string> parties, bool grants, CordonModule module, ModuleRight right, bool secretariat) =>
            db.Users.AsNoTracking().Where(u => u.RemovedAt == null && (
                    (grants && u.PartyCode != null && parties.Contains(u.PartyCode)
                        && db.ModuleGrants.Any(g => g.UserId == u.Id && g.RevokedAt == null && g.Module == module && g.Right == right))
                    || (secretariat && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId
                        && (r.Name == CordonRoles.SecretariatAdministrator || r.Name == CordonRoles.SecretariatAnalyst))))))
                .Select(u => new Addressee { Id = u.Id, Email = u.Email, WebhookParty = null })
                .Concat(db.WebhookSubscriptions.Where(s => s.DisabledAt == null && parties.Contains(s.PartyCode)).Select(s => new Addressee { Id = s.Id, Email = null, WebhookParty = s.PartyCode })));

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
