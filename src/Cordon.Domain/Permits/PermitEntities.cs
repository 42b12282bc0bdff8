namespace Cordon.Domain.Permits;

/// <summary>A CITES-listed taxon with its Appendix (Species+ layout).</summary>
public sealed class CitesTaxon
{
    public Guid Id { get; init; }
    public required string ScientificName { get; set; }
    public string? CommonName { get; set; }
    /// <summary>"I", "II" or "III"; split listings name the main Appendix and explain the split in <see cref="Annotation"/>.</summary>
    public required string Appendix { get; set; }
    /// <summary>For Appendix III, the listing Party (alpha-2).</summary>
    public string? ListingParty { get; set; }
    public string? Annotation { get; set; }
    public string? Kingdom { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum PermitType
{
    Export,
    Import,
    ReExport,
    Other,
}

public enum PermitStatus
{
    /// <summary>Applied for; the Management Authority has not decided.</summary>
    Applied,
    /// <summary>Awaiting the Scientific Authority's non-detriment advice.</summary>
    AwaitingAdvice,
    /// <summary>Approved; not yet issued.</summary>
    Approved,
    /// <summary>Issued and signed; may be used within its validity.</summary>
    Issued,
    /// <summary>Endorsed by the importing Party's customs; cannot be used again.</summary>
    Used,
    Rejected,
    Cancelled,
}

/// <summary>A CITES permit or certificate (Resolution Conf. 12.3) with one or more specimen lines.</summary>
public sealed class Permit
{
    public Guid Id { get; init; }
    /// <summary>Number assigned at application, e.g. "AT-26-E-000012".</summary>
    public required string Number { get; init; }
    public PermitType Type { get; init; }
    public PermitStatus Status { get; set; }
    /// <summary>The issuing Party (exporting or re-exporting for export permits and re-export certificates; importing for import permits).</summary>
    public required string IssuingCountry { get; init; }
    /// <summary>The exporting or re-exporting country.</summary>
    public required string ExportingCountry { get; init; }
    /// <summary>The Party of destination (country of import).</summary>
    public required string ImportingCountry { get; init; }
    public required string ExporterName { get; set; }
    public required string ExporterAddress { get; set; }
    public required string ImporterName { get; set; }
    public required string ImporterAddress { get; set; }
    public string? CountryOfOrigin { get; set; }
    public required string Purpose { get; set; }
    /// <summary>The specimen lines (boxes 7–12 of the standard form), numbered from 1.</summary>
    public List<PermitLine> Lines { get; init; } = [];
    public string? OriginalPermitNumber { get; set; }
    /// <summary>The number of the cancelled permit this one replaces.</summary>
    public string? ReplacesPermitNumber { get; set; }
    public string? SpecialConditions { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }

    public DateTimeOffset AppliedAt { get; init; }
    public string? AppliedBy { get; init; }
    public bool AdviceRequired { get; set; }
    public bool? AdvicePositive { get; set; }
    public string? AdviceNote { get; set; }
    public string? AdviceBy { get; set; }
    public DateTimeOffset? AdviceAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
    public string? IssuedBy { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
    /// <summary>The signed document's id (<c>SignedDocumentRecord.Id</c>), set at issuance.</summary>
    public Guid? DocumentId { get; set; }

    public DateOnly? TradeDate { get; set; }
    public string? Port { get; set; }
    public string? EndorsedBy { get; set; }
    public DateTimeOffset? EndorsedAt { get; set; }
    public string? CancelledBy { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public int Year { get; init; }
    public long Version { get; set; }
}

/// <summary>One specimen line of a permit: its own species, Appendix, source, description, quantity and unit, and what customs recorded.</summary>
public sealed class PermitLine
{
    public Guid PermitId { get; init; }
    public int LineNumber { get; init; }
    public required string ScientificName { get; set; }
    public string? CommonName { get; set; }
    public required string Appendix { get; set; }
    public required string Source { get; set; }
    public required string Description { get; set; }
    public decimal Quantity { get; set; }
    public required string Unit { get; set; }
    public decimal RemainingQuantity { get; set; }
    /// <summary>The quantity customs recorded at the border for this line (0 when the line was not shipped).</summary>
    public decimal? QuantityTraded { get; set; }
}

/// <summary>A configurable risk rule: a condition and the score it adds when met.</summary>
public sealed class PermitRiskRule
{
    public Guid Id { get; init; }
    /// <summary>"species", "appendix", "country", "quantity-over" or "trader".</summary>
    public required string Kind { get; set; }
    public required string Value { get; set; }
    public int Score { get; set; }
    public bool Active { get; set; } = true;
}
