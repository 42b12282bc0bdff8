using System.Buffers;

namespace Cordon.Domain.Traceability.Recognition;

/// <summary>
/// How a code is read before matching, the same in .NET and in uim-recognizer.js: white space anywhere is
/// ignored (human-readable codes are often printed or typed in groups) and ASCII letters are upper-cased.
/// Nothing else changes, so a code with other characters simply matches no pattern.
/// </summary>
public static class UimNormalizer
{
    /// <summary>The white space ignored, an explicit list so that .NET and JavaScript agree exactly.</summary>
    public const string WhiteSpace = "\t\n\v\f\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF";

    internal static readonly SearchValues<char> NeedsWork = SearchValues.Create(WhiteSpace + "abcdefghijklmnopqrstuvwxyz");
    private static readonly SearchValues<char> Space = SearchValues.Create(WhiteSpace);

    /// <summary>True when <paramref name="code"/> is already in normal form (the common case: no copy needed).</summary>
    public static bool IsNormal(ReadOnlySpan<char> code) =>
        !code.ContainsAnyExcept(UpperAlphanumeric) || !code.ContainsAny(NeedsWork); // the first test is all-ASCII, so vectorised

    private static readonly SearchValues<char> UpperAlphanumeric = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>Writes the normal form of <paramref name="code"/> into <paramref name="destination"/> (at least as long) and returns its length.</summary>
    public static int Normalize(ReadOnlySpan<char> code, Span<char> destination)
    {
        var n = 0;
        foreach (var c in code)
        {
            if (c is >= 'a' and <= 'z') destination[n++] = (char)(c - 32);
            else if (!Space.Contains(c)) destination[n++] = c;
        }
        return n;
    }

    public static string Normalize(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (IsNormal(code)) return code;
        var buffer = code.Length <= 256 ? stackalloc char[256] : new char[code.Length];
        return new string(buffer[..Normalize(code, buffer)]);
    }
}
