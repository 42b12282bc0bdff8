using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Cordon.Application.Demo;
using Cordon.Application.Identity;
using Cordon.Domain.Identity;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Traceability;

/// <summary>A signed-in user of a Party with the keys they registered (opaque stand-ins unless a test uses real crypto).</summary>
public sealed record Member(HttpClient Client, Guid Id, string Email, string Party, Guid KeyId);

/// <summary>
/// Builders for traceability tests: fresh Parties (so each test owns its key generations), users signed in through the
/// real pages, and opaque key material. The server never interprets keys, so random base64 stands in for them here.
/// </summary>
public sealed class TraceabilityWorld(CordonApp app)
{
    private static readonly string[] Pool =
        ["FR", "DE", "IT", "ES", "PT", "NL", "BE", "SE", "FI", "DK", "PL", "CZ", "SK", "SI", "HR", "HU", "RO", "BG", "GR", "CY", "MT", "LU", "IE", "EE", "LV", "LT",
         "NO", "CH", "GB", "CA", "MX", "BR", "AR", "CL", "PE", "UY", "ZA", "KE", "NG", "EG", "MA", "TN", "JP", "KR", "AU", "NZ", "TH", "VN", "PH", "MY"];

    private static int _next;

    public static string FakeKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(91));

    /// <summary>Stands in for an administrator's endorsement (the server stores it opaque; clients verify it).</summary>
    public static string FakeEndorsement() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));

    public static string FakeBlob(string label) => "{\"v\":1,\"blob\":\"" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) + "\",\"l\":\"" + label + "\"}";

    /// <summary>A Party not used by any other test: joined to every module, one authority.</summary>
    public async Task<string> NewPartyAsync()
    {
        string code;
        while (true)
        {
            code = Pool[Interlocked.Increment(ref _next) % Pool.Length];
            var taken = await app.WithDbAsync(db => db.Parties.AnyAsync(p => p.Code == code));
            if (!taken) break;
        }
        await app.WithDbAsync(async db =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var party = new Party { Code = code, CreatedAt = now, VerifiedAt = now };
            foreach (var m in Enum.GetValues<CordonModule>()) party.Memberships.Add(new PartyModuleMembership { PartyCode = code, Module = m, JoinedAt = now });
            db.Parties.Add(party);
            db.Authorities.Add(new Authority { Id = Guid.NewGuid(), PartyCode = code, Name = "Customs " + code, Kind = AuthorityKind.Customs, CreatedAt = now });
            return await db.SaveChangesAsync();
        });
        app.Services.GetRequiredService<Cordon.Web.Infrastructure.PartyMemberships>().Invalidate();
        return code;
    }

    public static readonly string[] AllRights = ["Traceability.View", "Traceability.Submit", "Traceability.Approve"];

    /// <summary>Creates a user of the Party with the given rights and signs them in (password + TOTP).</summary>
    public async Task<(HttpClient Client, Guid Id, string Email)> NewUserAsync(string party, bool administrator, params string[] permissions)
    {
        var email = $"t{Guid.NewGuid():N}"[..14] + $".{party.ToLowerInvariant()}@cordon.example";
        Guid id = Guid.NewGuid();
        await app.WithScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<CordonUser>>();
            var db = s.GetRequiredService<Cordon.Application.Data.CordonDbContext>();
            var authority = await db.Authorities.Where(a => a.PartyCode == party).FirstAsync();
            var user = new CordonUser
            {
                Id = id, UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Officer " + email[..6], AuthorityId = authority.Id, PartyCode = party,
                TwoFactorEnabled = true,
            };
            Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", DemoData.TotpSecretFor(email));
            if (administrator) await users.AddToRoleAsync(user, CordonRoles.NationalAdministrator);
            foreach (var p in permissions)
            {
                Assert.True(ModulePermission.TryParse(p, out var perm));
                db.ModuleGrants.Add(new ModuleGrant { UserId = id, Module = perm.Module, Right = perm.Right, GrantedAt = TimeProvider.System.GetUtcNow() });
            }
            await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync(email, totpSecret: DemoData.TotpSecretFor(email));
        return (client, id, email);
    }

    public static async Task<JsonElement> Json(HttpResponseMessage r, HttpStatusCode expected)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"{r.RequestMessage?.Method} {r.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)r.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<Guid> RegisterKeysAsync(HttpClient client, string? encryptionKey = null, string? signingKey = null, string? fingerprint = null, string? wrapped = null)
    {
        var body = new { encryptionPublicKey = encryptionKey ?? FakeKey(), signingPublicKey = signingKey ?? FakeKey(), fingerprint = fingerprint ?? "ABCD 1234 EF56 7890", wrappedPrivateKeys = wrapped ?? FakeBlob("private") };
        var created = await Json(await client.PostAsJsonAsync("/api/v1/traceability/keys", body), HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    /// <summary>A Party with an administrator and <paramref name="officers"/> officers, all with keys and holding generation 1.</summary>
    public async Task<(Member Admin, List<Member> Officers)> NewPartyWithKeysAsync(int officers = 1)
    {
        var party = await NewPartyAsync();
        var (adminClient, adminId, adminEmail) = await NewUserAsync(party, true, AllRights);
        var admin = new Member(adminClient, adminId, adminEmail, party, await RegisterKeysAsync(adminClient));
        var list = new List<Member>();
        for (var i = 0; i < officers; i++)
        {
            var (c, id, email) = await NewUserAsync(party, false, AllRights);
            list.Add(new Member(c, id, email, party, await RegisterKeysAsync(c)));
        }
        var shares = new[] { admin }.Concat(list).Select(m => new { userKeyId = m.KeyId, wrappedKey = FakeBlob("share-" + m.Email) }).ToArray();
        await Json(await adminClient.PostAsJsonAsync("/api/v1/traceability/party-keys/generations", new { number = 1, publicKey = FakeKey(), endorsement = FakeEndorsement(), shares }), HttpStatusCode.OK);
        return (admin, list);
    }

    public static object KeyVersion(int number, int requestingGeneration, int respondingGeneration) => new
    {
        number, requestingGeneration, requestingWrappedKey = FakeBlob("ck-req"), respondingGeneration, respondingWrappedKey = FakeBlob("ck-resp"),
    };

    public static object Message(Guid id, string? kind, int keyVersion, int uimCount, string ciphertext, params (Guid Id, string Ciphertext)[] attachments) => new
    {
        id, kind, keyVersion, ciphertext, signature = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)), uimCount,
        attachments = attachments.Select(a => new { id = a.Id, ciphertext = a.Ciphertext }).ToArray(),
    };

    /// <summary>Opens a chain from <paramref name="from"/> to the Party <paramref name="to"/> (both generation 1).</summary>
    public static async Task<JsonElement> OpenChainAsync(Member from, string to, int uims = 3, (Guid, string)[]? attachments = null, int requestingGeneration = 1, int respondingGeneration = 1)
    {
        var id = Guid.NewGuid();
        var body = new { id, respondingParty = to, keys = KeyVersion(1, requestingGeneration, respondingGeneration), message = Message(Guid.NewGuid(), "request", 1, uims, FakeBlob("request"), attachments ?? []) };
        return await Json(await from.Client.PostAsJsonAsync("/api/v1/traceability/chains", body), HttpStatusCode.Created);
    }
}
