using Cordon.Domain.PreExport;

namespace Cordon.Domain.Tests.PreExport;

public class PreExportRuleTests
{
    private static readonly SubstanceTerms Ephedrine = new("PRE-EPHEDRINE", "ephedrine", "I");
    private static readonly SubstanceTerms Acetone = new("PRE-ACETONE", "acetone", "II");
    private static readonly SubstanceTerms Solvent = new("NS-X", "solvent X", null);
    private static readonly DateOnly Day = new(2026, 11, 23);

    [Fact]
    public void An_invocation_for_Table_I_makes_Table_I_exports_to_that_country_mandatory_only()
    {
        InvocationTerms[] register = [new("IN", true, false, [], new DateOnly(2010, 1, 1), null)];
        Assert.True(MandatoryNotificationRule.IsMandatory(register, "IN", [Ephedrine], Day));
        Assert.False(MandatoryNotificationRule.IsMandatory(register, "IN", [Acetone], Day));
        Assert.False(MandatoryNotificationRule.IsMandatory(register, "CO", [Ephedrine], Day));
        Assert.Equal("Table I", MandatoryNotificationRule.Reasons(register, "IN", [Acetone, Ephedrine], Day).Single().Basis);
    }

    [Fact]
    public void Named_substances_are_covered_even_outside_the_tables_and_only_while_in_force()
    {
        InvocationTerms[] register = [new("KZ", false, false, ["NS-X", "PRE-ACETONE"], new DateOnly(2020, 5, 1), new DateOnly(2027, 1, 1))];
        Assert.Equal("named", MandatoryNotificationRule.Reasons(register, "KZ", [Solvent], Day).Single().Basis);
        Assert.True(MandatoryNotificationRule.IsMandatory(register, "KZ", [Acetone], Day));
        Assert.False(MandatoryNotificationRule.IsMandatory(register, "KZ", [Ephedrine], Day));
        Assert.False(MandatoryNotificationRule.IsMandatory(register, "KZ", [Acetone], new DateOnly(2020, 4, 30)));
        Assert.False(MandatoryNotificationRule.IsMandatory(register, "KZ", [Acetone], new DateOnly(2027, 1, 1)));
    }

    [Fact]
    public void The_deadline_defaults_to_15_days_and_the_countdown_never_goes_negative()
    {
        var sent = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var deadline = ReplyDeadline.From(sent, null);
        Assert.Equal(sent.AddDays(15), deadline);
        Assert.Equal("15 d 0 h", ReplyDeadline.Countdown(deadline, sent));
        Assert.Equal("5 h 30 min", ReplyDeadline.Countdown(deadline, deadline.AddHours(-5.5)));
        Assert.Equal("0 min", ReplyDeadline.Countdown(deadline, deadline.AddDays(1)));
        Assert.False(ReplyDeadline.ReminderDue(deadline, sent));
        Assert.True(ReplyDeadline.ReminderDue(deadline, deadline.AddDays(-1)));
        Assert.False(ReplyDeadline.ReminderDue(deadline, deadline));
        Assert.True(ReplyDeadline.HasPassed(deadline, deadline));
        Assert.False(ReplyDeadline.IsValidDays(0));
        Assert.True(ReplyDeadline.IsValidDays(90));
    }

    [Fact]
    public void The_requirement_check_gives_the_figures_when_the_year_total_exceeds_the_requirement()
    {
        var within = LegitimateRequirementCheck.Evaluate("PRE-EPHEDRINE", "ephedrine", 2026, 100m, 40m, 60m);
        Assert.False(within.Exceeded);
        var above = LegitimateRequirementCheck.Evaluate("PRE-EPHEDRINE", "ephedrine", 2026, 100m, 60m, 50m);
        Assert.True(above.Exceeded);
        Assert.Equal(110m, above.TotalKg);
        Assert.Equal(10m, above.ExcessKg);
        Assert.Equal("ephedrine 2026: requirement 100 kg; already notified 60 kg; this notification 50 kg; total 110 kg (10 kg above)", above.Describe());
        Assert.True(LegitimateRequirementCheck.Applies("PRE-3-4-MDP-2-P"));
        Assert.False(LegitimateRequirementCheck.Applies("PRE-ACETONE"));
    }

    [Fact]
    public void A_multi_shipment_notification_lasts_at_most_12_months_and_cannot_be_overdrawn()
    {
        var from = new DateOnly(2026, 12, 1);
        Assert.True(ShipmentBalance.IsValidPeriod(from, from.AddMonths(12)));
        Assert.False(ShipmentBalance.IsValidPeriod(from, from.AddMonths(12).AddDays(1)));
        Assert.Null(ShipmentBalance.Refusal(10m, [4m], 6m, from.AddDays(5), from, from.AddMonths(6)));
        Assert.NotNull(ShipmentBalance.Refusal(10m, [4m], 7m, from.AddDays(5), from, from.AddMonths(6)));
        Assert.NotNull(ShipmentBalance.Refusal(10m, [], 1m, from.AddMonths(7), from, from.AddMonths(6)));
        Assert.NotNull(ShipmentBalance.Refusal(10m, [], 0m, from, from, from.AddMonths(6)));
        Assert.Equal(1m, ShipmentBalance.Remaining(10m, [4m, 5m]));
    }
}
