namespace Cordon.Domain.Monitoring;

public enum UtilizationMark
{
    /// <summary>Nothing to compare (no estimate, no population or no S-DDD value).</summary>
    Unknown,
    Under,
    Within,
    Over,
}

/// <summary>
/// Ranges that mark under- and over-utilization: consumption as a percentage of the estimate, and availability in
/// S-DDD per million inhabitants per day. Configurable (Monitoring:Utilization in the settings).
/// </summary>
public sealed record UtilizationRanges
{
    public double UnderBelowPercent { get; init; } = 50;
    public double OverAbovePercent { get; init; } = 100;

    /// <summary>INCB's availability reports call fewer than 200 S-DDD per million inhabitants per day inadequate.</summary>
    public double SddUnderBelow { get; init; } = 200;
    public double SddOverAbove { get; init; } = 30_000;
}

/// <summary>Utilization of controlled substances (pure).</summary>
public static class UtilizationRules
{
    /// <summary>Consumption as a percentage of the estimate; null without an estimate.</summary>
    public static double? PercentOfEstimate(double consumptionGrams, double? estimateGrams) =>
        estimateGrams is > 0 ? consumptionGrams / estimateGrams.Value * 100 : null;

    /// <summary>Defined daily doses for statistical purposes per million inhabitants per day.</summary>
    public static double? SddPerMillionPerDay(double dailyDoses, long population, int daysInYear = 365) =>
        population > 0 ? dailyDoses / daysInYear / (population / 1_000_000.0) : null;

    public static UtilizationMark MarkPercent(double? percent, UtilizationRanges r) => percent switch
    {
        null => UtilizationMark.Unknown,
        var p when p < r.UnderBelowPercent => UtilizationMark.Under,
        var p when p > r.OverAbovePercent => UtilizationMark.Over,
        _ => UtilizationMark.Within,
    };

    public static UtilizationMark MarkSdd(double? sdd, UtilizationRanges r) => sdd switch
    {
        null => UtilizationMark.Unknown,
        var s when s < r.SddUnderBelow => UtilizationMark.Under,
        var s when s > r.SddOverAbove => UtilizationMark.Over,
        _ => UtilizationMark.Within,
    };
}
