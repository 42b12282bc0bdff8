namespace Cordon.Domain.PreExport;

/// <summary>
/// A Government's invocation of article 12(10)(a) of the 1988 Convention, as notified by the Secretary-General:
/// it must be informed before every export to its territory of the substances covered.
/// </summary>
public sealed class Invocation
{
    public Guid Id { get; init; }

    /// <summary>ISO 3166-1 alpha-2 of the invoking Government.</summary>
    public required string CountryCode { get; init; }
    public bool TableI { get; set; }
    public bool TableII { get; set; }

    /// <summary>Codes of individually named substances, separated by ';' (e.g. "PRE-ACETONE;PRE-EPHEDRINE").</summary>
    public string NamedSubstances { get; set; } = "";

    /// <summary>Date of the Secretary-General's notification: the invocation applies from this day.</summary>
    public DateOnly Since { get; set; }

    /// <summary>Date of withdrawal, if withdrawn; the invocation no longer applies from this day.</summary>
    public DateOnly? WithdrawnOn { get; set; }
    public DateTimeOffset RecordedAt { get; init; }
    public long Version { get; set; }

    public IEnumerable<string> NamedSubstanceCodes => NamedSubstances.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A Party's annual legitimate requirement of an ATS precursor, in kilograms.</summary>
public sealed class LegitimateRequirement
{
    public Guid Id { get; init; }
    public required string CountryCode { get; init; }
    public required string SubstanceCode { get; init; }
    public int Year { get; init; }
    public decimal Kilograms { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

public enum PreExportStatus
{
    /// <summary>Sent; the importing authority has not answered yet.</summary>
    AwaitingReply,
    /// <summary>The importing authority does not object: the export is cleared.</summary>
    NoObjection,
    /// <summary>The importing authority objects: the shipment must not proceed.</summary>
    Objection,
    /// <summary>The importing authority asks for more information before answering.</summary>
    MoreInformationRequested,
    /// <summary>No answer came by the deadline. Never consent.</summary>
    NoReplyByDeadline,
}

public enum PreExportAnswerKind
{
    NoObjection,
    Objection,
    MoreInformationRequested,
}

public enum PreExportMark
{
    None,
    Suspicious,
    Stopped,
}

/// <summary>A pre-export notification of a shipment of precursor chemicals (article 12(10)(a); PEN Online).</summary>
public sealed class PreExportNotification
{
    public Guid Id { get; init; }

    /// <summary>Human-readable reference assigned by Cordon, e.g. "AT-2026-000042".</summary>
    public required string Reference { get; init; }
    public required string ExportingCountry { get; init; }
    public required string ImportingCountry { get; init; }

    /// <summary>Transit countries as ";IN;KZ;" (searchable with a LIKE on ";XX;").</summary>
    public string TransitCountries { get; set; } = "";

    // Commercial details (article 12(11): may be confidential).
    public required string ExporterName { get; set; }
    public required string ExporterAddress { get; set; }
    public required string ImporterName { get; set; }
    public required string ImporterAddress { get; set; }
    public string? ConsigneeName { get; set; }
    public string? ConsigneeAddress { get; set; }
    public bool Confidential { get; set; }

    public required string PointOfEntry { get; set; }
    public DateOnly DispatchDate { get; set; }
    public string? Packaging { get; set; }
    public string? TransportMode { get; set; }
    public string? Route { get; set; }
    public string? PortOfExit { get; set; }
    public string? ExporterReference { get; set; }
    public string? ImportPermitReference { get; set; }

    /// <summary>True when only non-scheduled chemicals are notified (a voluntary notification).</summary>
    public bool Voluntary { get; set; }

    /// <summary>True when the importing Government had invoked article 12(10)(a) for a notified substance.</summary>
    public bool Mandatory { get; set; }

    /// <summary>Multi-shipment notification: several exports of the same substance until <see cref="ValidUntil"/>.</summary>
    public bool MultiShipment { get; set; }
    public DateOnly? ValidUntil { get; set; }

    /// <summary>Figures of the legitimate-requirements check when exceeded, else null.</summary>
    public string? RequirementWarning { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public int Year { get; init; }
    public DateTimeOffset ReplyDeadline { get; set; }
    public PreExportStatus Status { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>Seconds from filing to the (latest) answer, stored with it so response times are averaged in SQL on both providers (ADR 30).</summary>
    public long? ResponseSeconds { get; set; }
    public string? AnswerText { get; set; }
    public DateTimeOffset? ReminderSentAt { get; set; }

    /// <summary>The exporter's reply to a request for more information (the latest one).</summary>
    public string? ExporterInformation { get; set; }
    public DateTimeOffset? InformationProvidedAt { get; set; }

    public PreExportMark Mark { get; set; }
    public string? MarkReason { get; set; }
    public string? MarkedBy { get; set; }
    public DateTimeOffset? MarkedAt { get; set; }

    public long Version { get; set; }
    public List<PreExportLine> Lines { get; init; } = [];
    public List<PreExportShipment> Shipments { get; init; } = [];

    public IReadOnlyList<string> TransitList => TransitCountries.Split(';', StringSplitOptions.RemoveEmptyEntries);

    public static string JoinCountries(IEnumerable<string> codes)
    {
        var list = codes.Distinct(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "" : ";" + string.Join(';', list) + ";";
    }
}

/// <summary>One substance of a notification, with its quantity.</summary>
public sealed class PreExportLine
{
    public long Id { get; init; }
    public Guid NotificationId { get; init; }
    public required string SubstanceCode { get; init; }
    public decimal Quantity { get; init; }
    public required string Unit { get; init; }

    /// <summary>The quantity in grams (rounded) when the unit is a mass, for sums in SQL; else null.</summary>
    public long? Grams { get; init; }
}

/// <summary>One export recorded against a multi-shipment notification.</summary>
public sealed class PreExportShipment
{
    public long Id { get; init; }
    public Guid NotificationId { get; init; }
    public DateOnly ShippedOn { get; init; }
    public decimal Quantity { get; init; }
    public string? Reference { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}
