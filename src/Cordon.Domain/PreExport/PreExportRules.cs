using System.Globalization;

namespace Cordon.Domain.PreExport;

/// <summary>The reply deadline set by the exporter and the countdown shown to both sides.</summary>
public static class ReplyDeadline
{
    public const int DefaultDays = 15;
    public const int MinDays = 1;
    public const int MaxDays = 90;

    /// <summary>A reminder goes to the importer this long before the deadline.</summary>
    public static readonly TimeSpan ReminderBefore = TimeSpan.FromDays(2);

    public static DateTimeOffset From(DateTimeOffset sentAt, int? days) => sentAt.AddDays(days ?? DefaultDays);

    public static bool IsValidDays(int days) => days is >= MinDays and <= MaxDays;

    public static bool HasPassed(DateTimeOffset deadline, DateTimeOffset now) => now >= deadline;

    public static bool ReminderDue(DateTimeOffset deadline, DateTimeOffset now) => !HasPassed(deadline, now) && now >= deadline - ReminderBefore;

    /// <summary>Time left, never negative.</summary>
    public static TimeSpan Remaining(DateTimeOffset deadline, DateTimeOffset now) => deadline > now ? deadline - now : TimeSpan.Zero;

    /// <summary>"3 d 4 h", "5 h 12 min", or "0 min" when passed (language-neutral units).</summary>
    public static string Countdown(DateTimeOffset deadline, DateTimeOffset now)
    {
        var left = Remaining(deadline, now);
        if (left.TotalDays >= 1) return string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalDays} d {left.Hours} h");
        if (left.TotalHours >= 1) return string.Create(CultureInfo.InvariantCulture, $"{left.Hours} h {left.Minutes} min");
        return string.Create(CultureInfo.InvariantCulture, $"{left.Minutes} min");
    }
}

/// <summary>What an invocation covers, as the rule needs it.</summary>
public sealed record InvocationTerms(string CountryCode, bool TableI, bool TableII, IReadOnlyCollection<string> NamedSubstances, DateOnly Since, DateOnly? WithdrawnOn)
{
    public static InvocationTerms Of(Invocation i) => new(i.CountryCode, i.TableI, i.TableII, i.NamedSubstanceCodes.ToList(), i.Since, i.WithdrawnOn);

    public bool InForceOn(DateOnly day) => Since <= day && (WithdrawnOn is null || day < WithdrawnOn);
}

/// <summary>A substance as the rules see it: code, name and its 1988 table ("I", "II" or none).</summary>
public sealed record SubstanceTerms(string Code, string Name, string? Table);

/// <summary>Why a notification is mandatory: the invocation that covers one substance.</summary>
public sealed record MandatoryReason(string SubstanceCode, string SubstanceName, string Basis, DateOnly Since);

/// <summary>
/// Article 12(10)(a): an export to a Government that invoked it, of a substance its invocation covers (Table I,
/// Table II, or named), on a day the invocation is in force, must be notified beforehand.
/// </summary>
public static class MandatoryNotificationRule
{
    public static IReadOnlyList<MandatoryReason> Reasons(IEnumerable<InvocationTerms> invocations, string importingCountry, IEnumerable<SubstanceTerms> substances, DateOnly day)
    {
        var inForce = invocations.Where(i => i.CountryCode == importingCountry && i.InForceOn(day)).ToList();
        var reasons = new List<MandatoryReason>();
        foreach (var s in substances)
        {
            foreach (var i in inForce)
            {
                string? basis = null;
                if (i.NamedSubstances.Contains(s.Code, StringComparer.Ordinal)) basis = "named";
                else if (s.Table == "I" && i.TableI) basis = "Table I";
                else if (s.Table == "II" && i.TableII) basis = "Table II";
                if (basis is null) continue;
                reasons.Add(new MandatoryReason(s.Code, s.Name, basis, i.Since));
                break;
            }
        }
        return reasons;
    }

    public static bool IsMandatory(IEnumerable<InvocationTerms> invocations, string importingCountry, IEnumerable<SubstanceTerms> substances, DateOnly day) =>
        Reasons(invocations, importingCountry, substances, day).Count > 0;
}

/// <summary>The result of the legitimate-requirements check for one substance.</summary>
public sealed record RequirementFigures(string SubstanceCode, string SubstanceName, int Year, decimal RequirementKg, decimal AlreadyNotifiedKg, decimal ThisNotificationKg)
{
    public decimal TotalKg => AlreadyNotifiedKg + ThisNotificationKg;
    public decimal ExcessKg => TotalKg - RequirementKg;
    public bool Exceeded => TotalKg > RequirementKg;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{SubstanceName} {Year}: requirement {RequirementKg:0.###} kg; already notified {AlreadyNotifiedKg:0.###} kg; this notification {ThisNotificationKg:0.###} kg; total {TotalKg:0.###} kg ({ExcessKg:0.###} kg above)");
}

/// <summary>
/// Annual legitimate requirements of the main ATS precursors: a notification that brings the importing Party's
/// year total above its requirement warns both sides with the figures.
/// </summary>
public static class LegitimateRequirementCheck
{
    /// <summary>Ephedrine, pseudoephedrine, P-2-P and 3,4-MDP-2-P (requirements are published for these).</summary>
    public static readonly IReadOnlyList<string> Substances = ["PRE-EPHEDRINE", "PRE-PSEUDOEPHEDRINE", "PRE-P-2-P", "PRE-3-4-MDP-2-P"];

    public static bool Applies(string substanceCode) => Substances.Contains(substanceCode, StringComparer.Ordinal);

    public static RequirementFigures Evaluate(string code, string name, int year, decimal requirementKg, decimal alreadyNotifiedKg, decimal thisKg) =>
        new(code, name, year, requirementKg, alreadyNotifiedKg, thisKg);
}

/// <summary>The balance of a multi-shipment notification: what remains after the shipments recorded against it.</summary>
public static class ShipmentBalance
{
    public const int MaxMonths = 12;

    public static bool IsValidPeriod(DateOnly from, DateOnly until) => until >= from && until <= from.AddMonths(MaxMonths);

    public static decimal Remaining(decimal notified, IEnumerable<decimal> shipped) => notified - shipped.Sum();

    /// <summary>Null when the shipment may be recorded; otherwise why not.</summary>
    public static string? Refusal(decimal notified, IEnumerable<decimal> shipped, decimal quantity, DateOnly shippedOn, DateOnly from, DateOnly until)
    {
        if (quantity <= 0) return "The quantity must be positive.";
        if (shippedOn < from || shippedOn > until) return "The shipment date lies outside the notification's validity.";
        if (quantity > Remaining(notified, shipped)) return "The shipment exceeds the quantity remaining on the notification.";
        return null;
    }
}

/// <summary>An export reported in Monitoring (Form D licit trade) by an exporting Party to a partner, in grams, for one year.</summary>
public sealed record ReportedExport(string Exporter, string Importer, string SubstanceCode, double Grams);

/// <summary>A reported export to an invoking Government, of a substance its invocation covers, for which no notification was filed.</summary>
public sealed record UnnotifiedExport(string Exporter, string Importer, string SubstanceCode, string SubstanceName, int Year, double ReportedGrams, string Basis, DateOnly InvokedSince)
{
    public string Explanation => string.Create(CultureInfo.InvariantCulture,
        $"{Exporter} reported exports of {ReportedGrams:#,0.###} g of {SubstanceName} to {Importer} in {Year}. {Importer} has invoked article 12(10)(a) for {SubstanceName} ({Basis}) since {InvokedSince:yyyy-MM-dd}, but no pre-export notification from {Exporter} to {Importer} of {SubstanceName} has a dispatch date in {Year}.");
}

/// <summary>How much of the trade reported to one invoking Government in a year was pre-notified (routes = exporter and substance).</summary>
public sealed record InvocationCoverage(string Importer, int Year, int ReportedRoutes, int NotifiedRoutes, double ReportedGrams, double UnnotifiedGrams)
{
    /// <summary>Share of the reported routes with at least one notification; null when nothing was reported.</summary>
    public double? Coverage => ReportedRoutes == 0 ? null : (double)NotifiedRoutes / ReportedRoutes;
}

/// <summary>
/// Article 12(10)(a), after the fact: exports reported by the exporting Party (Monitoring, Form D) to a Government whose invocation
/// covered the substance during the year, matched with the notifications by Party pair, substance and year of dispatch.
/// A route with any notification in the year counts as notified (quantities are compared by the Monitoring cross-check).
/// </summary>
public static class UnnotifiedExportRule
{
    /// <summary>The invocation (basis and date) covering the substance at some time in the year, or null.</summary>
    public static MandatoryReason? Covering(IEnumerable<InvocationTerms> invocations, string importer, SubstanceTerms substance, int year)
    {
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        foreach (var i in invocations.Where(i => i.CountryCode == importer && i.Since <= last && (i.WithdrawnOn is null || i.WithdrawnOn > first)).OrderBy(i => i.Since))
        {
            var day = i.Since > first ? i.Since : first;
            var reasons = MandatoryNotificationRule.Reasons([i], importer, [substance], day);
            if (reasons.Count > 0) return reasons[0];
        }
        return null;
    }

    public static (IReadOnlyList<UnnotifiedExport> Unnotified, IReadOnlyList<InvocationCoverage> Coverage) Find(
        int year, IEnumerable<InvocationTerms> invocations, IReadOnlyDictionary<string, SubstanceTerms> substances,
        IEnumerable<ReportedExport> reported, ISet<(string Exporter, string Importer, string Substance)> notified)
    {
        var terms = invocations.ToList();
        var unnotified = new List<UnnotifiedExport>();
        var coverage = new Dictionary<string, (int Routes, int Notified, double Grams, double Unnotified)>(StringComparer.Ordinal);
        foreach (var r in reported.GroupBy(r => (r.Exporter, r.Importer, r.SubstanceCode)).Select(g => new ReportedExport(g.Key.Exporter, g.Key.Importer, g.Key.SubstanceCode, g.Sum(x => x.Grams))))
        {
            if (r.Grams <= 0 || !substances.TryGetValue(r.SubstanceCode, out var s)) continue;
            if (Covering(terms, r.Importer, s, year) is not { } reason) continue;
            var isNotified = notified.Contains((r.Exporter, r.Importer, r.SubstanceCode));
            var c = coverage.GetValueOrDefault(r.Importer);
            coverage[r.Importer] = (c.Routes + 1, c.Notified + (isNotified ? 1 : 0), c.Grams + r.Grams, c.Unnotified + (isNotified ? 0 : r.Grams));
            if (!isNotified) unnotified.Add(new UnnotifiedExport(r.Exporter, r.Importer, r.SubstanceCode, s.Name, year, r.Grams, reason.Basis, reason.Since));
        }
        return (unnotified.OrderByDescending(u => u.ReportedGrams).ThenBy(u => u.Exporter, StringComparer.Ordinal).ToList(),
            coverage.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new InvocationCoverage(c.Key, year, c.Value.Routes, c.Value.Notified, c.Value.Grams, c.Value.Unnotified)).ToList());
    }
}
