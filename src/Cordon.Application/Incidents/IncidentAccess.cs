using Cordon.Application.Identity;
using Cordon.Domain.Incidents;

namespace Cordon.Application.Incidents;

/// <summary>The data-level visibility rule of <see cref="IncidentVisibility"/>, as a query filter used by every read.</summary>
public static class IncidentAccess
{
    public static IQueryable<Incident> VisibleTo(this IQueryable<Incident> query, string? partyCode, bool secretariat)
    {
        if (secretariat) return query;
        if (partyCode is null) return query.Where(i => false);
        return query.Where(i => !i.Restricted || i.ReporterPartyCode == partyCode || i.NamedParties.Any(p => p.PartyCode == partyCode));
    }

    public static IQueryable<Incident> VisibleTo(this IQueryable<Incident> query, ICurrentActor actor) =>
        query.VisibleTo(actor.PartyCode, actor.IsSecretariat && actor.PartyCode is null);
}
