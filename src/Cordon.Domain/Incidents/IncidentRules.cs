using System.Globalization;
using System.Text;

namespace Cordon.Domain.Incidents;

/// <summary>Who may see an incident: everyone of the channel, unless restricted to named Parties.</summary>
public static class IncidentVisibility
{
    public static bool CanSee(bool restricted, string reporterPartyCode, IEnumerable<string> namedParties, string? viewerPartyCode, bool viewerIsSecretariat) =>
        !restricted
        || viewerIsSecretariat
        || (viewerPartyCode is not null && (viewerPartyCode == reporterPartyCode || namedParties.Contains(viewerPartyCode, StringComparer.Ordinal)));
}

/// <summary>A focal point following something, with the Party they belong to (null for the Secretariat).</summary>
public sealed record Follower(Guid UserId, string? PartyCode, bool IsSecretariat, FollowKind Kind, string Value);

/// <summary>Who is alerted about a new incident.</summary>
public sealed record AlertPlan(IReadOnlyList<string> Parties, IReadOnlyList<Guid> Followers);

public static class IncidentAlerts
{
    /// <summary>
    /// The Parties named in an incident: those named explicitly and those whose country is involved in any
    /// role, that take part in Cordon, except the reporter's own Party.
    /// </summary>
    public static IReadOnlyList<string> NamedParties(IEnumerable<string> explicitParties, IEnumerable<string> countriesInvolved, IReadOnlySet<string> existingParties, string reporterPartyCode) =>
        explicitParties.Concat(countriesInvolved)
            .Select(c => c.Trim().ToUpperInvariant())
            .Where(c => existingParties.Contains(c) && c != reporterPartyCode)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Named Parties are alerted as Parties (all their users with the module's View right); a follower of one of
    /// the incident's substances, countries or companies is alerted personally unless their Party is already
    /// alerted, the follower is the reporter, or the follower may not see the (restricted) incident.
    /// </summary>
    public static AlertPlan Plan(Incident incident, IReadOnlyList<string> namedParties, IEnumerable<Follower> followers)
    {
        var substances = incident.Substances.Where(s => s.SubstanceCode is not null).Select(s => s.SubstanceCode!).ToHashSet(StringComparer.Ordinal);
        var countries = incident.Countries.Select(c => c.CountryCode).ToHashSet(StringComparer.Ordinal);
        var companies = incident.CompanyList.Select(Companies.Normalize).ToHashSet(StringComparer.Ordinal);
        var alertedParties = namedParties.ToHashSet(StringComparer.Ordinal);
        var users = followers
            .Where(f => f.Kind switch
            {
                FollowKind.Substance => substances.Contains(f.Value),
                FollowKind.Country => countries.Contains(f.Value),
                FollowKind.Company => companies.Contains(Companies.Normalize(f.Value)),
                _ => false,
            })
            .Where(f => f.UserId != incident.ReporterUserId)
            .Where(f => f.PartyCode is null || !alertedParties.Contains(f.PartyCode))
            .Where(f => IncidentVisibility.CanSee(incident.Restricted, incident.ReporterPartyCode, namedParties, f.PartyCode, f.IsSecretariat))
            .Select(f => f.UserId).Distinct().ToList();
        return new AlertPlan(namedParties, users);
    }
}

public static class Companies
{
    /// <summary>Upper case, single spaces, without punctuation, so "Acme Chem. Ltd" and "ACME CHEM LTD" match.</summary>
    public static string Normalize(string name)
    {
        var sb = new StringBuilder(name.Length);
        var space = false;
        foreach (var ch in name.Trim().ToUpperInvariant())
        {
            if (char.IsLetterOrDigit(ch)) { sb.Append(ch); space = false; }
            else if (!space && sb.Length > 0) { sb.Append(' '); space = true; }
        }
        return sb.ToString().TrimEnd();
    }
}

/// <summary>Builds the text an incident is found by, and splits a query into the terms that must all occur in it.</summary>
public static class IncidentSearchText
{
    public static string Build(Incident incident, IEnumerable<string> substanceNamesAndSynonyms, IEnumerable<string> countryNames)
    {
        var parts = new List<string> { incident.Summary, incident.Place ?? "", incident.ModusOperandi ?? "", incident.Concealment ?? "", incident.PreExportReference ?? "" };
        parts.AddRange(substanceNamesAndSynonyms);
        parts.AddRange(incident.Substances.Select(s => s.Name));
        parts.AddRange(incident.Substances.Select(s => s.Form ?? ""));
        parts.AddRange(countryNames);
        parts.AddRange(incident.CompanyList);
        parts.AddRange(incident.PersonList);
        foreach (var id in incident.ContainerList.Concat(incident.AirwayBillList))
        {
            parts.Add(id);
            parts.Add(Compact(id));
        }
        return " " + string.Join(" ", parts.Where(p => p.Length > 0)).ToLowerInvariant() + " ";
    }

    /// <summary>Letters and digits only, so "MSKU 123456-7" is found by "MSKU1234567" and the other way round.</summary>
    public static string Compact(string identifier) => new(identifier.Where(char.IsLetterOrDigit).ToArray());

    /// <summary>Terms of a query, lower case: words, or "quoted phrases". Each term must occur.</summary>
    public static IReadOnlyList<string> Terms(string? query)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(query)) return terms;
        var q = query.Trim().ToLowerInvariant();
        var i = 0;
        while (i < q.Length)
        {
            if (char.IsWhiteSpace(q[i])) { i++; continue; }
            if (q[i] == '"')
            {
                var end = q.IndexOf('"', i + 1);
                if (end < 0) end = q.Length;
                var phrase = q[(i + 1)..end].Trim();
                if (phrase.Length > 0) terms.Add(phrase);
                i = end + 1;
                continue;
            }
            var start = i;
            while (i < q.Length && !char.IsWhiteSpace(q[i])) i++;
            terms.Add(q[start..i]);
        }
        return terms.Take(10).Select(t => t.Length > 100 ? t[..100] : t).ToList();
    }
}

/// <summary>Search criteria with facets; a saved search stores them as a query string.</summary>
public sealed record IncidentCriteria(
    string? Q = null,
    IncidentChannel? Channel = null,
    IncidentType? Type = null,
    string? Substance = null,
    string? Country = null,
    DateOnly? From = null,
    DateOnly? To = null)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Q) && Channel is null && Type is null && Substance is null && Country is null && From is null && To is null;

    /// <summary>True when the incident (with its search text built) meets every criterion.</summary>
    public bool Matches(Incident i)
    {
        if (Channel is { } c && i.Channel != c) return false;
        if (Type is { } t && i.Type != t) return false;
        if (Substance is { } s && !i.Substances.Any(x => x.SubstanceCode == s)) return false;
        if (Country is { } k && !i.Countries.Any(x => x.CountryCode == k)) return false;
        if (From is { } f && i.OccurredOn < f) return false;
        if (To is { } to && i.OccurredOn > to) return false;
        return IncidentSearchText.Terms(Q).All(term => i.SearchText.Contains(term, StringComparison.Ordinal)
            || i.SearchText.Contains(IncidentSearchText.Compact(term), StringComparison.Ordinal));
    }

    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        Add("q", Q);
        Add("channel", Channel?.ToString());
        Add("type", Type?.ToString());
        Add("substance", Substance);
        Add("country", Country);
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return string.Join('&', parts);
    }

    /// <summary>Parses a query string; unknown or malformed values are reported in <paramref name="errors"/>.</summary>
    public static IncidentCriteria Parse(string queryString, out List<string> errors)
    {
        errors = [];
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in queryString.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            values[name] = value;
        }
        string? Get(string name) => values.TryGetValue(name, out var v) && v.Trim().Length > 0 ? v.Trim() : null;
        return Create(Get("q"), Get("channel"), Get("type"), Get("substance"), Get("country"), Get("from"), Get("to"), errors);
    }

    /// <summary>Builds criteria from raw strings, collecting the names of the fields that are malformed.</summary>
    public static IncidentCriteria Create(string? q, string? channel, string? type, string? substance, string? country, string? from, string? to, List<string> errors)
    {
        IncidentChannel? ch = null;
        if (channel is not null)
        {
            if (Enum.TryParse<IncidentChannel>(channel, true, out var v) && Enum.IsDefined(v)) ch = v;
            else errors.Add("channel");
        }
        IncidentType? ty = null;
        if (type is not null)
        {
            if (Enum.TryParse<IncidentType>(type, true, out var v) && Enum.IsDefined(v)) ty = v;
            else errors.Add("type");
        }
        DateOnly? Date(string? value, string name)
        {
            if (value is null) return null;
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            errors.Add(name);
            return null;
        }
        var k = country?.Trim().ToUpperInvariant();
        if (k is not null && !Reference.Country.IsWellFormedAlpha2(k))
        {
            errors.Add("country");
            k = null;
        }
        return new IncidentCriteria(string.IsNullOrWhiteSpace(q) ? null : q.Trim(), ch, ty, string.IsNullOrWhiteSpace(substance) ? null : substance.Trim(), k, Date(from, "from"), Date(to, "to"));
    }
}

/// <summary>Why two incidents may be related: a shared company or container, or the same route.</summary>
public static class IncidentLinks
{
    public static IReadOnlyList<LinkReason> Suggest(Incident a, Incident b)
    {
        var reasons = new List<LinkReason>();
        if (a.Id == b.Id) return reasons;
        var companiesA = a.CompanyList.Select(Companies.Normalize).ToHashSet(StringComparer.Ordinal);
        if (b.CompanyList.Select(Companies.Normalize).Any(companiesA.Contains)) reasons.Add(LinkReason.SameCompany);
        var containersA = a.ContainerList.Concat(a.AirwayBillList).Select(c => IncidentSearchText.Compact(c).ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        if (b.ContainerList.Concat(b.AirwayBillList).Select(c => IncidentSearchText.Compact(c).ToUpperInvariant()).Any(containersA.Contains)) reasons.Add(LinkReason.SameContainer);
        if (Route(a) is { Count: > 0 } ra && ra.SetEquals(Route(b))) reasons.Add(LinkReason.SameRoute);
        return reasons;
    }

    private static HashSet<string> Route(Incident i) =>
        i.Countries.Where(c => c.Role is CountryRole.Origin or CountryRole.Destination).Select(c => $"{c.Role}:{c.CountryCode}").ToHashSet(StringComparer.Ordinal);
}
