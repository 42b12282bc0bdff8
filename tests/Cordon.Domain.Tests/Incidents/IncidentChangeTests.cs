using Cordon.Domain.Incidents;

namespace Cordon.Domain.Tests.Incidents;

public class IncidentChangeTests
{
    private static Incident Sample() => new()
    {
        Id = Guid.NewGuid(), Summary = "PMK in oil drums, container MSKU 123456-7", ReporterPartyCode = "IN",
        Channel = IncidentChannel.Precursors, Type = IncidentType.Seizure, OccurredOn = new DateOnly(2026, 11, 1), Year = 2026,
        Companies = "Acme Chem. Ltd", ContainerNumbers = "MSKU 123456-7",
        Substances = { new IncidentSubstance { SubstanceCode = "PRE-PMK", Name = "3,4-MDP-2-P", Quantity = 12.5m, Unit = "kg" } },
        Countries = { new IncidentCountry { CountryCode = "IN", Role = CountryRole.Origin }, new IncidentCountry { CountryCode = "CO", Role = CountryRole.Destination } },
    };

    private static Incident WithText(Incident i)
    {
        i.SearchText = IncidentSearchText.Build(i, ["3,4-MDP-2-P", "PMK", "piperonyl methyl ketone"], ["India", "Inde", "Colombia", "Колумбия"]);
        return i;
    }

    [Fact]
    public void A_saved_search_that_matches_an_incident_always_has_one_of_its_candidate_keys()
    {
        IncidentCriteria[] criteria =
        [
            new(Q: "MSKU1234567"), new(Q: "msku 123456-7"), new(Q: "\"Piperonyl methyl ketone\" acme"), new(Q: "sku12"), new(Q: "oil"),
            new(Q: "колумбия"), new(Q: "a"), new(Q: "drums", Country: "CO"), new(Substance: "PRE-PMK", Q: "acme"), new(Country: "CO"),
            new(Channel: IncidentChannel.Precursors), new(Type: IncidentType.Seizure, From: new DateOnly(2026, 1, 1)), new(Q: "in", Country: "IN"),
        ];
        var incident = WithText(Sample());
        var keys = SavedSearchKeys.Candidates(incident);
        foreach (var c in criteria)
        {
            Assert.True(c.Matches(incident), c.ToQueryString());
            Assert.Contains(SavedSearchKeys.For(c), keys);
        }
        // And searches for other things are mostly not candidates: that is the point of the keys.
        Assert.DoesNotContain(SavedSearchKeys.For(new IncidentCriteria(Q: "ephedrine")), keys);
        Assert.DoesNotContain(SavedSearchKeys.For(new IncidentCriteria(Substance: "PRE-EPHEDRINE")), keys);
        Assert.DoesNotContain(SavedSearchKeys.For(new IncidentCriteria(Country: "KZ")), keys);
        Assert.Equal(SavedSearchKeys.Broad, SavedSearchKeys.For(new IncidentCriteria(Channel: IncidentChannel.NewPsychoactiveSubstances)));
    }

    [Fact]
    public void Changes_are_listed_by_field_and_only_some_are_significant()
    {
        var before = Sample();
        var wording = Sample();
        wording.Summary = "PMK in drums of cooking oil";
        wording.Place = "Mundra";
        Assert.Equal(["place", "summary"], IncidentEdits.Changed(before, wording).Order());
        Assert.False(IncidentEdits.IsSignificant(IncidentEdits.Changed(before, wording)));

        var more = Sample();
        more.Substances[0].Quantity = 125m;
        more.Countries.Add(new IncidentCountry { CountryCode = "NL", Role = CountryRole.Transit });
        Assert.Equal(["countries", "substances"], IncidentEdits.Changed(before, more).Order());
        Assert.True(IncidentEdits.IsSignificant(IncidentEdits.Changed(before, more)));
        Assert.Empty(IncidentEdits.Changed(before, Sample()));
    }

    [Fact]
    public void A_Party_whose_channels_were_never_set_takes_part_in_both_otherwise_in_those_it_has_not_left()
    {
        Assert.Equal(IncidentChannels.All, IncidentChannels.Of([]));
        var t = DateTimeOffset.UnixEpoch;
        IncidentChannelMembership[] history =
        [
            new() { PartyCode = "KZ", Channel = IncidentChannel.Precursors, JoinedAt = t },
            new() { PartyCode = "KZ", Channel = IncidentChannel.NewPsychoactiveSubstances, JoinedAt = t, LeftAt = t.AddDays(1) },
        ];
        Assert.Equal([IncidentChannel.Precursors], IncidentChannels.Of(history));
        history[0].LeftAt = t.AddDays(2);
        Assert.Empty(IncidentChannels.Of(history));
    }

    [Fact]
    public void Restricted_incidents_add_nothing_to_the_counters_and_others_add_a_year_their_routes_and_substances()
    {
        var open = Sample();
        Assert.Equal(3, IncidentStatistics.Contributions(open).Count);
        Assert.Contains(new IncidentStatistics.Contribution(IncidentStatisticKind.Route, IncidentChannel.Precursors, 0, "IN", "CO"), IncidentStatistics.Contributions(open));
        var restricted = Sample();
        restricted.Restricted = true;
        Assert.Empty(IncidentStatistics.Contributions(restricted));
    }
    [Fact]
    public void The_facet_keys_of_an_incident_meet_a_search_exactly_when_its_facets_do()
    {
        var incident = Sample();
        incident.Substances.Add(new IncidentSubstance { Name = "an unlisted chemical" }); // no code, so no key
        incident.Countries.Add(new IncidentCountry { CountryCode = "NL", Role = CountryRole.Transit });
        var keys = IncidentFacets.Of(incident);
        Assert.Equal(["ch:Precursors", "co:CO", "co:IN", "co:NL", "su:PRE-PMK", "ty:Seizure", "yr:2026"], keys);

        IncidentCriteria[] criteria =
        [
            new(Channel: IncidentChannel.Precursors), new(Channel: IncidentChannel.NewPsychoactiveSubstances), new(Type: IncidentType.Seizure),
            new(Type: IncidentType.IllicitLaboratory), new(Substance: "PRE-PMK"), new(Substance: "PRE-EPHEDRINE"), new(Country: "NL"), new(Country: "MX"),
            new(Channel: IncidentChannel.Precursors, Country: "CO", Type: IncidentType.Seizure),
            new(From: new DateOnly(2025, 1, 1), To: new DateOnly(2026, 12, 31)), new(From: new DateOnly(2021, 1, 1), To: new DateOnly(2025, 12, 31)),
            new(From: new DateOnly(2026, 11, 2), To: new DateOnly(2026, 12, 31)), // the year key fits; the date test on the row decides
        ];
        foreach (var c in criteria)
        {
            var required = IncidentFacets.Required(c);
            var years = IncidentFacets.Years(c);
            var byKeys = required.All(keys.Contains) && (years.Count == 0 || years.Any(keys.Contains));
            var inPeriod = (c.From is not { } f || incident.OccurredOn >= f) && (c.To is not { } t || incident.OccurredOn <= t);
            Assert.True((byKeys && inPeriod) == c.Matches(incident), c.ToQueryString());
        }
        // A long period narrows nothing through the index: the date test alone decides.
        Assert.Empty(IncidentFacets.Years(new IncidentCriteria(From: new DateOnly(2010, 1, 1), To: new DateOnly(2026, 1, 1))));
        Assert.Empty(IncidentFacets.Years(new IncidentCriteria(From: new DateOnly(2026, 1, 1))));
    }
}
