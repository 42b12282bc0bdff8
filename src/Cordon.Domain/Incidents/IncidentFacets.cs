using System.Globalization;

namespace Cordon.Domain.Incidents;

/// <summary>
/// The facet keys of an incident (<see cref="Incident.FacetKeys"/>) and of a search (<see cref="IncidentCriteria"/>):
/// "ch:", "ty:", "yr:", "su:" and "co:" followed by the channel, type, year, substance code and country code as stored.
/// On PostgreSQL they are indexed together with the search text (one GIN index), so a search with words and facets is
/// answered by intersecting index entries instead of testing every row that has the words (ADR 44).
/// </summary>
public static class IncidentFacets
{
    public const string ChannelPrefix = "ch:", TypePrefix = "ty:", YearPrefix = "yr:", SubstancePrefix = "su:", CountryPrefix = "co:";

    /// <summary>Keys of the incident as it is now (its substances and countries included); sorted, so equal sets compare equal.</summary>
    public static List<string> Of(Incident incident)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal)
        {
            ChannelPrefix + incident.Channel,
            TypePrefix + incident.Type,
            Year(incident.OccurredOn.Year),
        };
        foreach (var s in incident.Substances)
            if (s.SubstanceCode is { } code) keys.Add(SubstancePrefix + code);
        foreach (var c in incident.Countries) keys.Add(CountryPrefix + c.CountryCode);
        return [.. keys];
    }

    /// <summary>Keys an incident must all have to meet the channel, type, substance and country of the criteria (the period is not among them).</summary>
    public static List<string> Required(IncidentCriteria c)
    {
        var keys = new List<string>();
        if (c.Channel is { } ch) keys.Add(ChannelPrefix + ch);
        if (c.Type is { } t) keys.Add(TypePrefix + t);
        if (c.Substance is { } s) keys.Add(SubstancePrefix + s);
        if (c.Country is { } k) keys.Add(CountryPrefix + k);
        return keys;
    }

    /// <summary>
    /// Year keys of which an incident must have one to fall in the period, or none when the period is open or spans more
    /// than <paramref name="maxYears"/> years (then the index would not narrow much; the date test alone decides).
    /// </summary>
    public static List<string> Years(IncidentCriteria c, int maxYears = 5)
    {
        if (c is not { From: { } from, To: { } to } || to < from || to.Year - from.Year >= maxYears) return [];
        return Enumerable.Range(from.Year, to.Year - from.Year + 1).Select(Year).ToList();
    }

    private static string Year(int year) => YearPrefix + year.ToString(CultureInfo.InvariantCulture);
}
