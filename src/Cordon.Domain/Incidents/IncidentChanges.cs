using System.Globalization;

namespace Cordon.Domain.Incidents;

/// <summary>
/// A Party takes part in each channel separately; leaving closes the membership (history kept), as for modules.
/// A Party of the Incidents module whose channels were never set takes part in both (see <see cref="IncidentChannels.Of"/>).
/// </summary>
public sealed class IncidentChannelMembership
{
    public long Id { get; init; }
    public required string PartyCode { get; init; }
    public IncidentChannel Channel { get; init; }
    public DateTimeOffset JoinedAt { get; init; }
    public DateTimeOffset? LeftAt { get; set; }
}

public static class IncidentChannels
{
    public static readonly IReadOnlyList<IncidentChannel> All = Enum.GetValues<IncidentChannel>();

    /// <summary>
    /// The channels a Party (member of the Incidents module) takes part in: those with an open membership, or
    /// both when its channels were never set (Parties that joined the module before channels were separate).
    /// </summary>
    public static IReadOnlyList<IncidentChannel> Of(IEnumerable<IncidentChannelMembership> history)
    {
        var rows = history.ToList();
        if (rows.Count == 0) return All;
        return rows.Where(r => r.LeftAt is null).Select(r => r.Channel).Distinct().Order().ToList();
    }
}

/// <summary>One version of an incident, kept for ever: its content as JSON, who made it, when, and what changed from the previous one.</summary>
public sealed class IncidentRevision
{
    public long Id { get; init; }
    public Guid IncidentId { get; init; }
    public long Version { get; init; }
    public Guid EditedBy { get; init; }
    public required string EditorName { get; init; }
    public string? EditorPartyCode { get; init; }
    public DateTimeOffset EditedAt { get; init; }

    /// <summary>Names of the fields changed from the previous version, comma-separated (empty for the first version).</summary>
    public string ChangedFields { get; init; } = "";
    public bool Significant { get; init; }
    public required string Content { get; init; }

    public IReadOnlyList<string> ChangedFieldList => ChangedFields.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>What an edit changed, and whether it is significant enough to alert followers and named Parties.</summary>
public static class IncidentEdits
{
    /// <summary>
    /// Changes that alter what or who is involved, or how urgent it is, are significant: they change who is alerted,
    /// who may see it, or what an investigator would act on. Corrections of wording, place and language are not.
    /// </summary>
    public static readonly IReadOnlySet<string> SignificantFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "channel", "type", "occurredOn", "substances", "countries", "namedParties", "companies", "persons",
        "containerNumbers", "airwayBills", "actionable", "restricted",
    };

    /// <summary>The comparable content of an incident, field by field, each as one canonical string.</summary>
    public static IReadOnlyDictionary<string, string> Fields(Incident i) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["channel"] = i.Channel.ToString(),
        ["type"] = i.Type.ToString(),
        ["occurredOn"] = i.OccurredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["place"] = i.Place ?? "",
        ["summary"] = i.Summary,
        ["modusOperandi"] = i.ModusOperandi ?? "",
        ["concealment"] = i.Concealment ?? "",
        ["transport"] = i.Transport.ToString(),
        ["substances"] = string.Join(";", i.Substances.Select(s => string.Join("/", s.SubstanceCode ?? "", s.Name, Num(s.Quantity), s.Unit ?? "", s.Form ?? "", Num(s.PurityPercent))).Order(StringComparer.Ordinal)),
        ["countries"] = string.Join(";", i.Countries.Select(c => $"{c.Role}:{c.CountryCode}").Order(StringComparer.Ordinal)),
        ["namedParties"] = string.Join(";", i.NamedParties.Select(p => p.PartyCode).Order(StringComparer.Ordinal)),
        ["companies"] = i.Companies,
        ["persons"] = i.Persons,
        ["containerNumbers"] = i.ContainerNumbers,
        ["airwayBills"] = i.AirwayBills,
        ["actionable"] = i.Actionable ? "true" : "false",
        ["language"] = i.Language,
        ["restricted"] = i.Restricted ? "true" : "false",
    };

    public static IReadOnlyList<string> Changed(Incident before, Incident after)
    {
        var a = Fields(before);
        var b = Fields(after);
        return a.Keys.Where(k => a[k] != b[k]).ToList();
    }

    public static bool IsSignificant(IEnumerable<string> changedFields) => changedFields.Any(SignificantFields.Contains);

    private static string Num(decimal? d) => d?.ToString("0.######", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>How a user wants incident alerts by e-mail; in-app live notifications are sent whatever the choice.</summary>
public enum AlertEmail
{
    Immediate,
    DailyDigest,
    None,
}

public sealed class IncidentAlertPreference
{
    public Guid UserId { get; init; }
    public AlertEmail Email { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An alert waiting for the user's daily digest; <see cref="SentAt"/> is set when the digest goes to the outbox.</summary>
public sealed class IncidentDigestItem
{
    public long Id { get; init; }
    public Guid UserId { get; init; }
    public required string MessageKey { get; init; }
    public required string Arguments { get; init; }
    public string? Link { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }
}

public enum IncidentStatisticKind
{
    Year,
    Route,
    Substance,
}

/// <summary>
/// A pre-aggregated count of the non-restricted incidents of a channel (per year, per route, per substance name), so the
/// dashboard never counts a million rows. Reports and edits add <see cref="IncidentStatisticDelta"/> rows; a job folds them in.
/// </summary>
public sealed class IncidentStatistic
{
    public IncidentStatisticKind Kind { get; init; }
    public IncidentChannel Channel { get; init; }
    public int Year { get; init; }
    public string Key { get; init; } = "";
    public string Key2 { get; init; } = "";
    public long Count { get; set; }
}

/// <summary>
/// A change to one <see cref="IncidentStatistic"/> not yet folded into it: inserted in the writer's transaction (no counter row is
/// updated, so concurrent reporters never wait on each other) and read together with the counters (ADR 47).
/// </summary>
public sealed class IncidentStatisticDelta
{
    public long Id { get; init; }
    public IncidentStatisticKind Kind { get; init; }
    public IncidentChannel Channel { get; init; }
    public int Year { get; init; }
    public string Key { get; init; } = "";
    public string Key2 { get; init; } = "";
    public long Count { get; init; }
}

public static class IncidentStatistics
{
    /// <summary>One counter an incident adds 1 to.</summary>
    public readonly record struct Contribution(IncidentStatisticKind Kind, IncidentChannel Channel, int Year, string Key, string Key2);

    /// <summary>The counters an incident adds to (or, with -1, removes from). Restricted incidents are counted live instead.</summary>
    public static IReadOnlyList<Contribution> Contributions(Incident i)
    {
        if (i.Restricted) return [];
        var list = new List<Contribution> { new(IncidentStatisticKind.Year, i.Channel, i.Year, "", "") };
        foreach (var o in i.Countries.Where(c => c.Role == CountryRole.Origin))
            foreach (var d in i.Countries.Where(c => c.Role == CountryRole.Destination))
                list.Add(new(IncidentStatisticKind.Route, i.Channel, 0, o.CountryCode, d.CountryCode));
        foreach (var s in i.Substances) list.Add(new(IncidentStatisticKind.Substance, i.Channel, 0, s.Name, ""));
        return list;
    }

    /// <summary>
    /// The deltas that take the counters from one version's contributions to another's, netted: a report removes nothing, an
    /// edit removes the version before it, and a counter both remove and add is left alone.
    /// </summary>
    public static IReadOnlyList<IncidentStatisticDelta> Deltas(IReadOnlyList<Contribution> removed, IReadOnlyList<Contribution> added) =>
        removed.Select(c => (Key: c, Count: -1L)).Concat(added.Select(c => (Key: c, Count: 1L)))
            .GroupBy(r => r.Key).Select(g => (g.Key, Count: g.Sum(r => r.Count))).Where(r => r.Count != 0)
            .Select(r => new IncidentStatisticDelta { Kind = r.Key.Kind, Channel = r.Key.Channel, Year = r.Key.Year, Key = r.Key.Key, Key2 = r.Key.Key2, Count = r.Count })
            .ToList();
}

/// <summary>
/// Saved searches are found by key, so a new incident tests only the few that could match it rather than all of
/// them. The key of a search is one thing every incident it matches must have: a substance, a country, or four
/// letters or digits that its search text must contain; searches with none of these (only channel, type or
/// period) share the broad key.
/// </summary>
public static class SavedSearchKeys
{
    public const string Broad = "*";
    private const int GramLength = 4;

    public static string For(IncidentCriteria c)
    {
        if (c.Substance is { } s) return "s:" + s;
        var runs = IncidentSearchText.Terms(c.Q).SelectMany(Runs).ToList();
        var longest = runs.OrderByDescending(r => r.Length).FirstOrDefault();
        if (longest is { Length: >= GramLength }) return "t:" + longest[..GramLength];
        if (c.Country is { } k) return "c:" + k;
        if (longest is not null) return "t:" + longest;
        return Broad;
    }

    /// <summary>
    /// Every key a search matching this incident may have. A term matches when the search text holds it, or holds
    /// it without spaces and punctuation; either way each run of letters and digits of the term occurs in the
    /// text, so the run's first four characters (or the whole run, if shorter) are among the text's 1- to 4-grams.
    /// </summary>
    public static IReadOnlyCollection<string> Candidates(Incident incident)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal) { Broad };
        foreach (var s in incident.Substances.Where(s => s.SubstanceCode is not null)) keys.Add("s:" + s.SubstanceCode);
        foreach (var c in incident.Countries) keys.Add("c:" + c.CountryCode);
        foreach (var run in Runs(incident.SearchText))
            for (var i = 0; i < run.Length; i++)
                for (var n = 1; n <= GramLength && i + n <= run.Length; n++)
                    keys.Add(string.Concat("t:", run.AsSpan(i, n)));
        return keys;
    }

    private static IEnumerable<string> Runs(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var alnum = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (alnum && start < 0) start = i;
            else if (!alnum && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }
}
