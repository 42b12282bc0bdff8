using Cordon.Domain.Permits;

namespace Cordon.Application.Permits;

public sealed record PermitApplication(
    PermitType? Type,
    string? ExportingCountry,
    string? ImportingCountry,
    string? ExporterName,
    string? ExporterAddress,
    string? ImporterName,
    string? ImporterAddress,
    string? CountryOfOrigin,
    string? Purpose,
    string? Source,
    string? ScientificName,
    string? Description,
    decimal? Quantity,
    string? Unit,
    string? OriginalPermitNumber = null,
    string? SpecialConditions = null);

public sealed record AdviceInput(bool? Positive, string? Note);

public sealed record DecisionInput(bool? Approve, string? Reason);

public sealed record IssueInput(DateOnly? ValidFrom, DateOnly? ValidUntil, string? SpecialConditions);

public sealed record EndorsementInput(decimal? QuantityTraded, DateOnly? TradeDate, string? Port);

public sealed record CancelInput(string? Reason);

public sealed record RiskRuleInput(string? Kind, string? Value, int? Score);

public sealed record CodeMeaning(string Code, string Meaning);

public sealed record PermitView(
    Guid Id, string Number, PermitType Type, PermitStatus Status, string BorderStatus,
    string IssuingCountry, string ExportingCountry, string ImportingCountry,
    string ExporterName, string ExporterAddress, string ImporterName, string ImporterAddress, string? CountryOfOrigin,
    CodeMeaning Purpose, CodeMeaning Source, string ScientificName, string? CommonName, string Appendix, string Description,
    decimal Quantity, string Unit, decimal RemainingQuantity, string? OriginalPermitNumber, string? SpecialConditions,
    DateOnly? ValidFrom, DateOnly? ValidUntil, DateTimeOffset AppliedAt, string? AppliedBy,
    bool AdviceRequired, bool? AdvicePositive, string? AdviceNote, string? AdviceBy, DateTimeOffset? AdviceAt,
    string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason, string? IssuedBy, DateTimeOffset? IssuedAt, Guid? DocumentId,
    decimal? QuantityTraded, DateOnly? TradeDate, string? Port, string? EndorsedBy, DateTimeOffset? EndorsedAt,
    string? CancelledBy, DateTimeOffset? CancelledAt, long Version);

public sealed record PermitSummary(Guid Id, string Number, PermitType Type, PermitStatus Status, string ExportingCountry, string ImportingCountry,
    string ScientificName, string Appendix, decimal Quantity, string Unit, decimal RemainingQuantity, DateOnly? ValidUntil, DateTimeOffset AppliedAt);

public sealed record EndorsementResult(PermitView Permit, RiskScore Risk);

public sealed record TaxonView(Guid Id, string ScientificName, string? CommonName, string Appendix, string? ListingParty, string? Annotation, string? Kingdom);

public sealed record ExternalIssue(string? Number, DateOnly? ValidFrom, DateOnly? ValidUntil);

/// <summary>A permit pushed by a national eCITES system (JSON): the application fields, its number and validity.</summary>
public sealed record IssuedPermitInput(string? Number, DateOnly? ValidFrom, DateOnly? ValidUntil, PermitApplication? Permit);
