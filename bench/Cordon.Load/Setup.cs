using System.Text.Json;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Api;
using Cordon.Domain.Authorizations;
using Cordon.Domain.Reference;
using Cordon.Domain.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Load;

/// <summary>
/// Prepares a running deployment's database for the scenarios: API clients for four demo Parties (several per Party,
/// so that the per-client API rate limit does not cap a load that stands for many national systems) and 50 users of
/// Kazakhstan following the substance the incident scenario reports. Idempotent for the followers.
/// </summary>
internal static class Setup
{
    public static readonly string[] Parties = ["AT", "IN", "CO", "KZ"];
    public const string FollowedSubstance = "PRE-3-4-MDP-2-P";

    private static readonly string[] Scopes =
    [
        "Authorizations.View", "Authorizations.Submit", "Authorizations.Approve",
        "PreExport.View", "PreExport.Submit", "PreExport.Approve",
        "Incidents.View", "Incidents.Submit",
        "Permits.View", "Permits.Submit", "Permits.Approve",
    ];

    public static async Task<int> RunAsync(Options o)
    {
        var provider = string.Equals(o.Get("provider", "Sqlite"), "Postgres", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var builder = new DbContextOptionsBuilder<CordonDbContext>();
        CordonDatabase.Configure(builder, provider, o.Require("connection"));
        await using var db = new CordonDbContext(builder.Options);
        var now = TimeProvider.System.GetUtcNow();
        var perParty = o.Int("tokens-per-party", 8);
        var tokens = new Dictionary<string, List<string>>();
        foreach (var party in Parties)
        {
            var authority = await db.Authorities.Where(a => a.PartyCode == party).OrderBy(a => a.Name).FirstAsync();
            var list = new List<string>();
            for (var i = 0; i < perParty; i++)
            {
                var id = Guid.NewGuid();
                var (token, hash) = ApiToken.Issue(id);
                db.ApiClients.Add(new ApiClient
                {
                    Id = id, AuthorityId = authority.Id, PartyCode = party, Name = $"load {party} {i}", Scopes = string.Join(' ', Scopes),
                    SecretHash = hash, CreatedAt = now,
                });
                list.Add(token);
            }
            tokens[party] = list;
        }

        var followers = o.Int("followers", 50);
        var kz = await db.Authorities.Where(a => a.PartyCode == "KZ").OrderBy(a => a.Name).FirstAsync();
        var existing = await db.Users.CountAsync(u => u.Email!.StartsWith("load.follower"));
        for (var i = existing; i < followers; i++)
        {
            var email = $"load.follower{i}@cordon.example";
            var user = new CordonUser
            {
                Id = Guid.CreateVersion7(now), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email,
                NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true, DisplayName = $"Load follower {i}", AuthorityId = kz.Id,
                PartyCode = "KZ", CreatedAt = now, SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString("N"),
                LockoutEnabled = true,
            };
            db.Users.Add(user);
            db.IncidentFollows.Add(new IncidentFollow { UserId = user.Id, PartyCode = "KZ", Kind = FollowKind.Substance, Value = FollowedSubstance, CreatedAt = now });
        }
        // Issue 4 measures issuing: each Party gets a confirmed estimate for this year of every narcotic the scenario
        // imports, so the check passes and the authorization is issued, signed and sent (not kept as an excess draft).
        var year = now.Year;
        var narcotics = await db.Substances.Where(s => s.Kind == SubstanceKind.NarcoticDrug).Select(s => new { s.Code, s.Name }).ToListAsync();
        var codes = narcotics.Where(s => Scenarios.Narcotics.Any(n => string.Equals(n, s.Code, StringComparison.OrdinalIgnoreCase) || string.Equals(n, s.Name, StringComparison.OrdinalIgnoreCase)))
            .Select(s => s.Code).Distinct().ToList();
        foreach (var party in Parties)
        foreach (var code in codes)
        {
            var sequence = await db.Estimates.Where(e => e.CountryCode == party && e.SubstanceCode == code && e.Year == year && e.Kind == EstimateKind.Estimate)
                .Select(e => (int?)e.Sequence).MaxAsync() ?? 0;
            db.Estimates.Add(new Estimate
            {
                Id = Guid.CreateVersion7(now), Kind = EstimateKind.Estimate, CountryCode = party, SubstanceCode = code, Year = year, Grams = 1_000_000_000m,
                Sequence = sequence + 1, Status = EstimateStatus.Confirmed, ProposedBy = "Secretariat", ProposedByUser = "load setup", ProposedAt = now, ConfirmedAt = now,
            });
        }
        await db.SaveChangesAsync();
        await File.WriteAllTextAsync(o.Get("out", "load-tokens.json"), JsonSerializer.Serialize(tokens));
        Console.WriteLine($"setup: {perParty} API clients for each of {string.Join(", ", Parties)}; {followers} followers of {FollowedSubstance}; estimates {year} for {string.Join(", ", codes)}.");
        return 0;
    }
}
