using Cordon.Domain.Monitoring;

namespace Cordon.Domain.Tests.Monitoring;

public class AnalysisRulesTests
{
    private static readonly MirrorTolerance Tolerance = new(1, 0.05);

    [Theory]
    [InlineData(1000.0, 1040.0, false)] // 4 % apart: consistent
    [InlineData(1000.0, 1100.0, true)]  // 10 % apart
    public void Mirror_figures_are_compared_with_a_relative_tolerance(double imports, double exports, bool differs)
    {
        Assert.Equal(differs ? DiscrepancyKind.Mirror : null, CrossCheckRules.Mirror(imports, exports, true, true, Tolerance));
    }

    [Fact]
    public void A_trade_one_side_did_not_report_counts_only_if_that_side_reported_for_the_period()
    {
        Assert.Equal(DiscrepancyKind.NotReportedByPartner, CrossCheckRules.Mirror(500, null, true, exporterReported: true, Tolerance));
        Assert.Null(CrossCheckRules.Mirror(500, null, true, exporterReported: false, Tolerance));
        Assert.Equal(DiscrepancyKind.NotReportedByPartner, CrossCheckRules.Mirror(null, 500, importerReported: true, true, Tolerance));
    }

    [Fact]
    public void Shipping_less_than_authorized_is_not_a_discrepancy_but_more_is()
    {
        Assert.False(CrossCheckRules.Exceeds(800, 1000, Tolerance));
        Assert.True(CrossCheckRules.Exceeds(1200, 1000, Tolerance));
    }

    [Fact]
    public void Sddd_per_million_inhabitants_per_day()
    {
        // 36.5 kg of morphine at 0.1 g per dose = 365,000 doses a year = 1,000 a day; 5 million inhabitants → 200.
        Assert.Equal(200, UtilizationRules.SddPerMillionPerDay(36_500 / 0.1, 5_000_000)!.Value, 6);
        Assert.Null(UtilizationRules.SddPerMillionPerDay(10, 0));
    }

    [Fact]
    public void Utilization_is_marked_against_configurable_ranges()
    {
        var ranges = new UtilizationRanges { UnderBelowPercent = 40, OverAbovePercent = 110, SddUnderBelow = 100 };
        Assert.Equal(UtilizationMark.Under, UtilizationRules.MarkPercent(UtilizationRules.PercentOfEstimate(30, 100), ranges));
        Assert.Equal(UtilizationMark.Within, UtilizationRules.MarkPercent(UtilizationRules.PercentOfEstimate(100, 100), ranges));
        Assert.Equal(UtilizationMark.Over, UtilizationRules.MarkPercent(UtilizationRules.PercentOfEstimate(120, 100), ranges));
        Assert.Equal(UtilizationMark.Unknown, UtilizationRules.MarkPercent(UtilizationRules.PercentOfEstimate(120, null), ranges));
        Assert.Equal(UtilizationMark.Under, UtilizationRules.MarkSdd(99, ranges));
        Assert.Equal(UtilizationMark.Within, UtilizationRules.MarkSdd(150, ranges));
    }

    [Fact]
    public void Median_and_median_absolute_deviation()
    {
        Assert.Equal(3, TradePatterns.Median([5, 1, 3]));
        Assert.Equal(2.5, TradePatterns.Median([4, 1, 3, 2]));
        // median 4; |x - 4| = 3, 1, 1, 0, 5 → median 1.
        Assert.Equal(1, TradePatterns.MedianAbsoluteDeviation([1, 5, 3, 4, 9]));
    }

    [Fact]
    public void The_modified_z_score_resists_outliers_in_the_history()
    {
        double[] history = [100, 110, 95, 105, 102, 2000];
        // median 103.5, MAD 5 → z(900) = 0.6745 × 796.5 / 5 ≈ 107.4, despite the 2000 in the history.
        Assert.Equal(0.6745 * (900 - 103.5) / 5, TradePatterns.ModifiedZ(900, history), 6);
        Assert.True(Math.Abs(TradePatterns.ModifiedZ(106, history)) < 3.5);
        Assert.Equal(double.PositiveInfinity, TradePatterns.ModifiedZ(200, [100, 100, 100, 100, 100]));
    }

    private static PatternInput Input(IReadOnlyList<RouteFlow> flows, Dictionary<(string, string, TradeDirection), IReadOnlyList<YearValue>>? history = null,
        Dictionary<(string, string), (double, string)>? requirements = null) =>
        new(2025, flows, new HashSet<(string, string, string)> { ("AT", "DE", "N-CODEINE") }, new Dictionary<string, int> { ["AT"] = 6 },
            history ?? [], requirements ?? []);

    [Fact]
    public void A_new_route_is_found_and_explained()
    {
        var findings = TradePatterns.Find(Input([new("AT", "DE", "N-CODEINE", 100_000), new("AT", "TJ", "N-CODEINE", 45_000)]), new PatternSettings());
        var f = Assert.Single(findings);
        Assert.Equal(FindingKind.NewRoute, f.Kind);
        Assert.Equal("TJ", f.Partner);
        Assert.Equal("AT exported 45,000 g of N-CODEINE to TJ in 2025; no trade in N-CODEINE between them appears in the 6 earlier years on record.", f.Explanation);
    }

    [Fact]
    public void A_quantity_far_outside_the_history_is_found_with_its_figures()
    {
        var history = new Dictionary<(string, string, TradeDirection), IReadOnlyList<YearValue>>
        {
            [("AT", "N-CODEINE", TradeDirection.Export)] = [new(2019, 100_000), new(2020, 106_000), new(2021, 112_000), new(2022, 118_000), new(2023, 100_000), new(2024, 106_000), new(2025, 900_000)],
            [("IN", "N-CODEINE", TradeDirection.Export)] = [new(2019, 60_000), new(2020, 61_000), new(2021, 59_000), new(2022, 60_000), new(2023, 62_000), new(2024, 60_000), new(2025, 61_000)],
        };
        var f = Assert.Single(TradePatterns.Find(Input([], history), new PatternSettings()));
        Assert.Equal(FindingKind.Outlier, f.Kind);
        Assert.Equal("AT", f.Country);
        Assert.Equal(106_000, f.Figures["median"]);
        Assert.Equal(6_000, f.Figures["mad"]);
        Assert.StartsWith("AT reported exports of 900,000 g of N-CODEINE in 2025. Over the 6 earlier years the median was 106,000 g and the median absolute deviation 6,000 g: the modified z-score is 89.3", f.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_short_a_history_finds_nothing()
    {
        var history = new Dictionary<(string, string, TradeDirection), IReadOnlyList<YearValue>>
        {
            [("AT", "N-CODEINE", TradeDirection.Export)] = [new(2023, 100), new(2024, 100), new(2025, 90_000)],
        };
        Assert.Empty(TradePatterns.Find(Input([], history), new PatternSettings()));
    }

    [Fact]
    public void Exports_above_the_importers_requirement_are_summed_over_exporters()
    {
        var requirements = new Dictionary<(string, string), (double, string)> { [("KZ", "N-MORPHINE")] = (90_000, "estimate") };
        var findings = TradePatterns.Find(Input([new("AT", "DE", "N-CODEINE", 1), new("IN", "KZ", "N-MORPHINE", 60_000), new("FR", "KZ", "N-MORPHINE", 50_000)], requirements: requirements),
            new PatternSettings());
        var f = Assert.Single(findings, x => x.Kind == FindingKind.AboveRequirements);
        Assert.Equal(20_000, f.Figures["excessGrams"]);
        Assert.Equal("Exports of 110,000 g of N-MORPHINE to KZ in 2025 exceed its legitimate requirements (estimate: 90,000 g) by 20,000 g.", f.Explanation);
    }
}
