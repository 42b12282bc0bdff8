namespace Cordon.Domain.Monitoring;

/// <summary>How far two figures of the same trade may differ before it is a discrepancy: the larger of an absolute and a relative margin.</summary>
public sealed record MirrorTolerance(double AbsoluteGrams = 1.0, double Relative = 0.05);

public enum DiscrepancyKind
{
    /// <summary>Imports reported by the importer differ from the exports reported by the exporter.</summary>
    Mirror,
    /// <summary>One side reported the trade, the other (which has reported for the period) did not.</summary>
    NotReportedByPartner,
    /// <summary>Reported trade exceeds what the authorizations recorded in Cordon cover.</summary>
    AboveAuthorizations,
    /// <summary>Reported precursor exports exceed what the pre-export notifications recorded in Cordon cover.</summary>
    AbovePreExportNotifications,
}

/// <summary>Comparison of two figures of one trade (pure).</summary>
public static class CrossCheckRules
{
    /// <summary>True when the figures differ by more than the tolerance (relative to the larger one).</summary>
    public static bool Differs(double a, double b, MirrorTolerance t) =>
        Math.Abs(a - b) > Math.Max(t.AbsoluteGrams, t.Relative * Math.Max(Math.Abs(a), Math.Abs(b)));

    /// <summary>
    /// Mirror comparison of one (importer, exporter, substance, period): null when consistent. A side that did not report
    /// the trade counts only when that Party has reported for the period at all (otherwise it is a missing report, not a discrepancy).
    /// </summary>
    public static DiscrepancyKind? Mirror(double? importsReported, double? exportsReported, bool importerReported, bool exporterReported, MirrorTolerance t)
    {
        if (importsReported is { } i && exportsReported is { } e) return Differs(i, e, t) ? DiscrepancyKind.Mirror : null;
        if (importsReported is { } onlyI) return exporterReported && onlyI > t.AbsoluteGrams ? DiscrepancyKind.NotReportedByPartner : null;
        if (exportsReported is { } onlyE) return importerReported && onlyE > t.AbsoluteGrams ? DiscrepancyKind.NotReportedByPartner : null;
        return null;
    }

    /// <summary>Reported trade above what was authorized or notified (shipping less than authorized is normal).</summary>
    public static bool Exceeds(double reported, double covered, MirrorTolerance t) =>
        reported - covered > Math.Max(t.AbsoluteGrams, t.Relative * covered);
}
