using Cordon.Domain.Permits;

namespace Cordon.Domain.Tests.Permits;

public class PermitRuleTests
{
    private static Permit Issued(decimal quantity = 20, string appendix = "II", string species = "Python regius", decimal? second = null) => new()
    {
        Number = "AT-26-E-000001", Type = PermitType.Export, Status = PermitStatus.Issued, IssuingCountry = "AT", ExportingCountry = "AT", ImportingCountry = "IN",
        ExporterName = "E", ExporterAddress = "A", ImporterName = "I", ImporterAddress = "B", Purpose = "T",
        Lines = second is { } q2
            ? [Line(1, species, appendix, quantity), Line(2, "Aloe ferox", "II", q2)]
            : [Line(1, species, appendix, quantity)],
        ValidFrom = new DateOnly(2026, 1, 1), ValidUntil = new DateOnly(2026, 6, 30),
    };

    private static PermitLine Line(int n, string species, string appendix, decimal quantity) => new()
    {
        LineNumber = n, Source = "C", ScientificName = species, Appendix = appendix, Description = "Live", Quantity = quantity, RemainingQuantity = quantity, Unit = "NO",
    };

    private static Dictionary<int, decimal> Q(params (int Line, decimal Quantity)[] q) => q.ToDictionary(x => x.Line, x => x.Quantity);

    [Fact]
    public void Export_permits_are_valid_at_most_six_months_and_import_permits_twelve()
    {
        var from = new DateOnly(2026, 1, 15);
        Assert.True(PermitRules.IsValidPeriod(PermitType.Export, from, new DateOnly(2026, 7, 15)));
        Assert.False(PermitRules.IsValidPeriod(PermitType.Export, from, new DateOnly(2026, 7, 16)));
        Assert.False(PermitRules.IsValidPeriod(PermitType.ReExport, from, new DateOnly(2026, 8, 1)));
        Assert.True(PermitRules.IsValidPeriod(PermitType.Import, from, new DateOnly(2027, 1, 15)));
        Assert.False(PermitRules.IsValidPeriod(PermitType.Export, from, from.AddDays(-1)));
    }

    [Theory]
    [InlineData(PermitType.Export, "II", "W", true)]
    [InlineData(PermitType.Export, "I", "W", true)]
    [InlineData(PermitType.Export, "II", "C", false)]
    [InlineData(PermitType.Export, "III", "W", false)]
    [InlineData(PermitType.Import, "I", "C", true)]
    [InlineData(PermitType.ReExport, "II", "W", false)]
    public void Non_detriment_advice_is_required_for_wild_exports_of_Appendix_I_and_II(PermitType type, string appendix, string source, bool required) =>
        Assert.Equal(required, PermitRules.NeedsNonDetrimentAdvice(type, appendix, source));

    [Fact]
    public void Import_permits_only_for_Appendix_I_and_re_exports_name_the_original_permit()
    {
        Assert.NotNull(PermitRules.TypeError(PermitType.Import, "II", "T", null));
        Assert.NotNull(PermitRules.TypeError(PermitType.ReExport, "II", "T", null));
        Assert.Null(PermitRules.TypeError(PermitType.ReExport, "II", "T", "IN-25-E-000001"));
        Assert.Null(PermitRules.TypeError(PermitType.Import, "I", "Z", null));
    }

    [Fact]
    public void Quantity_balance_refuses_over_quantity_second_use_and_out_of_validity()
    {
        var p = Issued(20);
        Assert.True(PermitRules.CheckEndorsement(p, Q((1, 20)), new DateOnly(2026, 3, 1)).Allowed);
        var over = PermitRules.CheckEndorsement(p, Q((1, 21)), new DateOnly(2026, 3, 1));
        Assert.False(over.Allowed);
        Assert.True(over.OverQuantity);
        Assert.Equal([1], over.OverLines);
        Assert.False(PermitRules.CheckEndorsement(p, Q((1, 5)), new DateOnly(2026, 7, 1)).Allowed);
        Assert.False(PermitRules.CheckEndorsement(p, Q((1, 0)), new DateOnly(2026, 3, 1)).Allowed);
        Assert.False(PermitRules.CheckEndorsement(p, Q((2, 1)), new DateOnly(2026, 3, 1)).Allowed);
        p.Status = PermitStatus.Used;
        var again = PermitRules.CheckEndorsement(p, Q((1, 1)), new DateOnly(2026, 3, 1));
        Assert.False(again.Allowed);
        Assert.False(again.OverQuantity);
        Assert.Equal("used", PermitRules.StatusOn(p, new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public void Each_line_has_its_own_balance_and_lines_not_named_were_not_shipped()
    {
        var p = Issued(20, second: 5);
        Assert.True(PermitRules.CheckEndorsement(p, Q((1, 20)), new DateOnly(2026, 3, 1)).Allowed);
        Assert.True(PermitRules.CheckEndorsement(p, Q((1, 3), (2, 5)), new DateOnly(2026, 3, 1)).Allowed);
        var over = PermitRules.CheckEndorsement(p, Q((1, 3), (2, 6)), new DateOnly(2026, 3, 1));
        Assert.True(over.OverQuantity);
        Assert.Equal([2], over.OverLines);
        Assert.Contains("Line 2", over.Reason, StringComparison.Ordinal);
        Assert.True(PermitRules.Score(p, [], 0, Q((2, 6))).Inspect);
        Assert.False(PermitRules.Score(p, [], 0, Q((2, 5))).Inspect);
    }

    [Fact]
    public void Status_at_a_date_is_valid_expired_or_cancelled()
    {
        var p = Issued();
        Assert.Equal("valid", PermitRules.StatusOn(p, new DateOnly(2026, 6, 30)));
        Assert.Equal("expired", PermitRules.StatusOn(p, new DateOnly(2026, 7, 1)));
        p.Status = PermitStatus.Cancelled;
        Assert.Equal("cancelled", PermitRules.StatusOn(p, new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public void Risk_score_adds_the_matching_active_rules_and_caps_at_100()
    {
        var rules = new[]
        {
            new PermitRiskRule { Kind = "appendix", Value = "I", Score = 40 },
            new PermitRiskRule { Kind = "species", Value = "Hippocampus spp.", Score = 30 },
            new PermitRiskRule { Kind = "quantity-over", Value = "100", Score = 20 },
            new PermitRiskRule { Kind = "country", Value = "AT", Score = 50, Active = false },
        };
        Assert.Equal(0, PermitRules.Score(Issued(), rules).Score);
        var seahorses = PermitRules.Score(Issued(500, "II", "Hippocampus kuda"), rules);
        Assert.Equal(50, seahorses.Score);
        Assert.True(seahorses.Inspect);
        Assert.Equal(2, seahorses.Reasons.Count);
        Assert.Equal(100, PermitRules.Score(Issued(500, "I", "Hippocampus kuda"), rules, 0, Q((1, 600))).Score);
    }

    [Fact]
    public void Every_purpose_and_source_code_of_Resolution_Conf_12_3_has_its_meaning()
    {
        Assert.Equal("TZGQSHPMENBL".Select(c => c.ToString()).Order(), CitesCodes.Purposes.Keys.Order());
        Assert.Equal("WRDACFUIOX".Select(c => c.ToString()).Order(), CitesCodes.Sources.Keys.Order());
        Assert.All(CitesCodes.Sources.Values.Concat(CitesCodes.Purposes.Values), v => Assert.False(string.IsNullOrWhiteSpace(v)));
    }
}
