using Cordon.Domain.Incidents;

namespace Cordon.Application.Incidents;

/// <summary>The data-level visibility rule of <see cref="IncidentVisibility"/> and of channel membership, as a query filter used by every read.</summary>
public static class IncidentAccess
{
    /// <param name="channels">The channels the viewer's Party takes part in (every channel for the Secretariat).</param>
    public static IQueryable<Incident> VisibleTo(this IQueryable<Incident> query, string? partyCode, bool secretariat, IReadOnlyList<IncidentChannel> channels)
    {
        if (secretariat) return query;
        if (partyCode is null || channels.Count == 0) return query.Where(i => false);
        if (channels.Count < IncidentChannels.All.Count)
        {
            var list = channels.ToList();
            query = query.Where(i => list.Contains(i.Channel));
        }
        return query.Where(i => !i.Restricted || i.ReporterPartyCode == partyCode || i.NamedParties.Any(p => p.PartyCode == partyCode));
    }
}
