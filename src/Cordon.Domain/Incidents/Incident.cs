namespace Cordon.Domain.Incidents;

/// <summary>The two channels of the incident engine (PICS and IONICS).</summary>
public enum IncidentChannel
{
    Precursors,
    NewPsychoactiveSubstances,
}

public enum IncidentType
{
    Seizure,
    StoppedInTransit,
    DiversionAttempt,
    IllicitLaboratory,
    SuspiciousOnlineSale,
    Other,
}

public enum CountryRole
{
    Origin,
    Transit,
    Destination,
    Reporting,
}

public enum TransportMode
{
    Unknown,
    Air,
    Sea,
    Road,
    Rail,
    Postal,
    Courier,
    Other,
}

public enum FollowKind
{
    Substance,
    Country,
    Company,
}

/// <summary>
/// An incident communicated by an officer of a Party. Lists of free identifiers (companies, persons,
/// container and airway-bill numbers) are kept '|'-separated; <see cref="SearchText"/> is the lower-cased
/// text the search matches (substance names and synonyms included).
/// </summary>
public sealed class Incident
{
    public Guid Id { get; init; }
    public IncidentChannel Channel { get; set; }
    public IncidentType Type { get; set; }
    public DateOnly OccurredOn { get; set; }

    /// <summary>Year of <see cref="OccurredOn"/>, kept for grouping in SQL on both providers.</summary>
    public int Year { get; set; }
    public string? Place { get; set; }
    public required string Summary { get; set; }
    public string? ModusOperandi { get; set; }
    public string? Concealment { get; set; }
    public TransportMode Transport { get; set; }
    public string Companies { get; set; } = "";
    public string Persons { get; set; } = "";
    public string ContainerNumbers { get; set; } = "";
    public string AirwayBills { get; set; } = "";
    public bool Actionable { get; set; }

    /// <summary>Language the incident was written in: en, fr, ru or es.</summary>
    public string Language { get; set; } = "en";

    /// <summary>When set, only the named Parties, the reporter's Party and the Secretariat see the incident.</summary>
    public bool Restricted { get; set; }

    /// <summary>Reference of the pre-export notification the incident came from, if any.</summary>
    public string? PreExportReference { get; set; }

    /// <summary>The pre-export notification the incident was reported from ("Report as incident"), if any: a real link, shown both ways.</summary>
    public Guid? PreExportNotificationId { get; set; }

    public required string ReporterPartyCode { get; init; }
    public Guid ReporterUserId { get; init; }
    public Guid? ReporterAuthorityId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public long Version { get; set; }
    public string SearchText { get; set; } = "";

    /// <summary>Channel, type, year, substance codes and country codes as keys (<see cref="IncidentFacets"/>), kept in step with the rows on every write.</summary>
    public List<string> FacetKeys { get; set; } = [];

    public List<IncidentSubstance> Substances { get; init; } = [];
    public List<IncidentCountry> Countries { get; init; } = [];
    public List<IncidentParty> NamedParties { get; init; } = [];

    public static IReadOnlyList<string> SplitList(string value) =>
        value.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string JoinList(IEnumerable<string> values) =>
        string.Join('|', values.Select(v => v.Replace('|', '/').Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));

    public IReadOnlyList<string> CompanyList => SplitList(Companies);
    public IReadOnlyList<string> PersonList => SplitList(Persons);
    public IReadOnlyList<string> ContainerList => SplitList(ContainerNumbers);
    public IReadOnlyList<string> AirwayBillList => SplitList(AirwayBills);
}

/// <summary>A substance in an incident: from the reference lists (code) or a new/non-scheduled one (name only).</summary>
public sealed class IncidentSubstance
{
    public long Id { get; init; }
    public Guid IncidentId { get; init; }
    public string? SubstanceCode { get; set; }
    public required string Name { get; set; }
    public decimal? Quantity { get; set; }
    public string? Unit { get; set; }
    public string? Form { get; set; }
    public decimal? PurityPercent { get; set; }
}

public sealed class IncidentCountry
{
    public long Id { get; init; }
    public Guid IncidentId { get; init; }
    public required string CountryCode { get; init; }
    public CountryRole Role { get; init; }
}

/// <summary>A Party named in the incident: it is alerted, and it may see the incident when it is restricted.</summary>
public sealed class IncidentParty
{
    public long Id { get; init; }
    public Guid IncidentId { get; init; }
    public required string PartyCode { get; init; }
}

public sealed class IncidentComment
{
    public long Id { get; init; }
    public Guid IncidentId { get; init; }
    public Guid AuthorUserId { get; init; }
    public required string AuthorName { get; init; }
    public string? PartyCode { get; init; }
    public required string Text { get; init; }

    /// <summary>A request for assistance rather than a plain comment: the reporter's Party is alerted.</summary>
    public bool RequestsAssistance { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public enum LinkReason
{
    SameCompany,
    SameContainer,
    SameRoute,
    Other,
}

public sealed class IncidentLink
{
    public long Id { get; init; }
    public Guid FromIncidentId { get; init; }
    public Guid ToIncidentId { get; init; }
    public LinkReason Reason { get; init; }
    public Guid CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A focal point follows a substance (code), a country (alpha-2) or a company (normalized name).</summary>
public sealed class IncidentFollow
{
    public long Id { get; init; }
    public Guid UserId { get; init; }
    public string? PartyCode { get; init; }
    public FollowKind Kind { get; init; }
    public required string Value { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A saved search; its owner is alerted when a new incident matches it.</summary>
public sealed class IncidentSavedSearch
{
    public long Id { get; init; }
    public Guid UserId { get; init; }
    public string? PartyCode { get; init; }
    public required string Name { get; init; }

    /// <summary>The criteria as a query string (<see cref="IncidentCriteria.ToQueryString"/>).</summary>
    public required string Query { get; init; }

    /// <summary>The key new incidents find the search by (<see cref="SavedSearchKeys"/>); null for searches saved before keys, always tested.</summary>
    public string? MatchKey { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The report form as the officer left it, saved as they type (one per user).</summary>
public sealed class IncidentDraft
{
    public Guid UserId { get; init; }
    public required string Content { get; set; }
    public DateTimeOffset SavedAt { get; set; }
}
