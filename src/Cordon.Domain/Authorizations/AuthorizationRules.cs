using System.Globalization;

namespace Cordon.Domain.Authorizations;

/// <summary>A step the officer is guided through when an authorization would exceed the estimate.</summary>
public enum ExcessStep
{
    /// <summary>Reduce the quantity to at most the remaining estimate.</summary>
    ReduceQuantity,
    /// <summary>Record the reason and proceed (assessments of psychotropic substances only).</summary>
    RecordReasonAndProceed,
    /// <summary>Ask the Secretariat for a supplementary estimate (or a new assessment).</summary>
    RequestSupplementaryEstimate,
}

/// <summary>The figures of the estimate check, in grams of anhydrous base.</summary>
public sealed record EstimateCheckResult(
    EstimateKind Kind, decimal? EstimateGrams, decimal AlreadyAuthorizedGrams, decimal ThisAuthorizationGrams, IReadOnlyList<ExcessStep> Steps)
{
    public decimal TotalGrams => AlreadyAuthorizedGrams + ThisAuthorizationGrams;
    public decimal ExcessGrams => Math.Max(0, TotalGrams - (EstimateGrams ?? 0));
    public decimal RemainingGrams => Math.Max(0, (EstimateGrams ?? 0) - AlreadyAuthorizedGrams);
    public bool Exceeded => TotalGrams > (EstimateGrams ?? 0);

    /// <summary>True when the rules let the officer record a reason and proceed.</summary>
    public bool MayProceedWithReason => Steps.Contains(ExcessStep.RecordReasonAndProceed);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{(Kind == EstimateKind.Estimate ? "estimate" : "assessment")} {(EstimateGrams is { } e ? e.ToString("0.###", CultureInfo.InvariantCulture) + " g" : "none")}; already authorized {AlreadyAuthorizedGrams:0.###} g; this authorization {ThisAuthorizationGrams:0.###} g; excess {ExcessGrams:0.###} g");
}

/// <summary>
/// The automatic check of an authorization against the importing Party's estimate (narcotic drugs, 1961 art. 19 and 21)
/// or assessment (psychotropic substances, ECOSOC resolutions): pure and constant-time, fed with the running total.
/// A narcotic drug may not be imported above the estimate: the officer reduces the quantity or asks for a supplementary
/// estimate. An assessment may be exceeded with a recorded reason.
/// </summary>
public static class EstimateCheck
{
    public static EstimateCheckResult Evaluate(EstimateKind kind, decimal? estimateGrams, decimal alreadyAuthorizedGrams, decimal thisGrams)
    {
        var total = alreadyAuthorizedGrams + thisGrams;
        IReadOnlyList<ExcessStep> steps = total <= (estimateGrams ?? 0) ? [] :
            kind == EstimateKind.Estimate
                ? [ExcessStep.ReduceQuantity, ExcessStep.RequestSupplementaryEstimate]
                : [ExcessStep.ReduceQuantity, ExcessStep.RecordReasonAndProceed, ExcessStep.RequestSupplementaryEstimate];
        return new EstimateCheckResult(kind, estimateGrams, alreadyAuthorizedGrams, thisGrams, steps);
    }

    /// <summary>The kind of figure a substance is checked against: estimates for narcotic drugs, assessments for psychotropics.</summary>
    public static EstimateKind KindFor(bool narcoticDrug) => narcoticDrug ? EstimateKind.Estimate : EstimateKind.Assessment;
}

/// <summary>The balance of an import authorization: exports can never exceed what it covers.</summary>
public static class ImportBalance
{
    public static decimal Remaining(decimal authorizedGrams, decimal exportedGrams) => Math.Max(0, authorizedGrams - exportedGrams);

    /// <summary>Null when an export of <paramref name="grams"/> may be issued against the import authorization; otherwise why not.</summary>
    public static string? Refusal(decimal authorizedGrams, decimal exportedGrams, decimal grams)
    {
        if (grams <= 0) return "The quantity must be positive.";
        if (grams > Remaining(authorizedGrams, exportedGrams))
            return string.Create(CultureInfo.InvariantCulture,
                $"The export exceeds what the import authorization still covers ({Remaining(authorizedGrams, exportedGrams):0.###} g of base remaining).");
        return null;
    }
}

/// <summary>Article 31(7) endorsement: a discrepancy is any difference between what was imported and what was shipped.</summary>
public static class EndorsementRule
{
    /// <summary>The quantity shipped: what the exporter recorded as actually exported, else what was authorized.</summary>
    public static decimal Shipped(decimal authorized, decimal? exported) => exported ?? authorized;

    public static bool IsDiscrepancy(decimal authorized, decimal? exported, decimal? imported) =>
        imported is { } i && i != Shipped(authorized, exported);
}

/// <summary>Article 13 of the 1971 Convention and article 12 for Schedule III.</summary>
public static class PsychotropicRules
{
    public static bool Prohibited(IEnumerable<ImportProhibition> prohibitions, string importingCountry, string substanceCode, DateOnly day) =>
        prohibitions.Any(p => p.CountryCode == importingCountry && p.SubstanceCode == substanceCode && p.Since <= day && (p.WithdrawnOn is null || day < p.WithdrawnOn));

    /// <summary>Schedule III psychotropic substances move on an export declaration, not an authorization (art. 12(2)).</summary>
    public static bool NeedsDeclarationOnly(string schedules) =>
        schedules.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains("III")
        && !schedules.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(s => s is "I" or "II");
}

/// <summary>
/// Conversion of an estimate entered in a salt or preparation to grams of anhydrous base: a listed salt uses its
/// reference factor, an unlisted preparation the factor the officer states, the base itself 1.
/// </summary>
public static class BaseConversion
{
    /// <summary>The factor, or null when an unlisted preparation has no valid factor (0 &lt; f &lt;= 1).</summary>
    public static decimal? Factor(Reference.ControlledSubstance substance, string? preparation, decimal? statedFactor)
    {
        if (string.IsNullOrWhiteSpace(preparation) || string.Equals(preparation.Trim(), substance.Name, StringComparison.OrdinalIgnoreCase))
            return 1m;
        var salt = substance.Salts.FirstOrDefault(x => string.Equals(x.Name, preparation.Trim(), StringComparison.OrdinalIgnoreCase));
        if (salt is { BaseFactor: > 0 and <= 1 }) return salt.BaseFactor;
        return statedFactor is > 0 and <= 1 ? statedFactor : null;
    }

    public static decimal Grams(decimal quantityInGrams, decimal factor) => decimal.Round(quantityInGrams * factor, 6);
}

/// <summary>The status a reader sees: an authorization in force whose validity has ended is expired.</summary>
public static class AuthorizationLifecycle
{
    public static AuthorizationStatus Effective(AuthorizationStatus stored, DateOnly validUntil, DateOnly today) =>
        stored is AuthorizationStatus.Issued or AuthorizationStatus.Transmitted or AuthorizationStatus.Amended && today > validUntil
            ? AuthorizationStatus.Expired : stored;

    public const int MaxValidityMonths = 12;

    /// <summary>True when the expiry job must store Expired: in force and the last day of validity has passed.</summary>
    public static bool IsDueToExpire(AuthorizationStatus stored, DateOnly validUntil, DateOnly today) =>
        Effective(stored, validUntil, today) == AuthorizationStatus.Expired && stored != AuthorizationStatus.Expired;

    public static bool IsValidPeriod(DateOnly issued, DateOnly until) => until >= issued && until <= issued.AddMonths(MaxValidityMonths);
}
