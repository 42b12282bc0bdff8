using System.Security.Claims;
using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Audit;
using Cordon.Domain.Identity;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Features.Admin;

public sealed record PartyDto(string Code, string Name, bool Verified, IReadOnlyList<string> Modules);

public sealed record AuthorityDto(Guid Id, string PartyCode, string Name, AuthorityKind Kind, string? Address, string? Email, long Version);

public sealed record NewPartyRequest(string Code);

public sealed record AuthorityUpdate(string Name, AuthorityKind Kind, string? Address, string? Email);

public sealed record UserDto(Guid Id, string Email, string DisplayName, string? PartyCode, Guid? AuthorityId, bool Removed, IReadOnlyList<string> Roles, IReadOnlyList<string> Permissions);

public sealed record CreateUserRequest(string Email, string DisplayName, Guid? AuthorityId, bool NationalAdministrator, IReadOnlyList<string>? Permissions);

public sealed record GrantRequest(string Permission);

public sealed record GrantRecordDto(long Id, Guid UserId, string UserEmail, string Permission, DateTimeOffset GrantedAt, Guid GrantedBy, DateTimeOffset? RevokedAt, Guid? RevokedBy);

public sealed record AuditEntryDto(long Sequence, DateTimeOffset Timestamp, string Action, string EntityType, string EntityId, string? UserName, string? PartyCode, string? IpAddress, string? Details, string RecordHash, string Hash);

public sealed record AuditPage(IReadOnlyList<AuditEntryDto> Items, long? NextCursor);

public sealed record CheckpointDto(long Sequence, string Hash, DateTimeOffset CreatedAt, string Signature, string KeyId);

public sealed record CheckpointList(string PublicKeySpkiBase64, IReadOnlyList<CheckpointDto> Checkpoints);

public static class AdminEndpoints
{
    public static void MapAdminApi(this RouteGroupBuilder api)
    {
        api.MapGet("/parties", async (CordonDbContext db, CancellationToken ct) =>
        {
            var lang = Languages.Current;
            var parties = await db.Parties.AsNoTracking().Include(p => p.Memberships).OrderBy(p => p.Code).ToListAsync(ct);
            var names = await db.Countries.AsNoTracking().ToDictionaryAsync(c => c.Alpha2, ct);
            return TypedResults.Ok(parties.Select(p => new PartyDto(p.Code, names.TryGetValue(p.Code, out var c) ? c.NameIn(lang) : p.Code, p.VerifiedAt is not null,
                p.Memberships.Where(m => m.LeftAt == null).Select(m => m.Module.ToString()).ToList())).ToList());
        }).WithTags("Parties").WithName("ListParties").WithSummary("The Parties on the platform and the modules each has joined.");

        api.MapPost("/parties", async Task<Results<Created<PartyDto>, ProblemHttpResult>> (NewPartyRequest body, PartyAdministration admin, PartyMemberships memberships, CancellationToken ct) =>
        {
            var outcome = await admin.AddPartyAsync(body.Code, ct);
            if (!outcome.Succeeded) return ProblemResults.From(outcome);
            memberships.Invalidate();
            return TypedResults.Created($"/api/v1/parties/{outcome.Value!.Code}", new PartyDto(outcome.Value.Code, outcome.Value.Code, false, []));
        }).RequireAuthorization(Policies.SecretariatAdministrator).WithTags("Parties").WithName("AddParty").WithSummary("Add a country as a Party (Secretariat).");

        api.MapPut("/parties/{code}/modules/{module}", async Task<Results<NoContent, ProblemHttpResult>> (string code, string module, PartyAdministration admin, PartyMemberships memberships, CancellationToken ct) =>
            await SetMembership(code, module, true, admin, memberships, ct))
            .RequireAuthorization(Policies.SecretariatAdministrator).WithTags("Parties").WithName("JoinModule").WithSummary("The Party joins a module (Secretariat).");

        api.MapDelete("/parties/{code}/modules/{module}", async Task<Results<NoContent, ProblemHttpResult>> (string code, string module, PartyAdministration admin, PartyMemberships memberships, CancellationToken ct) =>
            await SetMembership(code, module, false, admin, memberships, ct))
            .RequireAuthorization(Policies.SecretariatAdministrator).WithTags("Parties").WithName("LeaveModule").WithSummary("The Party leaves a module; its history stays (Secretariat).");

        api.MapPost("/parties/{code}/verify", async Task<Results<NoContent, ProblemHttpResult>> (string code, PartyAdministration admin, CancellationToken ct) =>
        {
            var outcome = await admin.VerifyAsync(code, ct);
            return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
        }).RequireAuthorization(Policies.SecretariatAdministrator).WithTags("Parties").WithName("VerifyParty").WithSummary("Record that the Secretariat verified the Party's national administrator.");

        api.MapPost("/parties/{code}/authorities", async Task<Results<Created<AuthorityDto>, ProblemHttpResult>> (string code, AuthorityUpdate body, PartyAdministration admin, CancellationToken ct) =>
        {
            var outcome = await admin.AddAuthorityAsync(code, new NewAuthority(body.Name, body.Kind, body.Address, body.Email), ct);
            return outcome.Succeeded ? TypedResults.Created($"/api/v1/authorities/{outcome.Value!.Id}", ToDto(outcome.Value)) : ProblemResults.From(outcome);
        }).RequireAuthorization(Policies.UserAdministrator).WithTags("Parties").WithName("AddAuthority");

        api.MapGet("/parties/{code}/authorities", async Task<Results<Ok<List<AuthorityDto>>, ProblemHttpResult>> (string code, ClaimsPrincipal user, CordonDbContext db, CancellationToken ct) =>
        {
            code = code.ToUpperInvariant();
            if (!user.IsSecretariat() && user.PartyCode() != code) return ProblemResults.NotFound("No such Party among yours.");
            var list = await db.Authorities.AsNoTracking().Where(a => a.PartyCode == code).OrderBy(a => a.Name).ToListAsync(ct);
            return TypedResults.Ok(list.Select(ToDto).ToList());
        }).WithTags("Parties").WithName("ListAuthorities");

        api.MapGet("/authorities/{id:guid}", async Task<Results<Ok<AuthorityDto>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, CordonDbContext db, HttpContext http, CancellationToken ct) =>
        {
            var a = await db.Authorities.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (a is null || (!user.IsSecretariat() && user.PartyCode() != a.PartyCode)) return ProblemResults.NotFound("No such authority in your Party.");
            Concurrency.SetETag(http, a.Version);
            return TypedResults.Ok(ToDto(a));
        }).WithTags("Parties").WithName("GetAuthority");

        api.MapPut("/authorities/{id:guid}", async Task<Results<Ok<AuthorityDto>, ProblemHttpResult>> (Guid id, AuthorityUpdate body, ClaimsPrincipal user, CordonDbContext db, AuditLog audit, HttpContext http, CancellationToken ct) =>
        {
            var a = await db.Authorities.FirstOrDefaultAsync(x => x.Id == id, ct);
            if (a is null || !user.AdministersParty(a.PartyCode)) return ProblemResults.NotFound("No such authority in your Party.");
            if (Concurrency.CheckIfMatch(http.Request, a.Version) is { } problem) return problem;
            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 300)
                return ProblemResults.Invalid("The authority could not be updated.", new Dictionary<string, string[]> { ["name"] = ["The name is required (at most 300 characters)."] });
            await using var tx = await db.BeginWriteAsync(ct);
            (a.Name, a.Kind, a.Address, a.Email) = (body.Name.Trim(), body.Kind, body.Address, body.Email);
            a.Version++;
            await audit.RecordAsync("authority.updated", "Authority", a.Id.ToString(), a, concernsParties: [a.PartyCode], ct: ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            Concurrency.SetETag(http, a.Version);
            return TypedResults.Ok(ToDto(a));
        }).RequireAuthorization(Policies.UserAdministrator).WithTags("Parties").WithName("UpdateAuthority").WithSummary("Update an authority; needs If-Match.");

        var users = api.MapGroup("/users").WithTags("Users and rights").RequireAuthorization(Policies.UserAdministrator);

        users.MapGet("/", async (string? party, ClaimsPrincipal user, CordonDbContext db, CancellationToken ct) =>
        {
            var query = db.Users.AsNoTracking();
            if (!user.IsInRole(CordonRoles.SecretariatAdministrator)) query = query.Where(u => u.PartyCode == user.PartyCode());
            else if (!string.IsNullOrEmpty(party)) query = query.Where(u => u.PartyCode == party.ToUpperInvariant());
            var list = await query.OrderBy(u => u.PartyCode).ThenBy(u => u.Email).ToListAsync(ct);
            return TypedResults.Ok(await ToDtosAsync(db, list, ct));
        }).WithName("ListUsers");

        users.MapPost("/", async Task<Results<Created<UserDto>, ProblemHttpResult>> (CreateUserRequest body, UserAdministration admin, Invitations invitations, CordonDbContext db, CancellationToken ct) =>
        {
            var outcome = await admin.CreateAsync(new NewUser(body.Email, body.DisplayName, body.AuthorityId, body.NationalAdministrator, body.Permissions ?? []), ct);
            if (!outcome.Succeeded) return ProblemResults.From(outcome);
            await invitations.SendAsync(outcome.Value!.User, outcome.Value.SetPasswordToken);
            var dto = (await ToDtosAsync(db, [outcome.Value!.User], ct))[0];
            return TypedResults.Created($"/api/v1/users/{dto.Id}", dto);
        }).WithName("CreateUser").WithSummary("Create a user of your Party; the user receives a link by e-mail to set a password and enrol TOTP.");

        users.MapPost("/{id:guid}/grants", async Task<Results<Ok<UserDto>, ProblemHttpResult>> (Guid id, GrantRequest body, UserAdministration admin, CordonDbContext db, CancellationToken ct) =>
        {
            var outcome = await admin.GrantAsync(id, body.Permission, ct);
            if (!outcome.Succeeded) return ProblemResults.From(outcome);
            return TypedResults.Ok((await ToDtosAsync(db, [await db.Users.AsNoTracking().FirstAsync(u => u.Id == id, ct)], ct))[0]);
        }).WithName("GrantRight");

        users.MapDelete("/{id:guid}/grants/{permission}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, string permission, UserAdministration admin, CancellationToken ct) =>
        {
            var outcome = await admin.RevokeAsync(id, permission, ct);
            return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
        }).WithName("RevokeRight");

        users.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, UserAdministration admin, CancellationToken ct) =>
        {
            var outcome = await admin.RemoveAsync(id, ct);
            return outcome.Succeeded ? TypedResults.NoContent() : ProblemResults.From(outcome);
        }).WithName("RemoveUser").WithSummary("Remove a user: locked out, signed out everywhere, rights revoked, the Secretariat told. Nothing is deleted.");

        api.MapGet("/grants", async (string? party, ClaimsPrincipal user, CordonDbContext db, CancellationToken ct) =>
        {
            var query = from g in db.ModuleGrants join u in db.Users on g.UserId equals u.Id select new { g, u };
            if (!user.IsInRole(CordonRoles.SecretariatAdministrator)) query = query.Where(x => x.u.PartyCode == user.PartyCode());
            else if (!string.IsNullOrEmpty(party)) query = query.Where(x => x.u.PartyCode == party.ToUpperInvariant());
            var rows = await query.OrderByDescending(x => x.g.Id).Take(1000).ToListAsync(ct);
            return TypedResults.Ok(rows.Select(x => new GrantRecordDto(x.g.Id, x.u.Id, x.u.Email ?? "", x.g.Permission.ToString(), x.g.GrantedAt, x.g.GrantedBy, x.g.RevokedAt, x.g.RevokedBy)).ToList());
        }).RequireAuthorization(Policies.UserAdministrator).WithTags("Users and rights").WithName("ListGrants").WithSummary("The record of every right granted or revoked, with who and when.");

        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(Policies.UserAdministrator);
        audit.MapGet("/", async (long? cursor, int? limit, string? entityType, string? entityId, ClaimsPrincipal user, CordonDbContext db, CancellationToken ct) =>
        {
            var take = Math.Clamp(limit ?? 100, 1, 1000);
            var items = await AuditQuery.Visible(db, user, entityType, entityId)
                .Where(e => cursor == null || e.Sequence < cursor).OrderByDescending(e => e.Sequence).Take(take + 1).ToListAsync(ct);
            long? next = items.Count > take ? items[take - 1].Sequence : null;
            return TypedResults.Ok(new AuditPage(items.Take(take).Select(ToDto).ToList(), next));
        }).WithName("ListAudit").WithSummary("Audit entries the caller may see, newest first; the cursor is the last sequence seen.");

        audit.MapGet("/export.{format}", async (string format, string? entityType, string? entityId, ClaimsPrincipal user, CordonDbContext db, AuditLog log, CancellationToken ct) =>
        {
            if (TabularHttp.Format(format) is not { } f) return ProblemResults.NotFound();
            await log.RecordNowAsync("audit.exported", "Audit", "*", $"{f} export (entity type {entityType ?? "any"})", ct: ct);
            return await TabularHttp.FileAsync(format, "cordon-audit",
                ["sequence", "timestamp_utc", "action", "entity_type", "entity_id", "user", "party", "ip", "details", "record_hash", "previous_hash", "hash"],
                AuditQuery.Visible(db, user, entityType, entityId).OrderBy(e => e.Sequence).AsAsyncEnumerable().Select(e => new[]
                {
                    e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Iso.DateTime(e.Timestamp), e.Action, e.EntityType, e.EntityId,
                    e.UserName ?? "", e.PartyCode ?? "", e.IpAddress ?? "", e.Details ?? "", e.RecordHash, e.PreviousHash, e.Hash,
                }), ct);
        }).WithName("ExportAudit");

        api.MapGet("/audit/checkpoints", async (CordonDbContext db, AuditSigningKey key, CancellationToken ct) =>
        {
            var list = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Sequence).Take(1000).ToListAsync(ct);
            return TypedResults.Ok(new CheckpointList(Convert.ToBase64String(key.PublicKeySpki()),
                list.Select(c => new CheckpointDto(c.Sequence, c.Hash, c.CreatedAt, c.Signature, c.KeyId)).ToList()));
        }).WithTags("Audit").WithName("ListAuditCheckpoints").WithSummary("Signed checkpoints of the audit chain head, for Parties to keep, with the platform's public key.");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetMembership(string code, string module, bool member, PartyAdministration admin, PartyMemberships memberships, CancellationToken ct)
    {
        if (!Cordon.Domain.Common.EnumNames.TryParse<CordonModule>(module, true, out var m))
            return ProblemResults.Invalid($"'{module}' is not a module ({string.Join(", ", Enum.GetNames<CordonModule>())}).");
        var outcome = await admin.SetMembershipAsync(code, m, member, ct);
        if (!outcome.Succeeded) return ProblemResults.From(outcome);
        memberships.Invalidate();
        return TypedResults.NoContent();
    }

    private static AuthorityDto ToDto(Authority a) => new(a.Id, a.PartyCode, a.Name, a.Kind, a.Address, a.Email, a.Version);

    private static AuditEntryDto ToDto(AuditEntry e) => new(e.Sequence, e.Timestamp, e.Action, e.EntityType, e.EntityId, e.UserName, e.PartyCode, e.IpAddress, e.Details, e.RecordHash, e.Hash);

    internal static async Task<List<UserDto>> ToDtosAsync(CordonDbContext db, IReadOnlyList<CordonUser> list, CancellationToken ct)
    {
        var ids = list.Select(u => u.Id).ToList();
        var grants = await db.ModuleGrants.AsNoTracking().Where(g => ids.Contains(g.UserId) && g.RevokedAt == null).ToListAsync(ct);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(ur.UserId) select new { ur.UserId, r.Name }).ToListAsync(ct);
        return list.Select(u => new UserDto(u.Id, u.Email ?? "", u.DisplayName, u.PartyCode, u.AuthorityId, u.RemovedAt is not null,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).ToList(),
            grants.Where(g => g.UserId == u.Id).Select(g => g.Permission.ToString()).Order(StringComparer.Ordinal).ToList())).ToList();
    }
}

/// <summary>What part of the audit trail a user may see: all for the Secretariat, what concerns their Party for a national administrator.</summary>
public static class AuditQuery
{
    public static IQueryable<AuditEntry> Visible(CordonDbContext db, ClaimsPrincipal user, string? entityType, string? entityId)
    {
        var q = db.AuditEntries.AsNoTracking();
        if (!user.IsSecretariat())
        {
            var marker = $";{user.PartyCode()};";
            q = q.Where(e => e.PartyCode == user.PartyCode() || (e.ConcernsParties != null && e.ConcernsParties.Contains(marker)));
        }
        if (!string.IsNullOrEmpty(entityType)) q = q.Where(e => e.EntityType == entityType);
        if (!string.IsNullOrEmpty(entityId)) q = q.Where(e => e.EntityId == entityId);
        return q;
    }
}
