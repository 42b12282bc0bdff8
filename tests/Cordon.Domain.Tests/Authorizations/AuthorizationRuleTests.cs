using Cordon.Domain.Authorizations;

namespace Cordon.Domain.Tests.Authorizations;

public class AuthorizationRuleTests
{
    [Fact]
    public void Within_the_estimate_there_is_no_warning_and_no_step()
    {
        var r = EstimateCheck.Evaluate(EstimateKind.Estimate, 1000m, 400m, 600m);
        Assert.False(r.Exceeded);
        Assert.Empty(r.Steps);
        Assert.Equal(0m, r.ExcessGrams);
        Assert.Equal(600m, r.RemainingGrams);
    }

    [Fact]
    public void Above_an_estimate_the_figures_and_steps_forbid_proceeding()
    {
        var r = EstimateCheck.Evaluate(EstimateKind.Estimate, 1000m, 800m, 300m);
        Assert.True(r.Exceeded);
        Assert.Equal(100m, r.ExcessGrams);
        Assert.Equal(1100m, r.TotalGrams);
        Assert.Equal(200m, r.RemainingGrams);
        Assert.Equal([ExcessStep.ReduceQuantity, ExcessStep.RequestSupplementaryEstimate], r.Steps);
        Assert.False(r.MayProceedWithReason);
        Assert.Contains("excess 100 g", r.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Above_an_assessment_the_officer_may_record_a_reason_and_proceed()
    {
        var r = EstimateCheck.Evaluate(EstimateKind.Assessment, 1000m, 1000m, 1m);
        Assert.True(r.Exceeded);
        Assert.True(r.MayProceedWithReason);
        Assert.Contains(ExcessStep.RequestSupplementaryEstimate, r.Steps);
    }

    [Fact]
    public void Without_an_estimate_any_quantity_is_an_excess()
    {
        var r = EstimateCheck.Evaluate(EstimateKind.Estimate, null, 0m, 5m);
        Assert.True(r.Exceeded);
        Assert.Equal(5m, r.ExcessGrams);
        Assert.Contains("estimate none", r.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Exports_are_tracked_against_the_remaining_balance()
    {
        Assert.Null(ImportBalance.Refusal(1000m, 0m, 400m));
        Assert.Null(ImportBalance.Refusal(1000m, 400m, 600m));
        Assert.NotNull(ImportBalance.Refusal(1000m, 400m, 600.001m));
        Assert.NotNull(ImportBalance.Refusal(1000m, 0m, 0m));
        Assert.Equal(0m, ImportBalance.Remaining(1000m, 1200m));
    }

    [Fact]
    public void A_discrepancy_compares_the_quantity_imported_with_what_was_shipped()
    {
        Assert.False(EndorsementRule.IsDiscrepancy(10m, null, null));
        Assert.False(EndorsementRule.IsDiscrepancy(10m, null, 10m));
        Assert.True(EndorsementRule.IsDiscrepancy(10m, null, 9m));
        Assert.False(EndorsementRule.IsDiscrepancy(10m, 8m, 8m));
        Assert.True(EndorsementRule.IsDiscrepancy(10m, 8m, 10m));
    }

    [Fact]
    public void Article_13_prohibitions_apply_while_in_force()
    {
        var p = new ImportProhibition { CountryCode = "KZ", SubstanceCode = "P-X", Since = new DateOnly(2020, 1, 1), WithdrawnOn = new DateOnly(2025, 1, 1) };
        Assert.True(PsychotropicRules.Prohibited([p], "KZ", "P-X", new DateOnly(2022, 6, 1)));
        Assert.False(PsychotropicRules.Prohibited([p], "KZ", "P-X", new DateOnly(2019, 12, 31)));
        Assert.False(PsychotropicRules.Prohibited([p], "KZ", "P-X", new DateOnly(2025, 1, 1)));
        Assert.False(PsychotropicRules.Prohibited([p], "AT", "P-X", new DateOnly(2022, 6, 1)));
    }

    [Fact]
    public void Schedule_III_moves_on_a_declaration_and_validity_ends_in_expiry()
    {
        Assert.True(PsychotropicRules.NeedsDeclarationOnly("III"));
        Assert.False(PsychotropicRules.NeedsDeclarationOnly("IV"));
        Assert.False(PsychotropicRules.NeedsDeclarationOnly("II;III"));
        var until = new DateOnly(2026, 6, 30);
        Assert.Equal(AuthorizationStatus.Expired, AuthorizationLifecycle.Effective(AuthorizationStatus.Transmitted, until, until.AddDays(1)));
        Assert.Equal(AuthorizationStatus.Transmitted, AuthorizationLifecycle.Effective(AuthorizationStatus.Transmitted, until, until));
        Assert.Equal(AuthorizationStatus.Endorsed, AuthorizationLifecycle.Effective(AuthorizationStatus.Endorsed, until, until.AddDays(9)));
        Assert.False(AuthorizationLifecycle.IsValidPeriod(until, until.AddMonths(13)));
    }

    [Fact]
    public void The_expiry_job_stores_Expired_only_for_authorizations_in_force_past_their_last_day()
    {
        var until = new DateOnly(2026, 6, 30);
        Assert.False(AuthorizationLifecycle.IsDueToExpire(AuthorizationStatus.Transmitted, until, until));
        Assert.True(AuthorizationLifecycle.IsDueToExpire(AuthorizationStatus.Transmitted, until, until.AddDays(1)));
        Assert.True(AuthorizationLifecycle.IsDueToExpire(AuthorizationStatus.Amended, until, until.AddDays(1)));
        Assert.False(AuthorizationLifecycle.IsDueToExpire(AuthorizationStatus.Expired, until, until.AddDays(1)));
        Assert.False(AuthorizationLifecycle.IsDueToExpire(AuthorizationStatus.Endorsed, until, until.AddDays(1)));
        Assert.False(AuthorizationLifecycle.IsDueToExpire(AuthorizationStatus.Used, until, until.AddDays(1)));
        Assert.False(AuthorizationLifecycle.IsDueToExpire(AuthorizationStatus.Draft, until, until.AddDays(1)));
    }

    [Fact]
    public void An_estimate_in_a_salt_or_preparation_is_converted_with_the_reference_or_the_stated_factor()
    {
        var s = new Cordon.Domain.Reference.ControlledSubstance
        {
            Code = "N-PETHIDINE", Name = "pethidine",
            Salts = [new Cordon.Domain.Reference.SubstanceSalt { SubstanceCode = "N-PETHIDINE", Name = "pethidine hydrochloride", BaseFactor = 0.8715m }],
        };
        Assert.Equal(1m, BaseConversion.Factor(s, null, 0.5m));
        Assert.Equal(1m, BaseConversion.Factor(s, "Pethidine", null));
        Assert.Equal(0.8715m, BaseConversion.Factor(s, "PETHIDINE HYDROCHLORIDE", 0.5m));
        Assert.Equal(0.25m, BaseConversion.Factor(s, "pethidine injection 50 mg/ml", 0.25m));
        Assert.Null(BaseConversion.Factor(s, "pethidine injection 50 mg/ml", null));
        Assert.Null(BaseConversion.Factor(s, "pethidine injection 50 mg/ml", 1.5m));
        Assert.Equal(8715m, BaseConversion.Grams(10_000m, 0.8715m));
    }
}
