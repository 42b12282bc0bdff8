namespace Cordon.Domain.Traceability.Recognition;

public enum UimRecognitionStatus
{
    /// <summary>Matches patterns of exactly one Party.</summary>
    Recognized,
    /// <summary>Matches no pattern.</summary>
    Unrecognized,
    /// <summary>Matches patterns of more than one Party: the user must choose.</summary>
    Ambiguous,
}

/// <summary>
/// What recognition found for one code. Instances are shared (one per pattern, one per pair of patterns, one
/// for "unrecognized"), so recognising a code allocates nothing; treat them as immutable values.
/// </summary>
public sealed class UimRecognition
{
    public static UimRecognition Unrecognized { get; } = new([]);

    internal UimRecognition(IReadOnlyList<UimPattern> patterns)
    {
        Patterns = patterns;
        PatternIds = [.. patterns.Select(p => p.Id)];
        Parties = [.. patterns.Select(p => p.PartyCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        Status = Parties.Count switch
        {
            0 => UimRecognitionStatus.Unrecognized,
            1 => UimRecognitionStatus.Recognized,
            _ => UimRecognitionStatus.Ambiguous,
        };
    }

    public UimRecognitionStatus Status { get; }

    /// <summary>The Parties whose patterns match, in ordinal order.</summary>
    public IReadOnlyList<string> Parties { get; }

    /// <summary>The matching patterns, in library order.</summary>
    public IReadOnlyList<UimPattern> Patterns { get; }

    public IReadOnlyList<Guid> PatternIds { get; }

    /// <summary>The issuing Party when recognised, otherwise null.</summary>
    public string? Party => Status == UimRecognitionStatus.Recognized ? Parties[0] : null;
}

/// <summary>A code that matches patterns of more than one Party.</summary>
public sealed record AmbiguousUim(string Code, IReadOnlyList<string> Parties);

/// <summary>
/// A list of codes sorted by issuing Party, as the user prepares one request per Party. Codes are in normal
/// form, each once, in the order first given; Parties in ordinal order.
/// </summary>
public sealed record UimGrouping(
    IReadOnlyDictionary<string, IReadOnlyList<string>> ByParty,
    IReadOnlyList<string> Unrecognized,
    IReadOnlyList<AmbiguousUim> Ambiguous)
{
    public int Total => ByParty.Values.Sum(c => c.Count) + Unrecognized.Count + Ambiguous.Count;
}
