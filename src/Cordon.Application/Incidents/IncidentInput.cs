using Cordon.Domain.Incidents;

namespace Cordon.Application.Incidents;

public sealed record IncidentSubstanceInput(string? Code, string? Name, decimal? Quantity, string? Unit, string? Form, decimal? PurityPercent);

public sealed record IncidentCountryInput(string Code, CountryRole Role);

/// <summary>What an officer or a national system reports. Lists may be empty; see <see cref="ReportIncident"/> for the rules.</summary>
public sealed record IncidentInput(
    IncidentChannel? Channel,
    IncidentType? Type,
    DateOnly? OccurredOn,
    string? Place,
    string? Summary,
    IReadOnlyList<IncidentSubstanceInput>? Substances,
    IReadOnlyList<IncidentCountryInput>? Countries,
    IReadOnlyList<string>? Companies,
    IReadOnlyList<string>? Persons,
    string? ModusOperandi,
    string? Concealment,
    TransportMode? Transport,
    IReadOnlyList<string>? ContainerNumbers,
    IReadOnlyList<string>? AirwayBills,
    bool Actionable,
    string? Language,
    bool Restricted,
    IReadOnlyList<string>? NamedParties,
    string? PreExportReference,
    Guid? PreExportNotificationId = null);
