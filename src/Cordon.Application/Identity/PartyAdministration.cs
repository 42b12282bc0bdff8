using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Domain.Identity;
using Cordon.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Identity;

public sealed record NewAuthority(string Name, AuthorityKind Kind, string? Address, string? Email);

/// <summary>
/// The Secretariat onboards Parties: adds a country as a Party, lets it join or leave modules, verifies its
/// first national administrator; the Secretariat or the Party's national administrator adds authorities.
/// </summary>
public sealed class PartyAdministration(CordonDbContext db, AuditLog audit, ICurrentActor actor, TimeProvider clock)
{
    public async Task<Outcome<Party>> AddPartyAsync(string code, CancellationToken ct = default)
    {
        code = (code ?? "").Trim().ToUpperInvariant();
        if (!Country.IsWellFormedAlpha2(code) || !await db.Countries.AnyAsync(c => c.Alpha2 == code, ct))
            return Outcome<Party>.Invalid("Choose a country by its ISO 3166-1 alpha-2 code.", new Dictionary<string, string[]> { ["code"] = ["Unknown ISO 3166-1 alpha-2 code."] });
        if (await db.Parties.AnyAsync(p => p.Code == code, ct)) return Outcome<Party>.Conflict("This country is already a Party on the platform.");
        await using var tx = await db.BeginWriteAsync(ct);
        var party = new Party { Code = code, CreatedAt = clock.GetUtcNow() };
        db.Parties.Add(party);
        await audit.RecordAsync("party.added", "Party", code, party, null, [code], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<Party>.Ok(party);
    }

    /// <summary>Joins (true) or leaves (false) a module. Leaving keeps the history: the membership is closed, not deleted.</summary>
    public async Task<Outcome<Party>> SetMembershipAsync(string code, CordonModule module, bool member, CancellationToken ct = default)
    {
        var party = await db.Parties.Include(p => p.Memberships).FirstOrDefaultAsync(p => p.Code == code.ToUpperInvariant(), ct);
        if (party is null) return Outcome<Party>.NotFound("No such Party.");
        if (party.IsMemberOf(module) == member) return Outcome<Party>.Ok(party);
        await using var tx = await db.BeginWriteAsync(ct);
        var now = clock.GetUtcNow();
        if (member) party.Memberships.Add(new PartyModuleMembership { PartyCode = party.Code, Module = module, JoinedAt = now });
        else foreach (var m in party.Memberships.Where(m => m.Module == module && m.LeftAt == null)) m.LeftAt = now;
        await audit.RecordAsync(member ? "party.joined-module" : "party.left-module", "Party", party.Code, null, module.ToString(), [party.Code], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<Party>.Ok(party);
    }

    public async Task<Outcome<Party>> VerifyAsync(string code, CancellationToken ct = default)
    {
        var party = await db.Parties.FirstOrDefaultAsync(p => p.Code == code.ToUpperInvariant(), ct);
        if (party is null) return Outcome<Party>.NotFound("No such Party.");
        if (party.VerifiedAt is not null) return Outcome<Party>.Ok(party); // verifying twice changes nothing
        var hasAdmin = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id join u in db.Users on ur.UserId equals u.Id
                              where r.Name == CordonRoles.NationalAdministrator && u.PartyCode == party.Code && u.RemovedAt == null select u.Id).AnyAsync(ct);
        if (!hasAdmin) return Outcome<Party>.Invalid("Create the Party's national administrator before verifying the Party.");
        await using var tx = await db.BeginWriteAsync(ct);
        party.VerifiedAt = clock.GetUtcNow();
        await audit.RecordAsync("party.verified", "Party", party.Code, party, "national administrator verified", [party.Code], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<Party>.Ok(party);
    }

    public async Task<Outcome<Authority>> AddAuthorityAsync(string code, NewAuthority request, CancellationToken ct = default)
    {
        code = code.ToUpperInvariant();
        var mayAct = actor.IsInRole(CordonRoles.SecretariatAdministrator) || (actor.IsInRole(CordonRoles.NationalAdministrator) && actor.PartyCode == code);
        if (!mayAct || !await db.Parties.AnyAsync(p => p.Code == code, ct)) return Outcome<Authority>.NotFound("No such Party among yours.");
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 300)
            return Outcome<Authority>.Invalid("The authority could not be added.", new Dictionary<string, string[]> { ["name"] = ["The name is required (at most 300 characters)."] });
        if (!Enum.IsDefined(request.Kind))
            return Outcome<Authority>.Invalid("The authority could not be added.", new Dictionary<string, string[]> { ["kind"] = ["Choose the kind of authority."] });
        await using var tx = await db.BeginWriteAsync(ct);
        var authority = new Authority
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()), PartyCode = code, Name = request.Name.Trim(), Kind = request.Kind,
            Address = request.Address?.Trim(), Email = request.Email?.Trim(), CreatedAt = clock.GetUtcNow(),
        };
        db.Authorities.Add(authority);
        await audit.RecordAsync("authority.added", "Authority", authority.Id.ToString(), authority, authority.Name, [code], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<Authority>.Ok(authority);
    }
}
