using Cordon.Domain.Monitoring;
using Cordon.Domain.Reference;

namespace Cordon.Domain.Tests.Monitoring;

public class StatisticsRulesTests
{
    private static readonly ValidationContext Context = new("AT",
        new Dictionary<string, SubstanceKind> { ["N-MORPHINE"] = SubstanceKind.NarcoticDrug, ["N-CODEINE"] = SubstanceKind.NarcoticDrug, ["P-DIAZEPAM"] = SubstanceKind.PsychotropicSubstance },
        new HashSet<string> { "AT", "IN", "DE" }, new BalanceTolerance(1m, 0.005m));

    private static SubmissionLine Balance(int line, decimal opening, decimal imports, decimal consumption, decimal closing, string unit = "kg", string substance = "N-MORPHINE") => new()
    {
        LineNumber = line, Section = LineSection.Balance, SubstanceCode = substance, Unit = unit, OpeningStock = opening, Imports = imports, Consumption = consumption, ClosingStock = closing,
        Production = 0, Manufacture = 0, Exports = 0, OtherUses = 0,
    };

    [Fact]
    public void A_stock_balance_that_adds_up_has_no_problem()
    {
        Assert.Empty(StatisticsRules.Validate(StatisticsForm.C, [Balance(2, 100, 50, 70, 80)], Context));
    }

    [Fact]
    public void A_stock_balance_that_does_not_add_up_is_a_problem_on_its_line_with_the_figures()
    {
        var problems = StatisticsRules.Validate(StatisticsForm.C, [Balance(2, 100, 50, 70, 80), Balance(3, 10, 5, 5, 20, substance: "N-CODEINE")], Context);
        var p = Assert.Single(problems);
        Assert.Equal(3, p.Line);
        Assert.Equal("closingStock", p.Field);
        Assert.Equal("Monitoring.Problem.Balance", p.Code);
        Assert.Contains("= 10 kg, but the closing stock is 20 kg (difference 10 kg", p.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80.4, true)]   // 0.4 kg off: within 0.5 % of 150 kg (0.75 kg)
    [InlineData(81, false)]    // 1 kg off: beyond it
    public void The_tolerance_is_relative_to_the_stock_and_inflows(double closing, bool ok)
    {
        var problems = StatisticsRules.Validate(StatisticsForm.C, [Balance(1, 100, 50, 70, (decimal)closing)], Context);
        Assert.Equal(ok, problems.Count == 0);
    }

    [Fact]
    public void The_absolute_tolerance_is_in_grams_whatever_the_unit()
    {
        // 0.5 g off in milligrams is within the 1 g absolute tolerance; 2 g off is not.
        Assert.Empty(StatisticsRules.Validate(StatisticsForm.C, [Balance(1, 0, 0, 0, 500, "mg")], Context));
        Assert.Single(StatisticsRules.Validate(StatisticsForm.C, [Balance(1, 0, 0, 0, 2000, "mg")], Context));
    }

    [Fact]
    public void Every_problem_of_every_line_is_returned()
    {
        SubmissionLine[] lines =
        [
            new() { LineNumber = 1, Section = LineSection.Trade, SubstanceCode = "P-DIAZEPAM", Unit = "L", Direction = null, PartnerCountry = "AT", Quantity = -1 },
            new() { LineNumber = 2, Section = LineSection.Trade, SubstanceCode = "N-MORPHINE", Unit = "kg", Direction = TradeDirection.Import, PartnerCountry = "XX", Quantity = 5 },
            new() { LineNumber = 3, Section = LineSection.Trade, SubstanceCode = "N-MORPHINE", Unit = "g", Direction = TradeDirection.Export, PartnerCountry = "DE", Quantity = null },
            new() { LineNumber = 4, Section = LineSection.Balance, SubstanceCode = "N-MORPHINE", Unit = "g" },
        ];
        var problems = StatisticsRules.Validate(StatisticsForm.A, lines, Context);
        var byLine = problems.GroupBy(p => p.Line).ToDictionary(g => g.Key, g => g.Select(p => p.Code).ToList());
        Assert.Equal(["Monitoring.Problem.Substance", "Monitoring.Problem.Unit", "Monitoring.Problem.Negative", "Monitoring.Problem.Direction", "Monitoring.Problem.OwnCountry"], byLine[1]);
        Assert.Equal(["Monitoring.Problem.Partner"], byLine[2]);
        Assert.Equal(["Monitoring.Problem.Required"], byLine[3]);
        Assert.Contains("Monitoring.Problem.Section", byLine[4]);
    }

    [Fact]
    public void The_same_trade_twice_is_a_duplicate_naming_the_first_line()
    {
        SubmissionLine Trade(int n) => new() { LineNumber = n, Section = LineSection.Trade, SubstanceCode = "N-MORPHINE", Unit = "kg", Direction = TradeDirection.Import, PartnerCountry = "IN", Quantity = 1 };
        var p = Assert.Single(StatisticsRules.Validate(StatisticsForm.A, [Trade(5), Trade(9)], Context));
        Assert.Equal(9, p.Line);
        Assert.Equal(["", "5"], p.Args.Select(a => a.Contains("IN", StringComparison.Ordinal) ? "" : a));
    }

    [Fact]
    public void An_empty_form_is_a_problem_of_the_whole_submission()
    {
        Assert.Equal(0, Assert.Single(StatisticsRules.Validate(StatisticsForm.P, [], Context)).Line);
    }

    [Fact]
    public void Grams_convert_from_the_unit_of_mass()
    {
        Assert.Equal(2500m, StatisticsRules.Grams(2.5m, "kg"));
        Assert.Equal(0.25m, StatisticsRules.Grams(250m, "mg"));
        Assert.Equal(0m, StatisticsRules.Grams(1m, "L"));
    }

    [Theory]
    [InlineData(StatisticsForm.A, 1, "2025-04-30")]
    [InlineData(StatisticsForm.A, 4, "2026-01-31")]
    [InlineData(StatisticsForm.C, 0, "2026-06-30")]
    [InlineData(StatisticsForm.D, 0, "2026-06-30")]
    public void Deadlines_follow_the_form(StatisticsForm form, int quarter, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ReportingCalendar.Deadline(form, 2025, Math.Max(1, quarter)));
    }
}
