using System.Globalization;

namespace Cordon.Domain.Monitoring;

public enum FindingKind
{
    /// <summary>A trade route (exporter, importer, substance) never seen in earlier years.</summary>
    NewRoute,
    /// <summary>A yearly quantity far outside the Party's own history (modified z-score).</summary>
    Outlier,
    /// <summary>Exports to an importer above its legitimate requirements (estimate, assessment or precursor requirement).</summary>
    AboveRequirements,
}

/// <summary>One year's flow on one route, from reported trade or notifications.</summary>
public sealed record RouteFlow(string Exporter, string Importer, string Substance, double Grams);

/// <summary>A Party's yearly total of one substance in one direction.</summary>
public sealed record YearValue(int Year, double Grams);

public sealed record PatternSettings(double ModifiedZThreshold = 3.5, int MinimumHistoryYears = 5, int NewRouteMinimumHistoryYears = 2, double MinimumGrams = 1.0);

/// <summary>What the rules look at for one year.</summary>
public sealed record PatternInput(
    int Year,
    IReadOnlyList<RouteFlow> Flows,
    IReadOnlySet<(string Exporter, string Importer, string Substance)> EarlierRoutes,
    IReadOnlyDictionary<string, int> ExporterYearsOnRecord,
    IReadOnlyDictionary<(string Country, string Substance, TradeDirection Direction), IReadOnlyList<YearValue>> History,
    IReadOnlyDictionary<(string Country, string Substance), (double Grams, string Basis)> Requirements);

/// <summary>A finding, explained in plain words (template <see cref="Code"/> with <see cref="Args"/>) with the figures that triggered it.</summary>
public sealed record TradeFinding(FindingKind Kind, string Country, string? Partner, string Substance, int Year, string Code, IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, double> Figures)
{
    /// <summary>A stable key, so the Secretariat can turn exactly this finding into an alert.</summary>
    public string Key => $"{Kind}:{Country}:{Partner}:{Substance}:{Year.ToString(CultureInfo.InvariantCulture)}";
    public string Explanation => string.Format(CultureInfo.InvariantCulture, TradePatterns.Templates[Code], Args.Cast<object>().ToArray());
}

/// <summary>Unusual trade patterns (pure): new routes, quantities far outside a Party's history, exports above the importer's requirements.</summary>
public static class TradePatterns
{
    public static readonly IReadOnlyDictionary<string, string> Templates = new Dictionary<string, string>
    {
        ["Monitoring.Finding.NewRoute"] = "{0} exported {1} g of {2} to {3} in {4}; no trade in {2} between them appears in the {5} earlier years on record.",
        ["Monitoring.Finding.Outlier"] = "{0} reported {1} of {2} g of {3} in {4}. Over the {5} earlier years the median was {6} g and the median absolute deviation {7} g: the modified z-score is {8} (threshold {9}), far outside its history.",
        ["Monitoring.Finding.OutlierConstant"] = "{0} reported {1} of {2} g of {3} in {4}, whereas each of the {5} earlier years on record was {6} g.",
        ["Monitoring.Finding.AboveRequirements"] = "Exports of {0} g of {1} to {2} in {3} exceed its legitimate requirements ({4}: {5} g) by {6} g.",
    };

    private static string G(double v) => v.ToString("#,0.###", CultureInfo.InvariantCulture);

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("No values.", nameof(values));
        var s = values.Order().ToArray();
        var mid = s.Length / 2;
        return s.Length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }

    /// <summary>Median absolute deviation from the median.</summary>
    public static double MedianAbsoluteDeviation(IReadOnlyList<double> values)
    {
        var m = Median(values);
        return Median(values.Select(v => Math.Abs(v - m)).ToArray());
    }

    /// <summary>
    /// Modified z-score of x against a history (Iglewicz and Hoaglin): 0.6745 (x - median) / MAD; when the MAD is zero,
    /// (x - median) / (1.253314 × mean absolute deviation). Infinity when every earlier value equals the median and x does not.
    /// </summary>
    public static double ModifiedZ(double x, IReadOnlyList<double> history)
    {
        var median = Median(history);
        var mad = MedianAbsoluteDeviation(history);
        if (mad > 0) return 0.6745 * (x - median) / mad;
        var meanAd = history.Average(v => Math.Abs(v - median));
        if (meanAd > 0) return (x - median) / (1.253314 * meanAd);
        return x == median ? 0 : double.PositiveInfinity * Math.Sign(x - median);
    }

    public static IReadOnlyList<TradeFinding> Find(PatternInput input, PatternSettings settings)
    {
        var findings = new List<TradeFinding>();
        var year = input.Year.ToString(CultureInfo.InvariantCulture);
        foreach (var f in input.Flows.Where(f => f.Grams >= settings.MinimumGrams))
        {
            var years = input.ExporterYearsOnRecord.GetValueOrDefault(f.Exporter);
            if (years >= settings.NewRouteMinimumHistoryYears && !input.EarlierRoutes.Contains((f.Exporter, f.Importer, f.Substance)))
                findings.Add(new(FindingKind.NewRoute, f.Exporter, f.Importer, f.Substance, input.Year, "Monitoring.Finding.NewRoute",
                    [f.Exporter, G(f.Grams), f.Substance, f.Importer, year, years.ToString(CultureInfo.InvariantCulture)],
                    new Dictionary<string, double> { ["grams"] = f.Grams, ["earlierYears"] = years }));
        }

        foreach (var ((country, substance, direction), history) in input.History)
        {
            var current = history.FirstOrDefault(h => h.Year == input.Year);
            var earlier = history.Where(h => h.Year < input.Year).Select(h => h.Grams).ToArray();
            if (current is null || earlier.Length < settings.MinimumHistoryYears) continue;
            var z = ModifiedZ(current.Grams, earlier);
            if (Math.Abs(z) <= settings.ModifiedZThreshold) continue;
            var what = direction == TradeDirection.Import ? "imports" : "exports";
            var median = Median(earlier);
            var mad = MedianAbsoluteDeviation(earlier);
            var figures = new Dictionary<string, double> { ["grams"] = current.Grams, ["median"] = median, ["mad"] = mad, ["modifiedZ"] = z, ["earlierYears"] = earlier.Length };
            findings.Add(double.IsInfinity(z)
                ? new(FindingKind.Outlier, country, null, substance, input.Year, "Monitoring.Finding.OutlierConstant",
                    [country, what, G(current.Grams), substance, year, earlier.Length.ToString(CultureInfo.InvariantCulture), G(median)], figures)
                : new(FindingKind.Outlier, country, null, substance, input.Year, "Monitoring.Finding.Outlier",
                    [country, what, G(current.Grams), substance, year, earlier.Length.ToString(CultureInfo.InvariantCulture), G(median), G(mad),
                     z.ToString("0.0", CultureInfo.InvariantCulture), settings.ModifiedZThreshold.ToString("0.0", CultureInfo.InvariantCulture)], figures));
        }

        foreach (var g in input.Flows.GroupBy(f => (f.Importer, f.Substance)))
        {
            var total = g.Sum(f => f.Grams);
            if (!input.Requirements.TryGetValue(g.Key, out var req) || total <= req.Grams + settings.MinimumGrams) continue;
            findings.Add(new(FindingKind.AboveRequirements, g.Key.Importer, null, g.Key.Substance, input.Year, "Monitoring.Finding.AboveRequirements",
                [G(total), g.Key.Substance, g.Key.Importer, year, req.Basis, G(req.Grams), G(total - req.Grams)],
                new Dictionary<string, double> { ["exportedGrams"] = total, ["requirementGrams"] = req.Grams, ["excessGrams"] = total - req.Grams }));
        }
        return findings;
    }
}
