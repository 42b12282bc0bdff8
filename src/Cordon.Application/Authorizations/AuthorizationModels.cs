using Cordon.Domain.Authorizations;

namespace Cordon.Application.Authorizations;

/// <summary>
/// A version of an estimate or assessment: either <see cref="Grams"/> of anhydrous base, or a <see cref="Quantity"/> in
/// <see cref="Unit"/> of the base or of a salt or preparation (<see cref="Preparation"/>), converted with the salt's
/// reference factor or, for an unlisted preparation, the <see cref="BaseFactor"/> stated. <see cref="Grams"/> is the new
/// total in force for the year (a supplementary estimate states the new total, not the addition).
/// </summary>
public sealed record EstimateInput(
    string? CountryCode, string? Substance, int? Year, decimal? Grams, bool Supplementary = false, string? Note = null,
    string? Preparation = null, decimal? Quantity = null, string? Unit = null, decimal? BaseFactor = null);

public sealed record EstimateView(
    Guid Id, EstimateKind Kind, string CountryCode, string SubstanceCode, string SubstanceName, int? Year, decimal Grams, bool Supplementary,
    int Sequence, EstimateStatus Status, string? Note, string ProposedBy, DateTimeOffset ProposedAt, DateTimeOffset? ConfirmedAt,
    string? ProposedByUser = null, string? Preparation = null, decimal? EnteredQuantity = null, string? EnteredUnit = null, decimal BaseFactor = 1m,
    string? DecidedBy = null, DateTimeOffset? DecidedAt = null, string? DecisionReason = null);

/// <summary>The Secretariat's decision on a proposal; a rejection gives the reason.</summary>
public sealed record EstimateDecisionInput(string? Reason);

/// <summary>A figure in force as INCB publishes it: no notes, no proposals, no names (ADR 0024).</summary>
public sealed record PublishedEstimate(string CountryCode, string SubstanceCode, string SubstanceName, EstimateKind Kind, int? Year, decimal Grams, bool Supplementary, DateTimeOffset? ConfirmedAt);

public sealed record ProhibitionInput(string? CountryCode, string? Substance, DateOnly? Since);

public sealed record ProhibitionView(Guid Id, string CountryCode, string SubstanceCode, DateOnly Since, DateOnly? WithdrawnOn);

/// <summary>An import authorization; <see cref="ImportingCountry"/> other than the caller's Party records the paper authorization of a Party not in Cordon.</summary>
public sealed record ImportAuthorizationInput(
    string? Number, string? ExportingCountry, DateOnly? IssueDate, DateOnly? ValidUntil,
    string? ImporterName, string? ImporterAddress, string? ExporterName, string? ExporterAddress,
    string? Substance, string? Preparation, string? PharmaceuticalForm, decimal? Quantity, string? Unit, decimal? PureBaseGrams,
    string? PointOfEntry, string? Purpose, bool SeveralConsignments = false, string? ExcessReason = null, bool Draft = false, string? ImportingCountry = null);

/// <summary>
/// An export authorization against an import authorization (by id when it is in Cordon, else by number, date and
/// authority of the paper one recorded first), or an export declaration for a Schedule III psychotropic substance.
/// </summary>
public sealed record ExportAuthorizationInput(
    Guid? ImportAuthorizationId, string? Number, DateOnly? IssueDate, DateOnly? ValidUntil, decimal? Quantity, string? Unit,
    string? Preparation = null, string? PharmaceuticalForm = null, decimal? PureBaseGrams = null, string? SpecialImportLicence = null,
    // Export declarations only (no import authorization):
    string? ImportingCountry = null, string? Substance = null, string? ImporterName = null, string? ImporterAddress = null,
    string? ExporterName = null, string? ExporterAddress = null, string? PointOfEntry = null, string? Purpose = null, string? ExcessReason = null);

public sealed record IssueInput(string? ExcessReason);

public sealed record AmendInput(decimal? Quantity, DateOnly? ValidUntil, string? PointOfEntry, string? Reason, string? ExcessReason = null);

public sealed record CancelInput(string? Reason);

public sealed record EndorseInput(decimal? QuantityImported, DateOnly? ImportedOn, string? Remarks);

public sealed record ExportedInput(decimal? QuantityExported);

public sealed record EstimateCheckView(
    EstimateKind Kind, decimal? EstimateGrams, decimal AlreadyAuthorizedGrams, decimal ThisAuthorizationGrams, decimal TotalGrams, decimal ExcessGrams,
    decimal RemainingGrams, bool Exceeded, IReadOnlyList<ExcessStep> Steps, bool MayProceedWithReason)
{
    public static EstimateCheckView Of(EstimateCheckResult r) => new(
        r.Kind, r.EstimateGrams, r.AlreadyAuthorizedGrams, r.ThisAuthorizationGrams, r.TotalGrams, r.ExcessGrams, r.RemainingGrams, r.Exceeded, r.Steps, r.MayProceedWithReason);
}

public sealed record AuthorizationSummary(
    Guid Id, AuthorizationKind Kind, string Number, string IssuingCountry, string ImportingCountry, string ExportingCountry, string SubstanceCode,
    decimal PureBaseGrams, DateOnly IssueDate, DateOnly ValidUntil, AuthorizationStatus Status, bool Paper, bool ExcessWarning, bool Discrepancy);

public sealed record AuthorizationView(
    Guid Id, AuthorizationKind Kind, string Number, string IssuingCountry, string RecordedBy, bool Paper, string ImportingCountry, string ExportingCountry,
    DateOnly IssueDate, DateOnly ValidUntil, string ImporterName, string ImporterAddress, string ExporterName, string ExporterAddress,
    string SubstanceCode, string SubstanceName, string? Preparation, string? PharmaceuticalForm, decimal Quantity, string Unit, decimal PureBaseGrams,
    string? PointOfEntry, string? Purpose, bool SeveralConsignments,
    Guid? ImportAuthorizationId, string? ImportNumber, DateOnly? ImportDate, string? ImportAuthority, string? SpecialImportLicence,
    decimal? RemainingGrams, AuthorizationStatus Status, string? EstimateWarning, decimal ExcessGrams, string? ExcessReason,
    decimal? QuantityImported, DateOnly? ImportedOn, string? EndorsementRemarks, decimal? QuantityExported, bool Discrepancy,
    string? CancellationReason, DateTimeOffset CreatedAt, DateTimeOffset? IssuedAt, long Version, Guid? DocumentId = null);

/// <summary>The authorization and, when it was checked against an estimate, the figures and guided steps.</summary>
public sealed record IssueResult(AuthorizationView Authorization, EstimateCheckView? EstimateCheck);

public sealed record UtilizationRow(string CountryCode, string SubstanceCode, int Year, EstimateKind Kind, decimal? EstimateGrams, decimal AuthorizedGrams, int Count);

public sealed record PartyUse(string PartyCode, int Issued);

public sealed record AuthorizationDashboard(
    int Incoming, int Outgoing, int PendingEndorsements, List<UtilizationRow> Utilization,
    List<AuthorizationSummary> Excess, List<AuthorizationSummary> Discrepancies, List<PartyUse> UseByParty);
