using System.Globalization;
using Cordon.Domain.Reference;

namespace Cordon.Domain.Monitoring;

/// <summary>One problem of a submission, on its line (0 for the submission as a whole).</summary>
public sealed record LineProblem(int Line, string Field, string Code, IReadOnlyList<string> Args)
{
    /// <summary>English text; the UI shows the translation of <see cref="Code"/> with the same arguments.</summary>
    public string Message => string.Format(CultureInfo.InvariantCulture, StatisticsRules.Templates[Code], Args.Cast<object>().ToArray());
}

/// <summary>How far the stock balance may be off before it is a problem: the larger of an absolute and a relative margin.</summary>
public sealed record BalanceTolerance(decimal AbsoluteGrams = 1m, decimal Relative = 0.005m);

/// <summary>What the rules need to know of the reference data.</summary>
public sealed record ValidationContext(
    string ReporterCountry,
    IReadOnlyDictionary<string, SubstanceKind> Substances,
    IReadOnlySet<string> Countries,
    BalanceTolerance Tolerance);

/// <summary>
/// Validation of the statistical forms on entry. Pure: returns every problem with its line number, never stops at
/// the first, so a Party sees all of them at once (in the web form, the Excel upload and the API alike).
/// </summary>
public static class StatisticsRules
{
    public static readonly IReadOnlyDictionary<string, string> Templates = new Dictionary<string, string>
    {
        ["Monitoring.Problem.Empty"] = "The form has no lines.",
        ["Monitoring.Problem.Number"] = "'{0}' in column {1} is not a number.",
        ["Monitoring.Problem.Workbook"] = "The file is not an Excel workbook made from the template of form {0}: {1}",
        ["Monitoring.Problem.Section"] = "Form {0} has no '{1}' lines.",
        ["Monitoring.Problem.Substance"] = "'{0}' is not a substance code of this form ({1}).",
        ["Monitoring.Problem.Unit"] = "'{0}' is not a unit of mass (ug, mg, g, kg, t).",
        ["Monitoring.Problem.Volume"] = "'{0}' is a volume: only liquid precursors with a known density (e.g. acetic anhydride, acetone, toluene, sulphuric acid) may be reported in mL, L or m3 on Form D; report {1} by mass.",
        ["Monitoring.Problem.Direction"] = "State whether the line is an import or an export.",
        ["Monitoring.Problem.Partner"] = "'{0}' is not an ISO 3166-1 alpha-2 country code.",
        ["Monitoring.Problem.OwnCountry"] = "The partner country cannot be the reporting country.",
        ["Monitoring.Problem.Required"] = "{0} is required.",
        ["Monitoring.Problem.Negative"] = "{0} cannot be negative.",
        ["Monitoring.Problem.Duplicate"] = "The same substance{0} is already on line {1}.",
        ["Monitoring.Problem.Balance"] = "The stock balance does not add up: opening {0} + production {1} + manufacture {2} + imports {3} - exports {4} - consumption {5} - other uses {6} = {7}, but the closing stock is {8} (difference {9}; tolerance {10}).",
    };

    public static IReadOnlyList<LineSection> SectionsOf(StatisticsForm form) => form switch
    {
        StatisticsForm.A => [LineSection.Trade],
        StatisticsForm.C => [LineSection.Balance],
        StatisticsForm.P => [LineSection.Balance, LineSection.Trade],
        _ => [LineSection.Seizure, LineSection.Trade, LineSection.Requirement],
    };

    public static SubstanceKind KindOf(StatisticsForm form) => form switch
    {
        StatisticsForm.A or StatisticsForm.C => SubstanceKind.NarcoticDrug,
        StatisticsForm.P => SubstanceKind.PsychotropicSubstance,
        _ => SubstanceKind.Precursor,
    };

    public static bool IsQuarterly(StatisticsForm form) => form == StatisticsForm.A;

    public static IReadOnlyList<LineProblem> Validate(StatisticsForm form, IReadOnlyList<SubmissionLine> lines, ValidationContext context)
    {
        var problems = new List<LineProblem>();
        if (lines.Count == 0) problems.Add(new(0, "lines", "Monitoring.Problem.Empty", []));
        var sections = SectionsOf(form);
        var kind = KindOf(form);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var l in lines)
        {
            void Add(string field, string code, params string[] args) => problems.Add(new(l.LineNumber, field, code, args));
            if (!sections.Contains(l.Section)) Add("section", "Monitoring.Problem.Section", form.ToString(), l.Section.ToString());
            var substanceOk = context.Substances.TryGetValue(l.SubstanceCode, out var k) && k == kind;
            if (!substanceOk) Add("substance", "Monitoring.Problem.Substance", l.SubstanceCode, kind.ToString());
            var unit = UnitOfMeasure.Find(l.Unit);
            // Form D takes litres too (as the real form does), for the liquids whose density is known; the figure is kept as entered.
            var liquidByVolume = form == StatisticsForm.D && unit is { Dimension: Dimension.Volume } && PrecursorDensities.Of(l.SubstanceCode) is not null;
            if (unit is { Dimension: Dimension.Volume } && form == StatisticsForm.D && !liquidByVolume) Add("unit", "Monitoring.Problem.Volume", l.Unit, l.SubstanceCode);
            else if (unit is not { Dimension: Dimension.Mass } && !liquidByVolume) Add("unit", "Monitoring.Problem.Unit", l.Unit);

            foreach (var (field, value) in Amounts(l))
                if (value < 0) Add(field, "Monitoring.Problem.Negative", field);

            switch (l.Section)
            {
                case LineSection.Trade:
                    if (l.Direction is null) Add("direction", "Monitoring.Problem.Direction");
                    var partner = l.PartnerCountry ?? "";
                    if (!Country.IsWellFormedAlpha2(partner) || !context.Countries.Contains(partner)) Add("partner", "Monitoring.Problem.Partner", partner);
                    else if (partner == context.ReporterCountry) Add("partner", "Monitoring.Problem.OwnCountry");
                    if (l.Quantity is null) Add("quantity", "Monitoring.Problem.Required", "quantity");
                    break;
                case LineSection.Balance:
                    if (l.OpeningStock is null) Add("openingStock", "Monitoring.Problem.Required", "openingStock");
                    if (l.ClosingStock is null) Add("closingStock", "Monitoring.Problem.Required", "closingStock");
                    else if (l.OpeningStock is not null && unit is { Dimension: Dimension.Mass } && BalanceProblem(l, unit, context.Tolerance) is { } p) problems.Add(p);
                    break;
                default:
                    if (l.Quantity is null) Add("quantity", "Monitoring.Problem.Required", "quantity");
                    break;
            }

            var key = $"{l.Section}|{l.SubstanceCode}|{l.Direction}|{l.PartnerCountry}";
            if (seen.TryGetValue(key, out var first))
                Add("substance", "Monitoring.Problem.Duplicate", l.Section == LineSection.Trade ? $" ({l.Direction}, {l.PartnerCountry})" : "", first.ToString(CultureInfo.InvariantCulture));
            else seen[key] = l.LineNumber;
        }
        return problems;
    }

    private static IEnumerable<(string Field, decimal? Value)> Amounts(SubmissionLine l) =>
    [
        ("quantity", l.Quantity), ("openingStock", l.OpeningStock), ("production", l.Production), ("manufacture", l.Manufacture), ("imports", l.Imports),
        ("exports", l.Exports), ("consumption", l.Consumption), ("otherUses", l.OtherUses), ("closingStock", l.ClosingStock),
    ];

    /// <summary>Opening + production + manufacture + imports - exports - consumption - other uses, in the line's unit.</summary>
    public static decimal ExpectedClosing(SubmissionLine l) =>
        (l.OpeningStock ?? 0) + (l.Production ?? 0) + (l.Manufacture ?? 0) + (l.Imports ?? 0) - (l.Exports ?? 0) - (l.Consumption ?? 0) - (l.OtherUses ?? 0);

    /// <summary>The stock-balance problem of a line, or null when it adds up within the tolerance (compared in grams).</summary>
    public static LineProblem? BalanceProblem(SubmissionLine l, UnitOfMeasure unit, BalanceTolerance tolerance)
    {
        var expected = ExpectedClosing(l);
        var closing = l.ClosingStock ?? 0;
        var differenceGrams = Math.Abs(expected - closing) * unit.ToBase;
        var inflowGrams = ((l.OpeningStock ?? 0) + (l.Production ?? 0) + (l.Manufacture ?? 0) + (l.Imports ?? 0)) * unit.ToBase;
        var allowedGrams = Math.Max(tolerance.AbsoluteGrams, tolerance.Relative * inflowGrams);
        if (differenceGrams <= allowedGrams) return null;
        string F(decimal? v) => (v ?? 0).ToString("0.###", CultureInfo.InvariantCulture) + " " + unit.Code;
        return new LineProblem(l.LineNumber, "closingStock", "Monitoring.Problem.Balance",
        [
            F(l.OpeningStock), F(l.Production), F(l.Manufacture), F(l.Imports), F(l.Exports), F(l.Consumption), F(l.OtherUses), F(expected), F(closing),
            F(closing - expected), (allowedGrams / unit.ToBase).ToString("0.###", CultureInfo.InvariantCulture) + " " + unit.Code,
        ]);
    }

    /// <summary>Grams of a quantity entered in a unit of mass (0 when the unit is not one).</summary>
    public static decimal Grams(decimal? amount, string unit) =>
        UnitOfMeasure.Find(unit) is { Dimension: Dimension.Mass } u && amount is { } a ? a * u.ToBase : 0m;

    /// <summary>Grams of a quantity of a substance: a mass directly, a volume through the substance's density (<see cref="PrecursorDensities"/>); else 0.</summary>
    public static decimal Grams(decimal? amount, string unit, string substanceCode) =>
        amount is { } a && PrecursorDensities.Grams(a, unit, substanceCode) is { } g ? g : 0m;
}

/// <summary>When each form is due (INCB: Form A within one month after the quarter; Forms C, P and D by 30 June of the next year).</summary>
public static class ReportingCalendar
{
    public static DateOnly Deadline(StatisticsForm form, int year, int quarter) => form == StatisticsForm.A
        ? new DateOnly(year, quarter * 3, 1).AddMonths(2).AddDays(-1)
        : new DateOnly(year + 1, 6, 30);

    /// <summary>The periods of a reporting year: four quarters for Form A, the year for the others.</summary>
    public static IEnumerable<int> Quarters(StatisticsForm form) => form == StatisticsForm.A ? [1, 2, 3, 4] : [0];
}
