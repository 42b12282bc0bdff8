using System.Globalization;

namespace Cordon.Domain.Permits;

/// <summary>The codes of Resolution Conf. 12.3 (Rev. CoP19), with their meaning.</summary>
public static class CitesCodes
{
    public static readonly IReadOnlyDictionary<string, string> Purposes = new Dictionary<string, string>
    {
        ["T"] = "Commercial", ["Z"] = "Zoo", ["G"] = "Botanical garden", ["Q"] = "Circus or travelling exhibition",
        ["S"] = "Scientific", ["H"] = "Hunting trophy", ["P"] = "Personal", ["M"] = "Medical (including biomedical research)",
        ["E"] = "Educational", ["N"] = "Reintroduction or introduction into the wild", ["B"] = "Breeding in captivity or artificial propagation",
        ["L"] = "Law enforcement / judicial / forensic",
    };

    public static readonly IReadOnlyDictionary<string, string> Sources = new Dictionary<string, string>
    {
        ["W"] = "Specimens taken from the wild", ["R"] = "Ranched specimens", ["D"] = "Appendix-I animals bred in captivity for commercial purposes in registered operations, or Appendix-I plants artificially propagated for commercial purposes",
        ["A"] = "Plants artificially propagated (Appendix II/III, or Appendix I non-commercial)", ["C"] = "Animals bred in captivity (Res. Conf. 10.16)",
        ["F"] = "Animals born in captivity (F1 or subsequent) not meeting 'bred in captivity'", ["U"] = "Source unknown (must be justified)",
        ["I"] = "Confiscated or seized specimens", ["O"] = "Pre-Convention specimens", ["X"] = "Specimens taken in the marine environment not under the jurisdiction of any State",
    };

    public static readonly IReadOnlyList<string> Appendices = ["I", "II", "III"];
    public static readonly IReadOnlyList<string> Units = ["NO", "KIL", "G", "MTR", "M3", "LTR", "M2"];
}

/// <summary>The pure rules of permits: validity, non-detriment advice, quantity balance, status at a date, risk score.</summary>
public static class PermitRules
{
    /// <summary>Maximum validity: six months for export permits and re-export certificates, twelve for import permits and other certificates.</summary>
    public static int MaxValidityMonths(PermitType type) => type is PermitType.Export or PermitType.ReExport ? 6 : 12;

    public static bool IsValidPeriod(PermitType type, DateOnly from, DateOnly until) =>
        from < DateOnly.MaxValue.AddYears(-1) && until >= from && until <= from.AddMonths(MaxValidityMonths(type));

    /// <summary>Non-detriment advice of the Scientific Authority is needed for exports of Appendix I and II specimens from the wild (W, X, R, U) and for Appendix I imports.</summary>
    public static bool NeedsNonDetrimentAdvice(PermitType type, string appendix, string source) =>
        (type == PermitType.Export && appendix is "I" or "II" && source is "W" or "X" or "R" or "U")
        || (type == PermitType.Import && appendix == "I");

    /// <summary>An import permit is issued only for Appendix I; export permits and re-export certificates for any Appendix.</summary>
    public static string? TypeError(PermitType type, string appendix, string purpose, string? originalPermit)
    {
        if (type == PermitType.Import && appendix != "I") return "An import permit is issued for Appendix I specimens only.";
        if (type == PermitType.ReExport && string.IsNullOrWhiteSpace(originalPermit)) return "A re-export certificate names the original permit.";
        if (appendix == "I" && purpose == "T" && type is PermitType.Import) return "Appendix I specimens are not imported for primarily commercial purposes.";
        return null;
    }

    /// <summary>The permit's status as a border officer sees it on <paramref name="day"/>.</summary>
    public static string StatusOn(Permit p, DateOnly day) => p.Status switch
    {
        PermitStatus.Cancelled or PermitStatus.Rejected => "cancelled",
        PermitStatus.Used => "used",
        PermitStatus.Issued when p.ValidUntil is { } u && day > u => "expired",
        PermitStatus.Issued => "valid",
        _ => "not issued",
    };

    /// <summary>
    /// Checks a border validation: the quantity actually traded per line (line number → quantity; lines not named were not
    /// shipped). Refused when used, not issued, out of validity, naming an unknown line, or above a line's remaining quantity.
    /// </summary>
    public static EndorsementCheck CheckEndorsement(Permit p, IReadOnlyDictionary<int, decimal> quantities, DateOnly tradeDate)
    {
        if (p.Status == PermitStatus.Used) return new(false, false, "The permit has already been used.", []);
        if (p.Status != PermitStatus.Issued) return new(false, false, "The permit is not issued or has been cancelled.", []);
        if (quantities.Count == 0 || quantities.Values.Any(q => q < 0) || quantities.Values.All(q => q == 0)) return new(false, false, "The quantity traded must be positive.", []);
        var unknown = quantities.Keys.Where(n => p.Lines.All(l => l.LineNumber != n)).Order().ToList();
        if (unknown.Count > 0) return new(false, false, string.Create(CultureInfo.InvariantCulture, $"The permit has no line {unknown[0]}."), []);
        if (p.ValidFrom is { } f && tradeDate < f) return new(false, false, "The trade date is before the permit's validity.", []);
        if (p.ValidUntil is { } u && tradeDate > u) return new(false, false, "The permit had expired on the trade date.", []);
        var over = p.Lines.Where(l => quantities.TryGetValue(l.LineNumber, out var q) && q > l.RemainingQuantity).OrderBy(l => l.LineNumber).ToList();
        if (over.Count > 0)
            return new(false, true, string.Join(" ", over.Select(l => string.Create(CultureInfo.InvariantCulture,
                $"Line {l.LineNumber}: the quantity traded ({quantities[l.LineNumber]}) exceeds the quantity on the permit ({l.RemainingQuantity})."))),
                over.Select(l => l.LineNumber).ToList());
        return new(true, false, null, []);
    }

    /// <summary>The risk score of a shipment under the active rules (0–100): a rule hits when any line meets it.</summary>
    public static RiskScore Score(Permit p, IEnumerable<PermitRiskRule> rules, int earlierIncidentsOfTrader = 0, IReadOnlyDictionary<int, decimal>? quantities = null)
    {
        var reasons = new List<string>();
        var score = 0;
        decimal Presented(PermitLine l) => quantities is not null && quantities.TryGetValue(l.LineNumber, out var q) ? q : l.Quantity;
        foreach (var r in rules.Where(r => r.Active))
        {
            var hit = r.Kind switch
            {
                "species" => p.Lines.Any(l => string.Equals(l.ScientificName, r.Value, StringComparison.OrdinalIgnoreCase)
                             || (r.Value.EndsWith(" spp.", StringComparison.OrdinalIgnoreCase) && l.ScientificName.StartsWith(r.Value[..^5] + " ", StringComparison.OrdinalIgnoreCase))),
                "appendix" => p.Lines.Any(l => l.Appendix == r.Value),
                "country" => p.IssuingCountry == r.Value || p.CountryOfOrigin == r.Value,
                "source" => p.Lines.Any(l => l.Source == r.Value),
                "quantity-over" => decimal.TryParse(r.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var max) && p.Lines.Any(l => Presented(l) > max),
                "trader" => earlierIncidentsOfTrader > 0,
                _ => false,
            };
            if (!hit) continue;
            score += r.Score;
            reasons.Add($"{r.Kind} {r.Value}: +{r.Score.ToString(CultureInfo.InvariantCulture)}");
        }
        if (quantities is not null && p.Lines.Any(l => quantities.TryGetValue(l.LineNumber, out var q) && q > l.RemainingQuantity))
        {
            score += 50;
            reasons.Add("quantity over the permit: +50");
        }
        score = Math.Clamp(score, 0, 100);
        return new RiskScore(score, score >= 50, reasons);
    }
}

public sealed record EndorsementCheck(bool Allowed, bool OverQuantity, string? Reason, IReadOnlyList<int> OverLines);

public sealed record RiskScore(int Score, bool Inspect, IReadOnlyList<string> Reasons);
