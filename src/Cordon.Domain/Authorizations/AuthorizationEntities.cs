namespace Cordon.Domain.Authorizations;

/// <summary>An estimate (narcotic drugs, per calendar year; 1961 art. 19) or an assessment (psychotropic substances, valid until changed).</summary>
public enum EstimateKind
{
    Estimate,
    Assessment,
}

public enum EstimateStatus
{
    /// <summary>Proposed by the Party; not in force until the Secretariat confirms it.</summary>
    Proposed,
    /// <summary>Recorded or confirmed by the Secretariat: the latest confirmed version is in force.</summary>
    Confirmed,
    Rejected,
}

/// <summary>
/// One version of a Party's estimate or assessment for one substance, in grams of anhydrous base. Versions are
/// never changed once confirmed: a supplementary estimate or a new assessment is a new version stating the new total.
/// </summary>
public sealed class Estimate
{
    public Guid Id { get; init; }
    public EstimateKind Kind { get; init; }
    public required string CountryCode { get; init; }
    public required string SubstanceCode { get; init; }

    /// <summary>Calendar year for estimates; 0 for assessments (valid until changed).</summary>
    public int Year { get; init; }
    public decimal Grams { get; init; }
    public bool Supplementary { get; init; }
    public int Sequence { get; init; }
    public EstimateStatus Status { get; set; }
    public string? Note { get; init; }

    /// <summary>The Party that proposed it, or "Secretariat".</summary>
    public required string ProposedBy { get; init; }

    /// <summary>The user (or national system) who recorded or proposed it.</summary>
    public string? ProposedByUser { get; init; }
    public DateTimeOffset ProposedAt { get; init; }
    public DateTimeOffset? ConfirmedAt { get; set; }

    // As entered: the quantity in the salt or preparation the officer chose, and the factor that converted it to Grams.
    public string? Preparation { get; init; }
    public decimal? EnteredQuantity { get; init; }
    public string? EnteredUnit { get; init; }
    public decimal BaseFactor { get; init; } = 1m;

    // The Secretariat's decision on a proposal.
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
}

/// <summary>
/// The running total of authorized imports of one substance by one Party in one year (grams of anhydrous base),
/// updated in the same transaction as each authorization so the estimate check never re-sums.
/// </summary>
public sealed class AuthorizedTotal
{
    public long Id { get; init; }
    public required string CountryCode { get; init; }
    public required string SubstanceCode { get; init; }
    public int Year { get; init; }
    public decimal AuthorizedGrams { get; set; }
    public int Count { get; set; }
    public long Version { get; set; }
}

/// <summary>A Party's prohibition of the import of a psychotropic substance (1971 Convention, article 13), recorded by the Secretariat.</summary>
public sealed class ImportProhibition
{
    public Guid Id { get; init; }
    public required string CountryCode { get; init; }
    public required string SubstanceCode { get; init; }
    public DateOnly Since { get; init; }
    public DateOnly? WithdrawnOn { get; set; }
    public DateTimeOffset RecordedAt { get; init; }
}

public enum AuthorizationKind
{
    /// <summary>Import authorization (certificate) issued by the importing Party.</summary>
    Import,
    /// <summary>Export authorization issued by the exporting Party against an import authorization.</summary>
    Export,
    /// <summary>Export declaration (1971 Convention, article 12(2): Schedule III psychotropic substances).</summary>
    ExportDeclaration,
}

public enum AuthorizationStatus
{
    Draft,
    Issued,
    Transmitted,
    Used,
    Endorsed,
    Expired,
    Cancelled,
    Amended,
}

/// <summary>An import or export authorization, or an export declaration.</summary>
public sealed class Authorization
{
    public Guid Id { get; init; }
    public AuthorizationKind Kind { get; init; }

    /// <summary>The issuing authority's number, unique per issuing country and kind.</summary>
    public required string Number { get; set; }

    /// <summary>The country whose authority issued the document.</summary>
    public required string IssuingCountry { get; init; }

    /// <summary>The Party that recorded it in Cordon (differs from the issuer for a paper authorization of a non-joined Party).</summary>
    public required string RecordedBy { get; init; }
    public bool Paper { get; init; }
    public required string ImportingCountry { get; init; }
    public required string ExportingCountry { get; init; }
    public DateOnly IssueDate { get; set; }
    public DateOnly ValidUntil { get; set; }
    public int Year { get; init; }
    public required string ImporterName { get; set; }
    public required string ImporterAddress { get; set; }
    public required string ExporterName { get; set; }
    public required string ExporterAddress { get; set; }
    public required string SubstanceCode { get; init; }

    /// <summary>Salt or preparation as named on the document; null for the base.</summary>
    public string? Preparation { get; set; }
    public string? PharmaceuticalForm { get; set; }
    public decimal Quantity { get; set; }
    public required string Unit { get; set; }

    /// <summary>Grams of anhydrous base (quantity × salt base factor).</summary>
    public decimal PureBaseGrams { get; set; }
    public string? PointOfEntry { get; set; }
    public string? Purpose { get; set; }
    public bool SeveralConsignments { get; set; }

    // Export: the import authorization referenced.
    public Guid? ImportAuthorizationId { get; init; }
    public string? ImportNumber { get; init; }
    public DateOnly? ImportDate { get; init; }
    public string? ImportAuthority { get; init; }
    public string? SpecialImportLicence { get; init; }

    /// <summary>Import: grams of base already covered by export authorizations issued against it (running balance).</summary>
    public decimal ExportedGrams { get; set; }

    public AuthorizationStatus Status { get; set; }

    /// <summary>Figures of the estimate check when it was exceeded (kept for the Secretariat).</summary>
    public string? EstimateWarning { get; set; }
    public decimal ExcessGrams { get; set; }
    public string? ExcessReason { get; set; }

    // Endorsement (1961 art. 31(7)).
    public decimal? QuantityImported { get; set; }
    public DateOnly? ImportedOn { get; set; }
    public string? EndorsementRemarks { get; set; }
    public decimal? QuantityExported { get; set; }
    public bool Discrepancy { get; set; }

    public string? CancellationReason { get; set; }

    /// <summary>The signed document of the version in force (a new one at each amendment); null for drafts and paper records.</summary>
    public Guid? DocumentId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? IssuedAt { get; set; }
    public long Version { get; set; }

    /// <summary>The other Party of the exchange, seen from the issuer.</summary>
    public string Counterpart => IssuingCountry == ImportingCountry ? ExportingCountry : ImportingCountry;

    /// <summary>True while it may still be used: issued, transmitted or amended.</summary>
    public bool InForce => Status is AuthorizationStatus.Issued or AuthorizationStatus.Transmitted or AuthorizationStatus.Amended;
}
