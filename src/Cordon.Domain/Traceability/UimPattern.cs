namespace Cordon.Domain.Traceability;

/// <summary>Whether a code marks a unit pack or an aggregated package (carton, case, pallet).</summary>
public enum UimLevel
{
    Pack,
    Aggregated,
}

/// <summary>The characters a variable segment of a UIM may hold.</summary>
public enum UimAlphabet
{
    /// <summary>0-9.</summary>
    Digits,
    /// <summary>A-Z.</summary>
    Letters,
    /// <summary>A-Z and 0-9 (EU Implementing Regulation 2018/574 codes, case-insensitive on entry).</summary>
    Alphanumeric,
    /// <summary>0-9 and A-F.</summary>
    Hex,
}

/// <summary>
/// One segment of a UIM pattern: either fixed text (the issuer code "LEAT1") or a run of
/// <see cref="MinLength"/> to <see cref="MaxLength"/> characters of one <see cref="Alphabet"/>.
/// </summary>
public sealed record UimSegment(string? Literal, UimAlphabet Alphabet, int MinLength, int MaxLength)
{
    public static UimSegment Fixed(string literal) => new(literal, UimAlphabet.Alphanumeric, literal.Length, literal.Length);

    public static UimSegment Run(UimAlphabet alphabet, int minLength, int maxLength) => new(null, alphabet, minLength, maxLength);

    public static UimSegment Run(UimAlphabet alphabet, int length) => new(null, alphabet, length, length);
}

/// <summary>
/// A Party's published pattern for the UIMs it issues. The shape is either a list of segments
/// (prefix + length + alphabet per segment, which recognition can index) or, for codes no segment list
/// describes, a regular expression matched against the whole code. Exactly one of the two is set.
/// Recognition runs on the user's side (browser, CLI) so the same JSON shape is published to both:
/// see docs/traceability.md.
/// </summary>
public sealed record UimPattern(
    Guid Id,
    string PartyCode,
    string Name,
    string Description,
    UimLevel Level,
    IReadOnlyList<UimSegment>? Segments,
    string? Regex,
    IReadOnlyList<string> Examples,
    DateOnly ValidFrom,
    DateOnly? ValidTo);
