using Cordon.Domain.PreExport;

namespace Cordon.Domain.Tests.PreExport;

/// <summary>Exports reported in Monitoring to an invoking Government without a pre-export notification (art. 12(10)(a)).</summary>
public class UnnotifiedExportRuleTests
{
    private static readonly Dictionary<string, SubstanceTerms> Substances = new()
    {
        ["PRE-ACETONE"] = new("PRE-ACETONE", "acetone", "II"),
        ["PRE-EPHEDRINE"] = new("PRE-EPHEDRINE", "ephedrine", "I"),
        ["NS-X"] = new("NS-X", "non-scheduled X", null),
    };

    private static InvocationTerms Invocation(string country, bool tableI, bool tableII, string since, string? withdrawn = null, params string[] named) =>
        new(country, tableI, tableII, named, DateOnly.Parse(since, System.Globalization.CultureInfo.InvariantCulture),
            withdrawn is null ? null : DateOnly.Parse(withdrawn, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void An_export_to_an_invoking_Government_without_a_notification_is_listed_and_explained()
    {
        var (unnotified, coverage) = UnnotifiedExportRule.Find(2025, [Invocation("CO", false, true, "2020-01-01")], Substances,
            [new("IN", "CO", "PRE-ACETONE", 1_200_000), new("IN", "CO", "PRE-ACETONE", 300_000), new("AT", "CO", "PRE-ACETONE", 5_000)],
            new HashSet<(string, string, string)> { ("AT", "CO", "PRE-ACETONE") });
        var u = Assert.Single(unnotified);
        Assert.Equal(("IN", "CO", "PRE-ACETONE", 1_500_000d), (u.Exporter, u.Importer, u.SubstanceCode, u.ReportedGrams));
        Assert.Equal("Table II", u.Basis);
        Assert.Equal("IN reported exports of 1,500,000 g of acetone to CO in 2025. CO has invoked article 12(10)(a) for acetone (Table II) since 2020-01-01, but no pre-export notification from IN to CO of acetone has a dispatch date in 2025.", u.Explanation);
        var c = Assert.Single(coverage);
        Assert.Equal(("CO", 2, 1, 1_505_000d, 1_500_000d), (c.Importer, c.ReportedRoutes, c.NotifiedRoutes, c.ReportedGrams, c.UnnotifiedGrams));
        Assert.Equal(0.5, c.Coverage);
    }

    [Fact]
    public void Substances_the_invocation_does_not_cover_and_Governments_that_did_not_invoke_are_not_listed()
    {
        var (unnotified, coverage) = UnnotifiedExportRule.Find(2025, [Invocation("CO", false, true, "2020-01-01")], Substances,
            [new("IN", "CO", "PRE-EPHEDRINE", 1000), new("IN", "CO", "NS-X", 1000), new("IN", "KZ", "PRE-ACETONE", 1000)],
            new HashSet<(string, string, string)>());
        Assert.Empty(unnotified);
        Assert.Empty(coverage);
    }

    [Theory]
    [InlineData("2026-03-01", null, false)]        // invoked after the year
    [InlineData("2020-01-01", "2025-01-01", false)] // withdrawn on the first day of the year
    [InlineData("2020-01-01", "2025-06-01", true)]  // in force for part of the year
    [InlineData("2025-12-31", null, true)]          // invoked on the last day
    public void The_invocation_must_be_in_force_at_some_time_in_the_year(string since, string? withdrawn, bool listed)
    {
        var (unnotified, _) = UnnotifiedExportRule.Find(2025, [Invocation("CO", false, false, since, withdrawn, "PRE-EPHEDRINE")], Substances,
            [new("IN", "CO", "PRE-EPHEDRINE", 1000)], new HashSet<(string, string, string)>());
        Assert.Equal(listed, unnotified.Count == 1);
        if (listed) Assert.Equal("named", unnotified[0].Basis);
    }
}
