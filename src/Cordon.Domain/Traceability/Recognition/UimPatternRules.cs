using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cordon.Domain.Traceability.Recognition;

/// <summary>What makes a pattern publishable, and the pattern as one regular expression.</summary>
public static class UimPatternRules
{
    /// <summary>Longest code a segment pattern may describe (EU aggregated codes go up to 100).</summary>
    public const int MaxCodeLength = 200;

    /// <summary>The problems with a pattern, empty when it can be published.</summary>
    public static IReadOnlyList<string> Validate(UimPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var problems = new List<string>();
        if (pattern.PartyCode is not { Length: 2 } party || !party.All(char.IsAsciiLetterUpper))
            problems.Add("The Party must be an ISO 3166-1 alpha-2 code (or EU), in capitals.");
        if (string.IsNullOrWhiteSpace(pattern.Name)) problems.Add("The pattern needs a name.");
        if (pattern.ValidTo is { } to && to < pattern.ValidFrom) problems.Add("The pattern cannot end before it starts.");
        var hasSegments = pattern.Segments is { Count: > 0 };
        if (hasSegments == !string.IsNullOrEmpty(pattern.Regex))
        {
            problems.Add("Give either segments or a regular expression, not both and not neither.");
            return problems;
        }
        if (hasSegments)
        {
            long max = 0;
            var min = 0;
            foreach (var s in pattern.Segments!)
            {
                if (s.Literal is not null)
                {
                    var literal = UimNormalizer.Normalize(s.Literal);
                    if (literal.Length == 0) problems.Add("A fixed segment cannot be empty.");
                    min += literal.Length;
                    max += literal.Length;
                }
                else
                {
                    if (s.MinLength < 0 || s.MaxLength < 1 || s.MinLength > s.MaxLength)
                        problems.Add($"A {s.Alphabet.ToString().ToLowerInvariant()} segment needs 0 <= min <= max and max >= 1.");
                    min += Math.Max(0, s.MinLength);
                    max += Math.Max(0, s.MaxLength);
                }
            }
            if (max > MaxCodeLength) problems.Add($"The pattern allows codes longer than {MaxCodeLength} characters.");
            if (min == 0) problems.Add("The pattern must require at least one character.");
        }
        else
        {
            try
            {
                _ = new Regex("^(?:" + pattern.Regex + ")$", RegexOptions.ECMAScript, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                problems.Add("The regular expression is not valid: " + ex.Message);
            }
        }
        if (problems.Count == 0)
        {
            var recognizer = new UimRecognizer([pattern]);
            foreach (var example in pattern.Examples)
                if (recognizer.Recognize(example).Status != UimRecognitionStatus.Recognized)
                    problems.Add($"The example {example} does not match the pattern.");
        }
        return problems;
    }

    /// <summary>
    /// The literal characters (0-9, A-Z) every match of <paramref name="regex"/> starts with, used to index a
    /// regular-expression pattern like a segment one. Conservative: empty when unsure (alternation at the top,
    /// a quantifier on the character, an escape or a class).
    /// </summary>
    public static string RegexLiteralPrefix(string regex)
    {
        ArgumentNullException.ThrowIfNull(regex);
        var source = regex.StartsWith('^') ? regex[1..] : regex;
        if (HasTopLevelAlternation(source)) return "";
        var end = 0;
        while (end < source.Length && (char.IsAsciiDigit(source[end]) || char.IsAsciiLetterUpper(source[end]))) end++;
        if (end < source.Length && source[end] is '?' or '*' or '+' or '{') end--;
        return end <= 0 ? "" : source[..end];
    }

    private static bool HasTopLevelAlternation(string source)
    {
        var depth = 0;
        var inClass = false;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c == '\\') i++;
            else if (inClass) inClass = c != ']';
            else if (c == '[') inClass = true;
            else if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == '|' && depth == 0) return true;
        }
        return false;
    }

    /// <summary>The pattern as one regular expression over the normal form of a code (used to cross-check and as the benchmark's baseline).</summary>
    public static string ToRegex(UimPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Segments is not { Count: > 0 } segments) return "^(?:" + pattern.Regex + ")$";
        var text = new StringBuilder("^");
        foreach (var s in segments)
        {
            if (s.Literal is not null)
            {
                text.Append(Regex.Escape(UimNormalizer.Normalize(s.Literal)));
                continue;
            }
            text.Append(s.Alphabet switch
            {
                UimAlphabet.Digits => "[0-9]",
                UimAlphabet.Letters => "[A-Z]",
                UimAlphabet.Hex => "[0-9A-F]",
                _ => "[0-9A-Z]",
            });
            text.Append(s.MinLength == s.MaxLength
                ? string.Create(CultureInfo.InvariantCulture, $"{{{s.MinLength}}}")
                : string.Create(CultureInfo.InvariantCulture, $"{{{s.MinLength},{s.MaxLength}}}"));
        }
        return text.Append('$').ToString();
    }
}
