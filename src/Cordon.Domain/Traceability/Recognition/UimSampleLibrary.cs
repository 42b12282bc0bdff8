using System.Globalization;
using System.Text;

namespace Cordon.Domain.Traceability.Recognition;

/// <summary>
/// A realistic library for tests, benchmarks and demonstrations: EU Implementing Regulation 2018/574 pack
/// and aggregated codes (ID issuer code, serial, product and machine codes, YYMMDDhh time stamp; Austria's
/// LEAT1 pack code is 27 characters), tax-stamp shapes of other Parties, a few codes that start with a run
/// rather than a fixed prefix, and regular-expression patterns. Deterministic for a given seed.
/// The shapes are chosen so that no two Parties' patterns overlap: every sample code has one issuer.
/// </summary>
public static class UimSampleLibrary
{
    private static readonly string[] EuParties =
        ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"];

    private static readonly string[] OtherParties =
        ["UY", "NI", "GA", "TM", "MN", "IR", "PK", "TR", "EG", "SN", "BF", "CI", "CM", "CG", "BJ", "NE", "GH", "KE", "UG", "TZ", "MZ", "ZM", "NA", "BW",
         "LS", "SZ", "MU", "SC", "TD", "ML", "MR", "TG", "GM", "GN", "SL", "LR", "CV", "ST", "DJ", "SD", "LY", "TN", "MA", "JO", "SY", "QA", "OM", "AZ",
         "KZ", "KG", "TJ", "UZ", "MD", "ME", "RS", "BA", "MK", "AL", "UA", "GB", "NO", "IS", "PA", "CR", "EC", "PE", "BO", "PY", "CL", "AR", "FJ", "WS"];

    private static readonly DateOnly EuStart = new(2019, 5, 20);

    /// <summary>About <paramref name="count"/> patterns (EU first, then tax stamps, run-first shapes and regexes).</summary>
    public static IReadOnlyList<UimPattern> Generate(int count = 200, int seed = 574)
    {
        var random = new Random(seed);
        var patterns = new List<UimPattern>();
        var prefixes = new List<string>();

        string UniquePrefix(Func<string> make)
        {
            for (var attempt = 0; ; attempt++)
            {
                var prefix = make();
                // Prefix-free: no issuer code may begin another, or their codes could overlap.
                if (!prefixes.Any(p => p.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(p, StringComparison.Ordinal)))
                {
                    prefixes.Add(prefix);
                    return prefix;
                }
                if (attempt > 1000) throw new InvalidOperationException("Could not find a free issuer code.");
            }
        }

        Guid NextId()
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // a version-4 shape
            return new Guid(bytes);
        }

        UimPattern Add(string party, string name, string description, UimLevel level, IReadOnlyList<UimSegment>? segments, string? regex, DateOnly from, DateOnly? to = null, IReadOnlyList<string>? examples = null)
        {
            var pattern = new UimPattern(NextId(), party, name, description, level, segments, regex, [], from, to);
            pattern = pattern with { Examples = examples ?? [SampleCode(pattern, random), SampleCode(pattern, random)] };
            patterns.Add(pattern);
            return pattern;
        }

        // EU Member States: one ID issuer each, pack codes of 24-50 characters, aggregated codes 51-100.
        foreach (var party in EuParties)
        {
            if (patterns.Count >= count) break;
            var issuer = party == "AT" ? UniquePrefix(() => "LEAT1") : UniquePrefix(() => IssuerCode(random, party));
            var serial = party == "AT" ? 8 : random.Next(8, 20);
            var packLength = issuer.Length + serial + 3 + 3 + 8;
            Add(party, $"{party} pack (EU 2018/574)", $"ID issuer {issuer}: issuer code, serial number, product code, machine code, time stamp YYMMDDhh; {packLength} characters.",
                UimLevel.Pack,
                [UimSegment.Fixed(issuer), UimSegment.Run(UimAlphabet.Alphanumeric, serial), UimSegment.Run(UimAlphabet.Alphanumeric, 3), UimSegment.Run(UimAlphabet.Alphanumeric, 3), UimSegment.Run(UimAlphabet.Digits, 8)],
                null, EuStart);
            if (patterns.Count >= count) break;
            Add(party, $"{party} aggregated (EU 2018/574)", $"ID issuer {issuer}: carton, case or pallet code up to 100 characters ending with a time stamp YYMMDDhh.",
                UimLevel.Aggregated,
                [UimSegment.Fixed(issuer), UimSegment.Run(UimAlphabet.Alphanumeric, 51 - issuer.Length - 8, 100 - issuer.Length - 8), UimSegment.Run(UimAlphabet.Digits, 8)],
                null, EuStart);
        }

        // Run-first tax stamps (no fixed prefix), 13-21 characters: lengths no other shape uses.
        (string Party, UimSegment[] Segments)[] runFirst =
        [
            ("UA", [UimSegment.Run(UimAlphabet.Letters, 4), UimSegment.Run(UimAlphabet.Digits, 9)]),
            ("KZ", [UimSegment.Run(UimAlphabet.Letters, 3), UimSegment.Run(UimAlphabet.Digits, 12)]),
            ("GB", [UimSegment.Run(UimAlphabet.Digits, 17)]),
            ("TR", [UimSegment.Run(UimAlphabet.Hex, 19)]),
            ("NO", [UimSegment.Run(UimAlphabet.Letters, 2), UimSegment.Run(UimAlphabet.Digits, 6, 8), UimSegment.Run(UimAlphabet.Letters, 1), UimSegment.Run(UimAlphabet.Digits, 10)]),
        ];
        foreach (var (party, segments) in runFirst)
        {
            if (patterns.Count >= count) break;
            Add(party, $"{party} tax stamp", "Tax stamp serial without an issuer prefix.", UimLevel.Pack, segments, null, new DateOnly(2021, 1, 1));
        }

        // Regular expressions for shapes segments cannot say (alternatives), each with a fixed start.
        (string Party, string Regex, string[] Examples)[] regexes =
        [
            ("MD", "MD[0-9]{2}(?:[A-Z]{3}|[0-9]{4})[0-9]{16}", ["MD21ABC1234567890123456", "MD2212341234567890123456"]),
            ("RS", "RSA[0-9]{10}(?:-[0-9]{2})?[A-Z]{2}[0-9]{10}", ["RSA1234567890-12AB1234567890", "RSA1234567890AB1234567890"]),
            ("ME", "MNE(?:CG|TB)[0-9]{22}", ["MNECG1234567890123456789012", "MNETB1234567890123456789012"]),
        ];
        foreach (var (party, regex, examples) in regexes)
        {
            if (patterns.Count >= count) break;
            prefixes.Add(UimPatternRules.RegexLiteralPrefix(regex));
            Add(party, $"{party} excise stamp", "Excise stamp code with variants, as a regular expression.", UimLevel.Pack, null, regex, new DateOnly(2022, 7, 1), examples: examples);
        }

        // Tax stamps of the other Parties, 22-60 characters after a prefix of their own; some changed shape once.
        var i = 0;
        while (patterns.Count < count)
        {
            var party = OtherParties[i % OtherParties.Length];
            i++;
            if (regexes.Any(r => r.Party == party)) continue; // their codes start with the expression's prefix
            var prefix = UniquePrefix(() => party + Letter(random) + (random.Next(2) == 0 ? Digit(random) : ""));
            var shape = random.Next(4);
            UimSegment[] segments = shape switch
            {
                0 => [UimSegment.Fixed(prefix), UimSegment.Run(UimAlphabet.Digits, random.Next(18, 30))],
                1 => [UimSegment.Fixed(prefix), UimSegment.Run(UimAlphabet.Letters, 2), UimSegment.Run(UimAlphabet.Digits, random.Next(16, 24)), UimSegment.Run(UimAlphabet.Hex, 4)],
                2 => [UimSegment.Fixed(prefix), UimSegment.Run(UimAlphabet.Hex, 32)],
                _ => [UimSegment.Fixed(prefix), UimSegment.Run(UimAlphabet.Alphanumeric, 16, 40), UimSegment.Run(UimAlphabet.Digits, 6)],
            };
            var retired = random.Next(5) == 0;
            Add(party, $"{party} tax stamp {prefix}", "Fiscal mark printed on the pack; human-readable code under the Data Matrix.", random.Next(6) == 0 ? UimLevel.Aggregated : UimLevel.Pack,
                segments, null, retired ? new DateOnly(2018, 1, 1) : new DateOnly(2023, 1, 1), retired ? new DateOnly(2022, 12, 31) : null);
        }
        return patterns;
    }

    private static string IssuerCode(Random random, string party) => random.Next(3) switch
    {
        0 => "LE" + party + Digit(random),
        1 => party + Digit(random) + Digit(random),
        _ => Letter(random) + Letter(random) + party + Digit(random) + Letter(random),
    };

    private static string Letter(Random random) => ((char)('A' + random.Next(26))).ToString();

    private static string Digit(Random random) => ((char)('0' + random.Next(10))).ToString();

    /// <summary>A code matching <paramref name="pattern"/> (for a regular expression: one of its examples).</summary>
    public static string SampleCode(UimPattern pattern, Random random)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(random);
        if (pattern.Segments is not { Count: > 0 } segments) return pattern.Examples[random.Next(pattern.Examples.Count)];
        var code = new StringBuilder();
        foreach (var s in segments)
        {
            if (s.Literal is not null)
            {
                code.Append(s.Literal);
                continue;
            }
            var alphabet = s.Alphabet switch
            {
                UimAlphabet.Digits => "0123456789",
                UimAlphabet.Letters => "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                UimAlphabet.Hex => "0123456789ABCDEF",
                _ => "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            };
            var length = random.Next(s.MinLength, s.MaxLength + 1);
            // The EU time stamp is a real YYMMDDhh.
            if (s.Alphabet == UimAlphabet.Digits && length == 8 && s == segments[^1] && pattern.Description.Contains("YYMMDDhh", StringComparison.Ordinal))
            {
                code.Append(string.Create(CultureInfo.InvariantCulture, $"{random.Next(19, 27):00}{random.Next(1, 13):00}{random.Next(1, 29):00}{random.Next(0, 24):00}"));
                continue;
            }
            for (var k = 0; k < length; k++) code.Append(alphabet[random.Next(alphabet.Length)]);
        }
        return code.ToString();
    }

    /// <summary>
    /// <paramref name="count"/> codes as a seizure list looks: mostly recognisable codes of random Parties, some
    /// typed in lower case or with spaces, and <paramref name="unrecognizedShare"/> of codes no pattern knows.
    /// </summary>
    public static IReadOnlyList<string> SampleCodes(IReadOnlyList<UimPattern> patterns, int count, int seed = 8, double unrecognizedShare = 0.05)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var random = new Random(seed);
        var codes = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            if (random.NextDouble() < unrecognizedShare)
            {
                codes.Add("ZZ" + random.Next(100_000_000).ToString("D8", CultureInfo.InvariantCulture) + "X" + random.Next(1000).ToString("D3", CultureInfo.InvariantCulture));
                continue;
            }
            codes.Add(SampleCode(patterns[random.Next(patterns.Count)], random));
        }
        return codes;
    }
}
