using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Identity;
using Cordon.Domain.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Incidents;

/// <summary>
/// Which channels each Party takes part in (<see cref="IncidentChannels.Of"/>), and the Secretariat's changes to
/// them. A Party outside a channel can neither report to it nor read it.
/// </summary>
public sealed class IncidentChannelMemberships(CordonDbContext db, AuditLog audit, ICurrentActor actor, TimeProvider clock)
{
    // Every Party's channels, looked up once per request: a report asks for the reporter's, the named Parties' and the
    // followers'. Kept in memory between directory changes (ADR 50): who may read a channel changes a few times a year.
    private IReadOnlyDictionary<string, IReadOnlyList<IncidentChannel>>? _byParty;

    private static readonly DirectoryCache<bool, IReadOnlyDictionary<string, IReadOnlyList<IncidentChannel>>> Channels = new(capacity: 16);

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<IncidentChannel>>> ByPartyAsync(CancellationToken ct) =>
        _byParty ??= await Channels.GetAsync(db, true, static async (db, _, ct) => (await AllMemberships(db).ToListAsync(ct))
            .GroupBy(m => m.PartyCode).ToDictionary(g => g.Key, g => IncidentChannels.Of(g), StringComparer.Ordinal), ct);

    /// <summary>Compiled (ADR 45): read whenever the cache cannot answer.</summary>
    private static readonly Func<CordonDbContext, IAsyncEnumerable<IncidentChannelMembership>> AllMemberships =
        EF.CompileAsyncQuery((CordonDbContext db) => db.IncidentChannelMemberships.AsNoTracking());

    public async Task<IReadOnlyList<IncidentChannel>> ChannelsOfAsync(string party, CancellationToken ct = default) =>
        (await ByPartyAsync(ct)).GetValueOrDefault(party) ?? IncidentChannels.All;

    /// <summary>The channels the caller may read and report to: every channel for the Secretariat, none for a user of no Party.</summary>
    public async Task<IReadOnlyList<IncidentChannel>> ForActorAsync(CancellationToken ct = default) =>
        actor.PartyCode is { } party ? await ChannelsOfAsync(party, ct) : actor.IsSecretariat ? IncidentChannels.All : [];

    /// <summary>Parties (of the given ones) that take part in the channel.</summary>
    public async Task<IReadOnlyList<string>> InChannelAsync(IEnumerable<string> parties, IncidentChannel channel, CancellationToken ct = default)
    {
        var codes = parties.Distinct(StringComparer.Ordinal).ToList();
        if (codes.Count == 0) return [];
        var byParty = await ByPartyAsync(ct);
        return codes.Where(p => (byParty.GetValueOrDefault(p) ?? IncidentChannels.All).Contains(channel)).ToList();
    }

    public async Task<IReadOnlyList<IncidentChannelMembership>> HistoryAsync(string party, CancellationToken ct = default) =>
        await db.IncidentChannelMemberships.AsNoTracking().Where(m => m.PartyCode == party).OrderBy(m => m.JoinedAt).ThenBy(m => m.Id).ToListAsync(ct);

    /// <summary>
    /// Joins or leaves a channel (Secretariat administrators only). The first change of a Party whose channels were
    /// never set first records the memberships it had implicitly (both channels, since it joined the module).
    /// </summary>
    public async Task<Outcome<IReadOnlyList<IncidentChannel>>> SetAsync(string code, IncidentChannel channel, bool member, CancellationToken ct = default)
    {
        if (!actor.IsInRole(CordonRoles.SecretariatAdministrator)) return Outcome<IReadOnlyList<IncidentChannel>>.NotFound("No such Party.");
        if (!Enum.IsDefined(channel)) return Outcome<IReadOnlyList<IncidentChannel>>.Invalid("Choose a channel.");
        var party = await db.Parties.Include(p => p.Memberships).FirstOrDefaultAsync(p => p.Code == (code ?? "").Trim().ToUpperInvariant(), ct);
        if (party is null) return Outcome<IReadOnlyList<IncidentChannel>>.NotFound("No such Party.");
        await using var tx = await db.BeginWriteAsync(ct);
        var rows = await db.IncidentChannelMemberships.Where(m => m.PartyCode == party.Code).ToListAsync(ct);
        var now = clock.GetUtcNow();
        if (rows.Count == 0)
        {
            var since = party.Memberships.Where(m => m.Module == CordonModule.Incidents).Select(m => (DateTimeOffset?)m.JoinedAt).Min() ?? now;
            foreach (var c in IncidentChannels.All)
            {
                var row = new IncidentChannelMembership { PartyCode = party.Code, Channel = c, JoinedAt = since };
                rows.Add(row);
                db.IncidentChannelMemberships.Add(row);
            }
        }
        var open = rows.Where(r => r.Channel == channel && r.LeftAt is null).ToList();
        if (member && open.Count == 0)
        {
            var row = new IncidentChannelMembership { PartyCode = party.Code, Channel = channel, JoinedAt = now };
            rows.Add(row);
            db.IncidentChannelMemberships.Add(row);
        }
        else if (!member) foreach (var r in open) r.LeftAt = now;
        var channels = IncidentChannels.Of(rows);
        await audit.RecordAsync(member ? "party.joined-incident-channel" : "party.left-incident-channel", "Party", party.Code,
            new { channel, channels }, channel.ToString(), [party.Code], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        _byParty = null;
        return Outcome<IReadOnlyList<IncidentChannel>>.Ok(channels);
    }
}
