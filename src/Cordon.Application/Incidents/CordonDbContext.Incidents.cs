using Cordon.Domain.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Data;

public partial class CordonDbContext
{
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<IncidentSubstance> IncidentSubstances => Set<IncidentSubstance>();
    public DbSet<IncidentCountry> IncidentCountries => Set<IncidentCountry>();
    public DbSet<IncidentParty> IncidentParties => Set<IncidentParty>();
    public DbSet<IncidentComment> IncidentComments => Set<IncidentComment>();
    public DbSet<IncidentLink> IncidentLinks => Set<IncidentLink>();
    public DbSet<IncidentFollow> IncidentFollows => Set<IncidentFollow>();
    public DbSet<IncidentSavedSearch> IncidentSavedSearches => Set<IncidentSavedSearch>();
    public DbSet<IncidentDraft> IncidentDrafts => Set<IncidentDraft>();
    public DbSet<IncidentChannelMembership> IncidentChannelMemberships => Set<IncidentChannelMembership>();
    public DbSet<IncidentRevision> IncidentRevisions => Set<IncidentRevision>();
    public DbSet<IncidentAlertPreference> IncidentAlertPreferences => Set<IncidentAlertPreference>();
    public DbSet<IncidentDigestItem> IncidentDigestItems => Set<IncidentDigestItem>();
    public DbSet<IncidentStatistic> IncidentStatistics => Set<IncidentStatistic>();
    public DbSet<IncidentStatisticDelta> IncidentStatisticDeltas => Set<IncidentStatisticDelta>();
}
