using System.Security.Cryptography;
using System.Text;
using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Cordon.Application.Demo;

public sealed record DemoLogin(string Email, string Role, string Party, string TotpSecret);

/// <summary>
/// Demo data: four Parties on four continents, each with a national administrator and officers in two
/// authorities, plus the Secretariat. TOTP secrets are derived from the e-mail so that they are stable
/// and can be printed; they are for demonstration only.
/// </summary>
public sealed class DemoData(CordonDbContext db, UserManager<CordonUser> users, AuditLog audit, TimeProvider clock)
{
    public const string Password = "Cordon-Demo-2026!";

    private static readonly (string Code, string Regulator, string Enforcement)[] Parties =
    [
        ("AT", "Federal Office for Safety in Health Care", "Customs Austria"),
        ("IN", "Narcotics Commissioner of India", "Central Board of Indirect Taxes and Customs"),
        ("CO", "Fondo Nacional de Estupefacientes", "Policía Nacional – Dirección de Antinarcóticos"),
        ("KZ", "Committee for Medical and Pharmaceutical Control", "State Revenue Committee – Customs"),
    ];

    public static string TotpSecretFor(string email) =>
        Base32Encoding.ToString(SHA256.HashData(Encoding.UTF8.GetBytes("cordon-demo-totp:" + email.ToLowerInvariant()))[..20]);

    public static IReadOnlyList<DemoLogin> Logins()
    {
        var list = new List<DemoLogin>
        {
            new("secretariat.admin@cordon.example", "Secretariat administrator", "-", TotpSecretFor("secretariat.admin@cordon.example")),
            new("secretariat.analyst@cordon.example", "Secretariat analyst", "-", TotpSecretFor("secretariat.analyst@cordon.example")),
        };
        foreach (var (code, _, _) in Parties)
        {
            var c = code.ToLowerInvariant();
            list.Add(new($"admin.{c}@cordon.example", "National administrator", code, TotpSecretFor($"admin.{c}@cordon.example")));
            list.Add(new($"regulator.{c}@cordon.example", "Officer, regulator", code, TotpSecretFor($"regulator.{c}@cordon.example")));
            list.Add(new($"enforcement.{c}@cordon.example", "Officer, customs/police", code, TotpSecretFor($"enforcement.{c}@cordon.example")));
        }
        return list;
    }

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await db.Parties.AnyAsync(ct)) return;
        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(ct);

        await CreateUserAsync("secretariat.admin@cordon.example", "Secretariat Administrator", null, [CordonRoles.SecretariatAdministrator], [], ct);
        await CreateUserAsync("secretariat.analyst@cordon.example", "Secretariat Analyst", null, [CordonRoles.SecretariatAnalyst], [], ct);

        foreach (var (code, regulatorName, enforcementName) in Parties)
        {
            var party = new Party { Code = code, CreatedAt = now, VerifiedAt = now };
            foreach (var m in Enum.GetValues<CordonModule>())
                party.Memberships.Add(new PartyModuleMembership { PartyCode = code, Module = m, JoinedAt = now });
            db.Parties.Add(party);
            var regulator = new Authority { Id = Guid.CreateVersion7(now), PartyCode = code, Name = regulatorName, Kind = AuthorityKind.Regulator, CreatedAt = now };
            var enforcement = new Authority { Id = Guid.CreateVersion7(now), PartyCode = code, Name = enforcementName, Kind = AuthorityKind.Customs, CreatedAt = now };
            db.Authorities.AddRange(regulator, enforcement);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync("party.joined", "Party", code, party, "Demo Party joined all modules", [code], ct);

            var c = code.ToLowerInvariant();
            var everyModule = Enum.GetValues<CordonModule>();
            await CreateUserAsync($"admin.{c}@cordon.example", $"National Administrator {code}", regulator, [CordonRoles.NationalAdministrator],
                everyModule.Select(m => new ModulePermission(m, ModuleRight.View)), ct);
            await CreateUserAsync($"regulator.{c}@cordon.example", $"Regulatory Officer {code}", regulator, [],
                everyModule.SelectMany(m => new[] { new ModulePermission(m, ModuleRight.View), new ModulePermission(m, ModuleRight.Submit), new ModulePermission(m, ModuleRight.Approve) }), ct);
            await CreateUserAsync($"enforcement.{c}@cordon.example", $"Enforcement Officer {code}", enforcement, [],
                everyModule.SelectMany(m => new[] { new ModulePermission(m, ModuleRight.View), new ModulePermission(m, ModuleRight.Submit) }), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task CreateUserAsync(string email, string name, Authority? authority, string[] roles, IEnumerable<ModulePermission> permissions, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var user = new CordonUser
        {
            Id = Guid.CreateVersion7(now), UserName = email, Email = email, EmailConfirmed = true, DisplayName = name,
            AuthorityId = authority?.Id, PartyCode = authority?.PartyCode, CreatedAt = now, TwoFactorEnabled = true,
        };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", TotpSecretFor(email));
        foreach (var role in roles) await users.AddToRoleAsync(user, role);
        foreach (var p in permissions)
            db.ModuleGrants.Add(new ModuleGrant { UserId = user.Id, Module = p.Module, Right = p.Right, GrantedAt = now });
        await audit.RecordAsync("user.created", "User", user.Id.ToString(), new { user.Id, user.Email, user.PartyCode }, $"Demo user {email}",
            authority is null ? null : [authority.PartyCode], ct);
    }
}
