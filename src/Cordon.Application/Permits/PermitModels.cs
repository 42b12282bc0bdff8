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
    string? SpecialConditions = null,
    IReadOnlyList<PermitLineInput>? Lines = null);

/// <summary>A specimen line of an application. When an application has no <c>lines</c>, its single-line fields make line 1 (API v1 bodies stay valid).</summary>
public sealed record PermitLineInput(string? ScientificName, string? Description, decimal? Quantity, string? Unit, string? Source = null);

public sealed record AdviceInput(bool? Positive, string? Note);

public sealed record DecisionInput(bool? Approve, string? Reason);

public sealed record IssueInput(DateOnly? ValidFrom, DateOnly? ValidUntil, string? SpecialConditions);

/// <summary>A border validation: the quantity actually traded per line, or (single-line bodies) <c>quantityTraded</c> for line 1.</summary>
public sealed record EndorsementInput(decimal? QuantityTraded, DateOnly? TradeDate, string? Port, IReadOnlyList<LineQuantity>? Lines = null);

public sealed record LineQuantity(int? Line, decimal? QuantityTraded);

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
    string? CancelledBy, DateTimeOffset? CancelledAt, long Version, IReadOnlyList<PermitLineView> Lines, string? ReplacesPermitNumber);

/// <summary>One specimen line; <c>quantityTraded</c> is what customs recorded (0 when the line was not shipped).</summary>
public sealed record PermitLineView(int Line, string ScientificName, string? CommonName, string Appendix, CodeMeaning Source, string Description,
    decimal Quantity, string Unit, decimal RemainingQuantity, decimal? QuantityTraded);

/// <summary>A delivery of the permit to a Party (or the Secretariat's copy) and its webhook deliveries to that Party's national systems.</summary>
public sealed record PermitDelivery(string Event, string Recipient, string State, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, IReadOnlyList<PermitWebhookDelivery> Webhooks);

/// <summary>State is Pending, Delivered, DeliveredWithWarnings or Failed.</summary>
public sealed record PermitWebhookDelivery(string State, int Attempts, DateTimeOffset? DeliveredAt, IReadOnlyList<string> Warnings, string? LastError);

public sealed record PermitSummary(Guid Id, string Number, PermitType Type, PermitStatus Status, string ExportingCountry, string ImportingCountry,
    string ScientificName, string Appendix, decimal Quantity, string Unit, decimal RemainingQuantity, DateOnly? ValidUntil, DateTimeOffset AppliedAt, int LineCount);

public sealed record EndorsementResult(PermitView Permit, RiskScore Risk);

public sealed record TaxonView(Guid Id, string ScientificName, string? CommonName, string Appendix, string? ListingParty, string? Annotation, string? Kingdom);

public sealed record ExternalIssue(string? Number, DateOnly? ValidFrom, DateOnly? ValidUntil);

/// <summary>A permit pushed by a national eCITES system (JSON): the application fields, its number and validity.</summary>
public sealed record IssuedPermitInput(string? Number, DateOnly? ValidFrom, DateOnly? ValidUntil, PermitApplication? Permit);
