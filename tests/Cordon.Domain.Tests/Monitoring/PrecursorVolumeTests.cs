using Cordon.Domain.Monitoring;
using Cordon.Domain.Reference;

namespace Cordon.Domain.Tests.Monitoring;

/// <summary>Form D lines in litres: accepted for liquids with a known density, converted to grams for the totals.</summary>
public class PrecursorVolumeTests
{
    private static readonly ValidationContext Context = new("AT",
        new Dictionary<string, SubstanceKind> { ["PRE-ACETIC-ANHYDRIDE"] = SubstanceKind.Precursor, ["PRE-EPHEDRINE"] = SubstanceKind.Precursor, ["N-MORPHINE"] = SubstanceKind.NarcoticDrug },
        new HashSet<string> { "AT", "IN" }, new BalanceTolerance());

    private static SubmissionLine Trade(string substance, string unit, decimal quantity) => new()
    {
        LineNumber = 2, Section = LineSection.Trade, SubstanceCode = substance, Unit = unit, Direction = TradeDirection.Export, PartnerCountry = "IN", Quantity = quantity,
    };

    [Fact]
    public void Litres_of_a_liquid_with_a_known_density_are_accepted_on_Form_D()
    {
        Assert.Empty(StatisticsRules.Validate(StatisticsForm.D, [Trade("PRE-ACETIC-ANHYDRIDE", "L", 1000)], Context));
    }

    [Fact]
    public void Litres_of_a_solid_are_refused_with_a_message_that_says_why()
    {
        var p = Assert.Single(StatisticsRules.Validate(StatisticsForm.D, [Trade("PRE-EPHEDRINE", "L", 10)], Context));
        Assert.Equal("Monitoring.Problem.Volume", p.Code);
        Assert.Equal(2, p.Line);
        Assert.Contains("PRE-EPHEDRINE by mass", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Litres_stay_refused_on_the_other_forms()
    {
        var line = new SubmissionLine { LineNumber = 1, Section = LineSection.Trade, SubstanceCode = "N-MORPHINE", Unit = "L", Direction = TradeDirection.Export, PartnerCountry = "IN", Quantity = 1, };
        Assert.Equal("Monitoring.Problem.Unit", Assert.Single(StatisticsRules.Validate(StatisticsForm.A, [line], Context)).Code);
    }

    [Theory]
    [InlineData("PRE-ACETIC-ANHYDRIDE", "L", 1000, 1_080_000)]   // 1,000 L × 1.08 kg/L
    [InlineData("PRE-ACETONE", "m3", 2, 1_568_000)]              // 2,000 L × 0.784
    [InlineData("PRE-SULPHURIC-ACID", "mL", 500, 920)]            // 500 mL × 1.84 g/mL
    [InlineData("PRE-TOLUENE", "kg", 3, 3000)]                    // a mass stays a mass
    public void Volumes_convert_to_grams_through_the_density(string substance, string unit, double quantity, double grams)
    {
        Assert.Equal((decimal)grams, PrecursorDensities.Grams((decimal)quantity, unit, substance));
        Assert.Equal((decimal)grams, StatisticsRules.Grams((decimal)quantity, unit, substance));
    }

    [Fact]
    public void A_volume_without_a_density_has_no_mass()
    {
        Assert.Null(PrecursorDensities.Grams(10, "L", "PRE-EPHEDRINE"));
        Assert.Equal(0m, StatisticsRules.Grams(10, "L", "PRE-EPHEDRINE"));
    }
}
