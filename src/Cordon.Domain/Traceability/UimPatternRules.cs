using System.Text;
using System.Text.RegularExpressions;

namespace Cordon.Domain.Traceability;

/// <summary>
/// Rules a published pattern must satisfy before it enters the library. Recognition itself runs on the user's side
/// (Recognition/); this only checks that a pattern is well formed and that its own examples match it.
/// </summary>
public static class UimPatternRules
{
    /// <summary>EU Implementing Regulation 2018/574: pack-level codes at most 50 characters, aggregated codes at most 100.</summary>
    public static int MaxLength(UimLevel level) => level == UimLevel.Pack ? 50 : 100;

    public const int MaxSegments = 12;
    public const int MaxRegexLength = 500;
    public const int MaxExamples = 10;

    /// <summary>Trim, upper-case, drop spaces: how a code is compared (codes are case-insensitive on entry).</summary>
    public static string Normalize(string code)
    {
        var b = new StringBuilder(code.Length);
        foreach (var c in code.Trim())
            if (!char.IsWhiteSpace(c)) b.Append(char.ToUpperInvariant(c));
        return b.ToString();
    }

    /// <summary>Field errors, keyed by the API's field names; empty when the pattern may be published.</summary>
    public static Dictionary<string, string[]> Validate(UimPattern p)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors.TryAdd(field, [message]);
        if (p.PartyCode is not { Length: 2 } || !p.PartyCode.All(char.IsAsciiLetterUpper)) Error("party", "An ISO 3166-1 alpha-2 code.");
        if (string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > 200) Error("name", "This field is required (at most 200 characters).");
        if (p.Description is { Length: > 2000 }) Error("description", "At most 2000 characters.");
        if (!Enum.IsDefined(p.Level)) Error("level", "pack or aggregated.");
        if ((p.Segments is null) == (p.Regex is null)) Error("segments", "Give either segments or a regular expression, not both.");
        var max = MaxLength(p.Level);
        if (p.Segments is { } segments)
        {
            if (segments.Count is 0 or > MaxSegments) Error("segments", $"Between 1 and {MaxSegments} segments.");
            var total = 0;
            foreach (var s in segments)
            {
                if (s is null) { Error("segments", "A segment is empty."); continue; }
                if (s.Literal is { } literal)
                {
                    if (literal.Length is 0 or > 50 || !literal.All(char.IsAsciiLetterOrDigit) || literal != literal.ToUpperInvariant())
                        Error("segments", "A literal is 1 to 50 upper-case letters or digits.");
                    total += literal.Length;
                }
                else
                {
                    if (!Enum.IsDefined(s.Alphabet)) Error("segments", "alphabet is digits, letters, alphanumeric or hex.");
                    if (s.MinLength < 1 || s.MaxLength < s.MinLength) Error("segments", "A run needs 1 <= min <= max.");
                    total += Math.Max(s.MaxLength, 0);
                }
            }
            if (total > max) Error("segments", $"A {(p.Level == UimLevel.Pack ? "pack" : "aggregated")} code has at most {max} characters.");
        }
        if (p.Regex is { } regex)
        {
            if (regex.Length is 0 or > MaxRegexLength) Error("regex", $"1 to {MaxRegexLength} characters.");
            else if (!TryRegex(regex, out _)) Error("regex", "Not a valid regular expression.");
        }
        if (p.Examples is null || p.Examples.Count is 0 or > MaxExamples) Error("examples", $"Give 1 to {MaxExamples} example codes.");
        else if (errors.Count == 0)
        {
            foreach (var e in p.Examples)
            {
                if (e is null || e.Length > max || !Matches(p, Normalize(e)))
                {
                    Error("examples", $"The example \"{Truncate(e)}\" does not match the pattern.");
                    break;
                }
            }
        }
        if (p.ValidTo is { } to && to < p.ValidFrom) Error("validTo", "The end of validity is after its start.");
        return errors;
    }

    private static string Truncate(string? s) => s is null ? "" : s.Length > 60 ? s[..60] + "…" : s;

    /// <summary>Whether a normalized code matches the pattern (used to check examples; recognition proper is client-side).</summary>
    public static bool Matches(UimPattern p, string code)
    {
        if (code.Length > MaxLength(p.Level)) return false;
        if (p.Regex is { } regex) return TryRegex(regex, out var r) && SafeIsMatch(r!, code);
        return p.Segments is { } s && MatchSegments(s, 0, code.AsSpan());
    }

    private static bool MatchSegments(IReadOnlyList<UimSegment> segments, int index, ReadOnlySpan<char> rest)
    {
        if (index == segments.Count) return rest.IsEmpty;
        var s = segments[index];
        if (s.Literal is { } literal)
            return rest.StartsWith(literal, StringComparison.Ordinal) && MatchSegments(segments, index + 1, rest[literal.Length..]);
        var run = 0;
        while (run < rest.Length && run < s.MaxLength && InAlphabet(s.Alphabet, rest[run])) run++;
        for (var n = run; n >= s.MinLength; n--)
            if (MatchSegments(segments, index + 1, rest[n..])) return true;
        return false;
    }

    public static bool InAlphabet(UimAlphabet alphabet, char c) => alphabet switch
    {
        UimAlphabet.Digits => char.IsAsciiDigit(c),
        UimAlphabet.Letters => char.IsAsciiLetterUpper(c),
        UimAlphabet.Alphanumeric => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c),
        UimAlphabet.Hex => char.IsAsciiHexDigitUpper(c),
        _ => false,
    };

    /// <summary>Compiles with a match timeout: a library regex must not be able to hang anyone's recognition.</summary>
    private static bool TryRegex(string pattern, out Regex? regex)
    {
        try
        {
            regex = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            regex = null;
            return false;
        }
    }

    private static bool SafeIsMatch(Regex r, string code)
    {
        try
        {
            return r.IsMatch(code);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
