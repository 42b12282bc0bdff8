using Cordon.Domain.PreExport;

namespace Cordon.Application.PreExport;

public sealed record NotificationLineInput(string? Substance, decimal? Quantity, string? Unit);

/// <summary>What the exporting authority files. Field names are the API's (camelCase in JSON).</summary>
public sealed record NewNotification(
    string? ImportingCountry,
    IReadOnlyList<string>? TransitCountries,
    string? ExporterName,
    string? ExporterAddress,
    string? ImporterName,
    string? ImporterAddress,
    string? ConsigneeName,
    string? ConsigneeAddress,
    IReadOnlyList<NotificationLineInput>? Substances,
    string? PointOfEntry,
    DateOnly? DispatchDate,
    string? Packaging = null,
    string? TransportMode = null,
    string? Route = null,
    string? PortOfExit = null,
    string? ExporterReference = null,
    string? ImportPermitReference = null,
    bool Confidential = false,
    int? ReplyWithinDays = null,
    bool MultiShipment = false,
    DateOnly? ValidUntil = null);

public sealed record AnswerInput(PreExportAnswerKind? Kind, string? Text);

public sealed record InformationInput(string? Text, int? ReplyWithinDays);

public sealed record MarkInput(PreExportMark? Kind, string? Reason);

public sealed record ShipmentInput(DateOnly? ShippedOn, decimal? Quantity, string? Reference);

public sealed record InvocationInput(string? CountryCode, bool TableI, bool TableII, IReadOnlyList<string>? NamedSubstances, DateOnly? Since);

public sealed record RequirementInput(string? CountryCode, string? Substance, int? Year, decimal? Kilograms);

/// <summary>The caller's relation to a notification, which decides what it sees and may do.</summary>
public enum PreExportRole
{
    Exporter,
    Importer,
    Transit,
    Secretariat,
}

public sealed record NotificationLineView(string SubstanceCode, string SubstanceName, string? Table, decimal Quantity, string Unit);

public sealed record ShipmentView(DateOnly ShippedOn, decimal Quantity, string? Reference, DateTimeOffset RecordedAt);

/// <summary>A notification as the caller may see it. Confidential commercial details are withheld from transit countries.</summary>
public sealed record NotificationView(
    Guid Id,
    string Reference,
    PreExportRole Role,
    string ExportingCountry,
    string ImportingCountry,
    IReadOnlyList<string> TransitCountries,
    string? ExporterName,
    string? ExporterAddress,
    string? ImporterName,
    string? ImporterAddress,
    string? ConsigneeName,
    string? ConsigneeAddress,
    bool Confidential,
    bool DetailsWithheld,
    IReadOnlyList<NotificationLineView> Substances,
    string PointOfEntry,
    DateOnly DispatchDate,
    string? Packaging,
    string? TransportMode,
    string? Route,
    string? PortOfExit,
    string? ExporterReference,
    string? ImportPermitReference,
    bool Voluntary,
    bool Mandatory,
    bool MultiShipment,
    DateOnly? ValidUntil,
    decimal? RemainingQuantity,
    IReadOnlyList<ShipmentView> Shipments,
    string? RequirementWarning,
    DateTimeOffset CreatedAt,
    DateTimeOffset ReplyDeadline,
    PreExportStatus Status,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? AnsweredAt,
    string? AnswerText,
    string? ExporterInformation,
    DateTimeOffset? InformationProvidedAt,
    PreExportMark Mark,
    string? MarkReason,
    string? MarkedBy,
    DateTimeOffset? MarkedAt,
    long Version);

public sealed record NotificationSummary(
    Guid Id, string Reference, string ExportingCountry, string ImportingCountry, IReadOnlyList<string> TransitCountries,
    DateOnly DispatchDate, DateTimeOffset CreatedAt, DateTimeOffset ReplyDeadline, PreExportStatus Status, PreExportMark Mark,
    bool Mandatory, bool Voluntary, bool HasRequirementWarning);

public sealed record FilingResult(NotificationView Notification, IReadOnlyList<MandatoryReason> MandatoryReasons, IReadOnlyList<RequirementFigures> RequirementWarnings);

public sealed record InvocationView(Guid Id, string CountryCode, bool TableI, bool TableII, IReadOnlyList<string> NamedSubstances, DateOnly Since, DateOnly? WithdrawnOn, DateTimeOffset RecordedAt);

/// <summary>Where a legitimate requirement comes from: recorded by the Secretariat, or the Party's own Monitoring Form D.</summary>
public static class RequirementSource
{
    public const string Secretariat = "Secretariat";
    public const string FormD = "FormD";
}

public sealed record RequirementView(Guid Id, string CountryCode, string SubstanceCode, int Year, decimal Kilograms, string Source = RequirementSource.Secretariat);

public sealed record RuleCheck(bool Mandatory, IReadOnlyList<MandatoryReason> Reasons);

public sealed record PartyStatistics(
    string PartyCode, int Sent, int Received, int Answered, int NoReplyByDeadline, int Objections, int MoreInformation,
    double? ResponseRate, double? AverageResponseHours, int Marked, bool Inactive, bool Invoked);

public sealed record PreExportStatisticsReport(int Year, int Total, IReadOnlyList<PartyStatistics> Parties, IReadOnlyList<string> InactiveParties, int InvokingCountries);

/// <summary>One year of the trend charts: notifications filed (sent), received, answered, objected to, unanswered, mean response time.</summary>
public sealed record YearTrend(int Year, int Sent, int Received, int Answered, int Objections, int NoReplyByDeadline, double? AverageResponseHours);

public sealed record UnnotifiedExportsReport(int Year, IReadOnlyList<UnnotifiedExport> Exports, IReadOnlyList<InvocationCoverage> Coverage);
