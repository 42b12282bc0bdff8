using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Notifications;
using Cordon.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Identity;

public sealed record NewUser(string Email, string DisplayName, Guid? AuthorityId, bool NationalAdministrator, IReadOnlyList<string> Permissions);

public sealed record UserCreated(CordonUser User, string SetPasswordToken);

/// <summary>
/// National administrators (for their Party) and Secretariat administrators (for all) create and remove
/// users and grant and revoke module rights. Every step is audited; removals and revocations are reported
/// to the Secretariat at once (CITES SC70 asks for this).
/// </summary>
public sealed class UserAdministration(
    CordonDbContext db,
    UserManager<CordonUser> users,
    AuditLog audit,
    Notifier notifier,
    ICurrentActor actor,
    TimeProvider clock)
{
    /// <summary>True when the actor administers users of this Party.</summary>
    public bool MayAdminister(string? partyCode) =>
        actor.IsInRole(CordonRoles.SecretariatAdministrator)
        || (actor.IsInRole(CordonRoles.NationalAdministrator) && partyCode is not null && partyCode == actor.PartyCode);

    public async Task<Outcome<UserCreated>> CreateAsync(NewUser request, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var email = request.Email?.Trim() ?? "";
        if (email.Length is < 3 or > 256 || !email.Contains('@', StringComparison.Ordinal)) errors["email"] = ["Enter a valid e-mail address."];
        if (string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Length > 200) errors["displayName"] = ["Enter the person's name (at most 200 characters)."];
        var permissions = new List<ModulePermission>();
        foreach (var p in request.Permissions ?? [])
        {
            if (ModulePermission.TryParse(p, out var mp)) permissions.Add(mp);
            else errors["permissions"] = [$"'{p}' is not a module right (for example 'Permits.Submit')."];
        }
        Authority? authority = null;
        if (request.AuthorityId is { } aid)
        {
            authority = await db.Authorities.FindAsync([aid], ct);
            if (authority is null) errors["authorityId"] = ["No such authority."];
        }
        else if (!actor.IsInRole(CordonRoles.SecretariatAdministrator))
        {
            errors["authorityId"] = ["Choose the authority the user belongs to."];
        }
        if (errors.Count > 0) return Outcome<UserCreated>.Invalid("The user could not be created.", errors);
        var allowed = authority is null ? actor.IsInRole(CordonRoles.SecretariatAdministrator) : MayAdminister(authority.PartyCode);
        if (!allowed)
            return Outcome<UserCreated>.Forbidden("You may only create users of your own Party.");
        if (await users.FindByEmailAsync(email) is not null)
            return Outcome<UserCreated>.Conflict("A user with this e-mail address already exists.");

        await using var tx = await db.BeginWriteAsync(ct);
        var now = clock.GetUtcNow();
        var user = new CordonUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = request.DisplayName.Trim(),
            AuthorityId = authority?.Id,
            PartyCode = authority?.PartyCode,
            CreatedAt = now,
            CreatedBy = actor.UserId,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
            return Outcome<UserCreated>.Invalid(string.Join(" ", created.Errors.Select(e => e.Description)));
        if (request.NationalAdministrator)
            await users.AddToRoleAsync(user, CordonRoles.NationalAdministrator);
        foreach (var p in permissions.Distinct())
            db.ModuleGrants.Add(new ModuleGrant { UserId = user.Id, Module = p.Module, Right = p.Right, GrantedBy = actor.UserId ?? Guid.Empty, GrantedAt = now });
        await audit.RecordAsync("user.created", "User", user.Id.ToString(), new { user.Id, user.Email, user.DisplayName, user.AuthorityId, user.PartyCode, request.NationalAdministrator },
            $"{user.Email} created with rights: {string.Join(", ", permissions)}", user.PartyCode is null ? null : [user.PartyCode], ct);
        foreach (var p in permissions.Distinct())
            await audit.RecordAsync("grant.granted", "User", user.Id.ToString(), null, $"{p} granted to {user.Email}", user.PartyCode is null ? null : [user.PartyCode], ct);
        await db.SaveChangesAsync(ct);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        await tx.CommitAsync(ct);
        return Outcome<UserCreated>.Ok(new UserCreated(user, token));
    }

    public async Task<Outcome<ModuleGrant>> GrantAsync(Guid userId, string permission, CancellationToken ct = default)
    {
        if (!ModulePermission.TryParse(permission, out var p))
            return Outcome<ModuleGrant>.Invalid($"'{permission}' is not a module right (for example 'Permits.Submit').");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.RemovedAt == null, ct);
        if (user is null || !MayAdminister(user.PartyCode)) return Outcome<ModuleGrant>.NotFound("No such user in your Party.");
        await using var tx = await db.BeginWriteAsync(ct);
        var existing = await db.ModuleGrants.FirstOrDefaultAsync(g => g.UserId == userId && g.Module == p.Module && g.Right == p.Right && g.RevokedAt == null, ct);
        if (existing is not null) return Outcome<ModuleGrant>.Ok(existing);
        var grant = new ModuleGrant { UserId = userId, Module = p.Module, Right = p.Right, GrantedBy = actor.UserId ?? Guid.Empty, GrantedAt = clock.GetUtcNow() };
        db.ModuleGrants.Add(grant);
        await audit.RecordAsync("grant.granted", "User", userId.ToString(), null, $"{p} granted to {user.Email}", user.PartyCode is null ? null : [user.PartyCode], ct);
        // No new security stamp: the session stays, and its rights are re-read at the next stamp check (within a minute).
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<ModuleGrant>.Ok(grant);
    }

    public async Task<Outcome<ModuleGrant>> RevokeAsync(Guid userId, string permission, CancellationToken ct = default)
    {
        if (!ModulePermission.TryParse(permission, out var p))
            return Outcome<ModuleGrant>.Invalid($"'{permission}' is not a module right.");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || !MayAdminister(user.PartyCode)) return Outcome<ModuleGrant>.NotFound("No such user in your Party.");
        await using var tx = await db.BeginWriteAsync(ct);
        var grant = await db.ModuleGrants.FirstOrDefaultAsync(g => g.UserId == userId && g.Module == p.Module && g.Right == p.Right && g.RevokedAt == null, ct);
        if (grant is null) return Outcome<ModuleGrant>.NotFound($"{user.Email} does not hold {p}.");
        grant.RevokedAt = clock.GetUtcNow();
        grant.RevokedBy = actor.UserId;
        await audit.RecordAsync("grant.revoked", "User", userId.ToString(), null, $"{p} revoked from {user.Email}", user.PartyCode is null ? null : [user.PartyCode], ct);
        await NotifySecretariatAsync("Notification.RightRevoked", [user.Email ?? "", p.ToString(), user.PartyCode ?? ""], ct);
        // No new security stamp: the session stays, and its rights are re-read at the next stamp check (within a minute).
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<ModuleGrant>.Ok(grant);
    }

    /// <summary>Removes a user: locked out for good, signed out everywhere, all rights revoked. Never deleted.</summary>
    public async Task<Outcome<CordonUser>> RemoveAsync(Guid userId, CancellationToken ct = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.RemovedAt == null, ct);
        if (user is null || !MayAdminister(user.PartyCode)) return Outcome<CordonUser>.NotFound("No such user in your Party.");
        if (user.Id == actor.UserId) return Outcome<CordonUser>.Invalid("You cannot remove yourself.");
        await using var tx = await db.BeginWriteAsync(ct);
        var now = clock.GetUtcNow();
        user.RemovedAt = now;
        user.RemovedBy = actor.UserId;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        foreach (var g in await db.ModuleGrants.Where(g => g.UserId == userId && g.RevokedAt == null).ToListAsync(ct))
        {
            g.RevokedAt = now;
            g.RevokedBy = actor.UserId;
        }
        await audit.RecordAsync("user.removed", "User", userId.ToString(), new { user.Id, user.Email, user.RemovedAt }, $"{user.Email} removed", user.PartyCode is null ? null : [user.PartyCode], ct);
        await NotifySecretariatAsync("Notification.UserRemoved", [user.Email ?? "", user.PartyCode ?? ""], ct);
        await db.SaveChangesAsync(ct);
        await users.UpdateSecurityStampAsync(user);
        await tx.CommitAsync(ct);
        return Outcome<CordonUser>.Ok(user);
    }

    private async Task NotifySecretariatAsync(string key, string[] args, CancellationToken ct)
    {
        var admins = await UserDirectory.SecretariatAdministratorsAsync(db, ct);
        await notifier.NotifyUsersAsync(admins, key, args, "/Admin/Users", email: true, ct);
    }
}
