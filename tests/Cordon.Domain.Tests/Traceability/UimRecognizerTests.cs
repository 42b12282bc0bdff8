using System.Text.RegularExpressions;
using Cordon.Domain.Traceability;
using Cordon.Domain.Traceability.Recognition;

namespace Cordon.Domain.Tests.Traceability;

public class UimRecognizerTests
{
    private static readonly DateOnly From = new(2019, 5, 20);

    // Austria, EU 2018/574: LEAT1 (5) + serial (8) + product code (3) + machine code (3) + time stamp YYMMDDhh (8) = 27.
    private static readonly UimPattern AustriaPack = new(Guid.Parse("00000000-0000-4000-8000-000000000001"), "AT", "AT pack", "", UimLevel.Pack,
        [UimSegment.Fixed("LEAT1"), UimSegment.Run(UimAlphabet.Alphanumeric, 8), UimSegment.Run(UimAlphabet.Alphanumeric, 3), UimSegment.Run(UimAlphabet.Alphanumeric, 3), UimSegment.Run(UimAlphabet.Digits, 8)],
        null, ["LEAT1A1B2C3D4P01M0226112307"], From, null);

    private static readonly UimPattern AustriaAggregated = new(Guid.Parse("00000000-0000-4000-8000-000000000002"), "AT", "AT aggregated", "", UimLevel.Aggregated,
        [UimSegment.Fixed("LEAT1"), UimSegment.Run(UimAlphabet.Alphanumeric, 38, 87), UimSegment.Run(UimAlphabet.Digits, 8)],
        null, [], From, null);

    // A tax stamp: 3 letters then 12 digits, no fixed prefix.
    private static readonly UimPattern KazakhStamp = new(Guid.Parse("00000000-0000-4000-8000-000000000003"), "KZ", "KZ stamp", "", UimLevel.Pack,
        [UimSegment.Run(UimAlphabet.Letters, 3), UimSegment.Run(UimAlphabet.Digits, 12)], null, ["ABC123456789012"], From, null);

    // Ukraine's stamp: 3 letters then 10-12 digits, overlapping Kazakhstan's at 12 digits.
    private static readonly UimPattern UkrainianStamp = new(Guid.Parse("00000000-0000-4000-8000-000000000004"), "UA", "UA stamp", "", UimLevel.Pack,
        [UimSegment.Run(UimAlphabet.Letters, 3), UimSegment.Run(UimAlphabet.Digits, 10, 12)], null, [], From, null);

    private static readonly UimPattern MoldovanRegex = new(Guid.Parse("00000000-0000-4000-8000-000000000005"), "MD", "MD excise", "", UimLevel.Pack,
        null, "MD[0-9]{2}(?:[A-Z]{3}|[0-9]{4})[0-9]{16}", ["MD21ABC1234567890123456"], From, null);

    private static readonly UimPattern HexStamp = new(Guid.Parse("00000000-0000-4000-8000-000000000006"), "TR", "TR hex", "", UimLevel.Pack,
        [UimSegment.Fixed("TR"), UimSegment.Run(UimAlphabet.Hex, 32)], null, [], From, null);

    private static UimRecognizer Library() => new([AustriaPack, AustriaAggregated, KazakhStamp, UkrainianStamp, MoldovanRegex, HexStamp]);

    [Fact]
    public void An_Austrian_pack_code_of_27_characters_is_recognised_and_one_character_more_or_less_is_not()
    {
        var recognizer = Library();
        var result = recognizer.Recognize("LEAT1A1B2C3D4P01M0226112307");
        Assert.Equal(UimRecognitionStatus.Recognized, result.Status);
        Assert.Equal("AT", result.Party);
        Assert.Equal([AustriaPack.Id], result.PatternIds);

        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("LEAT1A1B2C3D4P01M022611230").Status);
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("LEAT1A1B2C3D4P01M02261123071").Status);
        // The time stamp must be digits; another issuer code is another issuer.
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("LEAT1A1B2C3D4P01M022611230X").Status);
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("LEDE1A1B2C3D4P01M0226112307").Status);
    }

    [Fact]
    public void Aggregated_codes_up_to_100_characters_are_recognised_by_their_variable_middle()
    {
        var recognizer = Library();
        var hundred = "LEAT1" + new string('K', 87) + "26112307";
        Assert.Equal(100, hundred.Length);
        var result = recognizer.Recognize(hundred);
        Assert.Equal(UimRecognitionStatus.Recognized, result.Status);
        Assert.Equal([AustriaAggregated.Id], result.PatternIds);
        Assert.Equal(AustriaAggregated.Id, recognizer.Recognize("LEAT1" + new string('7', 38) + "26112307").PatternIds.Single());
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("LEAT1" + new string('K', 88) + "26112307").Status);
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("LEAT1" + new string('K', 37) + "26112307").Status);
        // Over the index's length: only patterns that allow it are tried, and none here does.
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("LEAT1" + new string('K', 200) + "26112307").Status);
    }

    [Fact]
    public void Tax_stamp_shapes_without_a_prefix_and_hex_runs_are_checked_per_segment()
    {
        var recognizer = Library();
        Assert.Equal("UA", recognizer.Recognize("ABC1234567890").Party); // 10 digits: only Ukraine's
        Assert.Equal("TR", recognizer.Recognize("TR" + "0123456789ABCDEF0123456789ABCDEF").Party);
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("TR" + "0123456789ABCDEF0123456789ABCDEG").Status);
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("AB1234567890").Status);
    }

    [Fact]
    public void A_code_matching_two_Parties_is_ambiguous_and_names_both()
    {
        var recognizer = Library();
        var result = recognizer.Recognize("ABC123456789012");
        Assert.Equal(UimRecognitionStatus.Ambiguous, result.Status);
        Assert.Equal(["KZ", "UA"], result.Parties);
        Assert.Equal([KazakhStamp.Id, UkrainianStamp.Id], result.PatternIds);
        Assert.Null(result.Party);
        // The same pair again is the same shared result: nothing allocated per code.
        Assert.Same(result, recognizer.Recognize("XYZ000000000000"));
    }

    [Fact]
    public void Two_patterns_of_the_same_Party_are_still_one_Party()
    {
        var other = AustriaPack with { Id = Guid.NewGuid(), Name = "AT pack (older)" };
        var result = new UimRecognizer([AustriaPack, other]).Recognize("LEAT1A1B2C3D4P01M0226112307");
        Assert.Equal(UimRecognitionStatus.Recognized, result.Status);
        Assert.Equal("AT", result.Party);
        Assert.Equal([AustriaPack.Id, other.Id], result.PatternIds);
    }

    [Fact]
    public void A_regular_expression_pattern_matches_the_whole_normalised_code()
    {
        var recognizer = Library();
        Assert.Equal("MD", recognizer.Recognize("MD21ABC1234567890123456").Party);
        Assert.Equal("MD", recognizer.Recognize("md21 1234 1234567890123456").Party);
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("MD21AB1234567890123456").Status);
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("MD21ABC1234567890123456X").Status);
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("XMD21ABC1234567890123456").Status);
    }

    [Fact]
    public void Codes_are_trimmed_upper_cased_and_read_without_spaces()
    {
        var recognizer = Library();
        Assert.Equal("AT", recognizer.Recognize("  leat1 a1b2 c3d4 p01 m02 2611\u00A02307\t").Party);
        Assert.Equal("LEAT1A1B2C3D4P01M0226112307", UimNormalizer.Normalize(" leat1 a1b2c3d4p01m02\u202F26112307 "));
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("").Status);
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("   ").Status);
        // Only ASCII letters are upper-cased; anything else stays and fails to match.
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("LEAT1A1B2C3D4P01M02261123०7").Status);
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("LEAT1-A1B2C3D4P01M0226112307").Status);
    }

    [Fact]
    public void Group_sorts_codes_per_Party_once_each_and_flags_the_rest()
    {
        var grouping = Library().Group(["LEAT1A1B2C3D4P01M0226112307", "leat1a1b2c3d4p01m0226112307", "ABC1234567890", "ABC123456789012", "NOT A CODE", "", "MD21ABC1234567890123456"]);
        Assert.Equal(["AT", "MD", "UA"], grouping.ByParty.Keys);
        Assert.Equal(["LEAT1A1B2C3D4P01M0226112307"], grouping.ByParty["AT"]);
        Assert.Equal(["NOTACODE"], grouping.Unrecognized);
        var ambiguous = Assert.Single(grouping.Ambiguous);
        Assert.Equal("ABC123456789012", ambiguous.Code);
        Assert.Equal(["KZ", "UA"], ambiguous.Parties);
        Assert.Equal(5, grouping.Total);
    }

    [Fact]
    public void The_sample_library_has_about_200_patterns_and_each_sample_code_is_recognised_as_its_own_Party()
    {
        var patterns = UimSampleLibrary.Generate();
        Assert.Equal(200, patterns.Count);
        Assert.Contains(patterns, p => p.Regex is not null);
        Assert.Contains(patterns, p => p.Level == UimLevel.Aggregated);
        Assert.Empty(patterns.SelectMany(UimPatternRules.Validate));
        var recognizer = new UimRecognizer(patterns);
        var random = new Random(1);
        foreach (var pattern in patterns)
        {
            for (var i = 0; i < 20; i++)
            {
                var code = UimSampleLibrary.SampleCode(pattern, random);
                var result = recognizer.Recognize(code);
                Assert.True(result.Status == UimRecognitionStatus.Recognized && result.Party == pattern.PartyCode && result.PatternIds.Contains(pattern.Id),
                    $"{code} ({pattern.Name}) gave {result.Status} {string.Join(",", result.Parties)}");
            }
        }
        var at = patterns.First(p => p.PartyCode == "AT" && p.Level == UimLevel.Pack);
        Assert.Equal(27, UimSampleLibrary.SampleCode(at, random).Length);
        Assert.StartsWith("LEAT1", at.Examples[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_index_agrees_with_checking_every_pattern_as_a_regular_expression()
    {
        // The benchmark's baseline is also the oracle: same answers for real, mangled and random codes.
        var patterns = UimSampleLibrary.Generate().ToList();
        // Two variable-length segments (and an optional one): the reachable-positions path, not the direct one.
        patterns.Add(new UimPattern(Guid.NewGuid(), "QA", "QA two runs", "", UimLevel.Pack,
            [UimSegment.Fixed("QQ"), UimSegment.Run(UimAlphabet.Alphanumeric, 2, 9), UimSegment.Run(UimAlphabet.Digits, 3, 6), UimSegment.Run(UimAlphabet.Letters, 0, 2)], null, [], From, null));
        var recognizer = new UimRecognizer(patterns);
        var regexes = patterns.Select(p => new Regex(UimPatternRules.ToRegex(p), RegexOptions.ECMAScript)).ToArray();
        var random = new Random(7);
        var codes = UimSampleLibrary.SampleCodes(patterns, 3000, seed: 3, unrecognizedShare: 0.1).ToList();
        codes.AddRange(Enumerable.Range(0, 300).Select(_ => UimSampleLibrary.SampleCode(patterns[^1], random)));
        codes.AddRange(["QQAB123", "QQAB12345678901234", "QQ12345", "QQABCDEFGHI123XY", "QQA1B2C3D4E5F6", "QQ1234567890123Z"]);
        foreach (var code in codes.Take(1000).ToList())
        {
            var chars = code.ToCharArray();
            chars[random.Next(chars.Length)] = "0A-Z9F"[random.Next(6)];
            codes.Add(new string(chars));
            codes.Add(code[..^1]);
            codes.Add(code + "7");
        }
        foreach (var code in codes)
        {
            var normal = UimNormalizer.Normalize(code);
            var expected = patterns.Where((_, i) => regexes[i].IsMatch(normal)).Select(p => p.Id).ToList();
            Assert.Equal(expected, recognizer.Recognize(code).PatternIds);
        }
    }

    [Fact]
    public void Segments_of_variable_length_are_matched_in_every_split()
    {
        // Alphanumeric run then digits: "QQAB1234567" can split as AB12|34567 or AB1234|567: any split will do.
        var pattern = new UimPattern(Guid.NewGuid(), "QA", "QA", "", UimLevel.Pack,
            [UimSegment.Fixed("QQ"), UimSegment.Run(UimAlphabet.Alphanumeric, 2, 9), UimSegment.Run(UimAlphabet.Digits, 3, 6), UimSegment.Run(UimAlphabet.Letters, 0, 2)], null, [], From, null);
        var recognizer = new UimRecognizer([pattern]);
        Assert.Equal("QA", recognizer.Recognize("QQAB1234567").Party);
        Assert.Equal("QA", recognizer.Recognize("QQABCDEFGHI123XY").Party);
        Assert.Equal("QA", recognizer.Recognize("QQ12345").Party);
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("QQABCDEFGHIJ123").Status); // run too long
        Assert.Equal(UimRecognitionStatus.Unrecognized, recognizer.Recognize("QQAB12XYZ").Status); // three letters at the end
    }

    [Fact]
    public void Recognising_a_code_allocates_nothing()
    {
        var patterns = UimSampleLibrary.Generate();
        var recognizer = new UimRecognizer(patterns);
        var codes = UimSampleLibrary.SampleCodes(patterns, 2000).Select(UimNormalizer.Normalize).ToArray();
        foreach (var code in codes) recognizer.Recognize(code.AsSpan()); // warm up (regex compilation, pair cache)
        var before = GC.GetAllocatedBytesForCurrentThread();
        var recognized = 0;
        foreach (var code in codes)
            if (recognizer.Recognize(code.AsSpan()).Status == UimRecognitionStatus.Recognized) recognized++;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.InRange(recognized, 1800, 2000);
    }

    [Fact]
    public void Pasted_text_and_csv_split_into_codes_and_a_header_names_the_column()
    {
        Assert.Equal(["LEAT1 A1B2", "ABC1234567890", "X"], UimCodeText.Parse("LEAT1 A1B2\r\n\r\n  ABC1234567890 ;\"X\"\n"));
        Assert.Equal(["LEAT1A", "LEAT1B"], UimCodeText.Parse("Seizure;UIM;Quantity\n12;LEAT1A;3\n13;\"LEAT1B\";4\n14;;5"));
        Assert.Equal(["A", "B", "C", "D"], UimCodeText.Parse("A,B\tC|D"));
    }

    [Fact]
    public void The_library_json_round_trips_in_the_published_shape()
    {
        var library = new UimLibrary(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero), [AustriaPack, MoldovanRegex with { ValidTo = new DateOnly(2030, 1, 1) }]);
        var json = UimLibraryJson.Serialize(library);
        Assert.Contains("\"generatedAt\":\"2026-11-23T07:00:00Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"party\":\"AT\"", json, StringComparison.Ordinal);
        Assert.Contains("{\"literal\":\"LEAT1\"},{\"alphabet\":\"alphanumeric\",\"min\":8,\"max\":8}", json, StringComparison.Ordinal);
        Assert.Contains("\"segments\":null,\"regex\":\"MD[0-9]{2}", json, StringComparison.Ordinal);
        Assert.Contains("\"validFrom\":\"2019-05-20\",\"validTo\":null", json, StringComparison.Ordinal);

        var parsed = UimLibraryJson.Parse(json);
        Assert.Equal(library.GeneratedAt, parsed.GeneratedAt);
        Assert.Equal(2, parsed.Patterns.Count);
        Assert.Equal(AustriaPack.Segments, parsed.Patterns[0].Segments);
        Assert.Equal(AustriaPack.Examples, parsed.Patterns[0].Examples);
        Assert.Equal(AustriaPack with { Segments = null, Examples = [] }, parsed.Patterns[0] with { Segments = null, Examples = [] });
        Assert.Equal(new DateOnly(2030, 1, 1), parsed.Patterns[1].ValidTo);
        Assert.Equal(MoldovanRegex.Regex, parsed.Patterns[1].Regex);
        Assert.Equal("AT", new UimRecognizer(parsed.Patterns).Recognize("LEAT1A1B2C3D4P01M0226112307").Party);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"patterns\":[{\"id\":\"x\",\"party\":\"AT\"}]}")]
    [InlineData("{\"patterns\":[{\"id\":\"00000000-0000-4000-8000-000000000001\",\"party\":\"AT\",\"segments\":null,\"regex\":null}]}")]
    [InlineData("{\"patterns\":[{\"id\":\"00000000-0000-4000-8000-000000000001\",\"party\":\"AT\",\"segments\":[{\"alphabet\":\"emoji\",\"min\":1,\"max\":2}]}]}")]
    [InlineData("{\"patterns\":[{\"id\":\"00000000-0000-4000-8000-000000000001\",\"party\":\"AT\",\"segments\":[{\"alphabet\":\"digits\",\"min\":5,\"max\":2}]}]}")]
    public void A_malformed_library_is_refused_with_a_reason(string json)
    {
        var ex = Assert.Throws<InvalidDataException>(() => UimLibraryJson.Parse(json));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Validation_catches_what_recognition_could_not_use()
    {
        Assert.Empty(UimPatternRules.Validate(AustriaPack));
        Assert.NotEmpty(UimPatternRules.Validate(AustriaPack with { PartyCode = "Austria" }));
        Assert.NotEmpty(UimPatternRules.Validate(AustriaPack with { Regex = "LEAT1.*" }));
        Assert.NotEmpty(UimPatternRules.Validate(MoldovanRegex with { Regex = "MD[0-9" }));
        Assert.NotEmpty(UimPatternRules.Validate(AustriaPack with { Examples = ["LEDE1A1B2C3D4P01M0226112307"] }));
        Assert.Equal("MD", UimPatternRules.RegexLiteralPrefix("MD[0-9]{2}"));
        Assert.Equal("RS", UimPatternRules.RegexLiteralPrefix("^RSA?[0-9]"));
        Assert.Equal("", UimPatternRules.RegexLiteralPrefix("MD1|KZ2"));
        Assert.Equal("MNE", UimPatternRules.RegexLiteralPrefix("MNE(?:CG|TB)[0-9]{22}"));
    }
}
