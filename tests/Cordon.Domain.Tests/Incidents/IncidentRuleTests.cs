using Cordon.Domain.Incidents;

namespace Cordon.Domain.Tests.Incidents;

public class IncidentRuleTests
{
    private static readonly Guid Reporter = Guid.NewGuid();

    private static Incident Sample(bool restricted = false) => new()
    {
        Id = Guid.NewGuid(), Summary = "PMK in oil drums", ReporterPartyCode = "IN", ReporterUserId = Reporter, Restricted = restricted,
        Channel = IncidentChannel.Precursors, Type = IncidentType.Seizure, OccurredOn = new DateOnly(2026, 11, 1),
        Companies = "Acme Chem. Ltd", ContainerNumbers = "MSKU 123456-7",
        Substances = { new IncidentSubstance { SubstanceCode = "PRE-PMK", Name = "3,4-MDP-2-P" } },
        Countries = { new IncidentCountry { CountryCode = "IN", Role = CountryRole.Origin }, new IncidentCountry { CountryCode = "CO", Role = CountryRole.Destination } },
    };

    [Fact]
    public void A_restricted_incident_is_seen_only_by_the_reporter_the_named_Parties_and_the_Secretariat()
    {
        Assert.True(IncidentVisibility.CanSee(false, "IN", [], "AT", false));
        Assert.True(IncidentVisibility.CanSee(true, "IN", ["CO"], "CO", false));
        Assert.True(IncidentVisibility.CanSee(true, "IN", ["CO"], "IN", false));
        Assert.True(IncidentVisibility.CanSee(true, "IN", ["CO"], null, true));
        Assert.False(IncidentVisibility.CanSee(true, "IN", ["CO"], "AT", false));
        Assert.False(IncidentVisibility.CanSee(true, "IN", ["CO"], null, false));
    }

    [Fact]
    public void Named_Parties_are_the_explicit_ones_and_the_involved_countries_that_take_part_except_the_reporter()
    {
        var parties = new HashSet<string> { "AT", "IN", "CO", "KZ" };
        Assert.Equal(["AT", "CO"], IncidentAlerts.NamedParties(["at"], ["IN", "CO", "MX"], parties, "IN"));
    }

    [Fact]
    public void Followers_are_alerted_once_unless_their_Party_is_alerted_they_reported_or_they_may_not_see_it()
    {
        var kz = Guid.NewGuid();
        var co = Guid.NewGuid();
        var at = Guid.NewGuid();
        var secretariat = Guid.NewGuid();
        Follower[] followers =
        [
            new(kz, "KZ", false, FollowKind.Substance, "PRE-PMK"),
            new(kz, "KZ", false, FollowKind.Country, "CO"),
            new(co, "CO", false, FollowKind.Country, "IN"),
            new(at, "AT", false, FollowKind.Company, "ACME CHEM LTD"),
            new(secretariat, null, true, FollowKind.Substance, "PRE-PMK"),
            new(Reporter, "IN", false, FollowKind.Substance, "PRE-PMK"),
            new(Guid.NewGuid(), "AT", false, FollowKind.Substance, "PRE-OTHER"),
        ];
        var open = IncidentAlerts.Plan(Sample(), ["CO"], followers);
        Assert.Equal([kz, at, secretariat], open.Followers);

        var restricted = IncidentAlerts.Plan(Sample(restricted: true), ["CO"], followers);
        Assert.Equal([secretariat], restricted.Followers);
    }

    [Fact]
    public void Search_text_finds_container_numbers_however_written_and_synonyms()
    {
        var incident = Sample();
        incident.SearchText = IncidentSearchText.Build(incident, ["3,4-MDP-2-P", "PMK", "piperonyl methyl ketone"], ["India", "Inde"]);
        Assert.True(new IncidentCriteria(Q: "MSKU1234567").Matches(incident));
        Assert.True(new IncidentCriteria(Q: "msku 123456-7").Matches(incident));
        Assert.True(new IncidentCriteria(Q: "\"Piperonyl methyl ketone\" acme").Matches(incident));
        Assert.False(new IncidentCriteria(Q: "ephedrine").Matches(incident));
        Assert.True(new IncidentCriteria(Substance: "PRE-PMK", Country: "CO", From: new DateOnly(2026, 10, 1), To: new DateOnly(2026, 11, 1)).Matches(incident));
        Assert.False(new IncidentCriteria(Channel: IncidentChannel.NewPsychoactiveSubstances).Matches(incident));
        Assert.False(new IncidentCriteria(From: new DateOnly(2026, 11, 2)).Matches(incident));
    }

    [Fact]
    public void Query_terms_are_words_or_quoted_phrases()
    {
        Assert.Equal(["acme", "piperonyl methyl ketone", "x"], IncidentSearchText.Terms("  ACME \"Piperonyl Methyl Ketone\" x"));
        Assert.Empty(IncidentSearchText.Terms("   "));
        Assert.Equal(["unterminated phrase"], IncidentSearchText.Terms("\"unterminated phrase"));
    }

    [Fact]
    public void Criteria_round_trip_through_a_query_string_and_report_malformed_values()
    {
        var c = new IncidentCriteria("a & b", IncidentChannel.Precursors, IncidentType.Seizure, "PRE-PMK", "CO", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        Assert.Equal(c, IncidentCriteria.Parse(c.ToQueryString(), out var none));
        Assert.Empty(none);
        IncidentCriteria.Parse("channel=Nope&type=42&country=colombia&from=yesterday", out var errors);
        Assert.Equal(["channel", "type", "country", "from"], errors);
        Assert.True(IncidentCriteria.Parse("", out _).IsEmpty);
    }

    [Fact]
    public void Links_are_suggested_by_company_container_and_route()
    {
        var a = Sample();
        var b = Sample();
        b.Companies = "ACME CHEM LTD";
        b.ContainerNumbers = "msku1234567";
        Assert.Equal([LinkReason.SameCompany, LinkReason.SameContainer, LinkReason.SameRoute], IncidentLinks.Suggest(a, b));
        var c = new Incident { Id = Guid.NewGuid(), Summary = "x", ReporterPartyCode = "AT" };
        Assert.Empty(IncidentLinks.Suggest(a, c));
        Assert.Empty(IncidentLinks.Suggest(a, a));
    }

    [Fact]
    public void Company_names_are_normalized_for_following()
    {
        Assert.Equal("ACME CHEM LTD", Companies.Normalize("  Acme  Chem. Ltd. "));
        Assert.Equal("MSKU1234567", IncidentSearchText.Compact("MSKU 123456-7"));
    }
}
