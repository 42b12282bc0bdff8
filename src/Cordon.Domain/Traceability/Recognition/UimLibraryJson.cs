using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cordon.Domain.Traceability.Recognition;

/// <summary>The published pattern library: what GET /api/v1/traceability/patterns serves.</summary>
public sealed record UimLibrary(DateTimeOffset GeneratedAt, IReadOnlyList<UimPattern> Patterns);

/// <summary>
/// The library as JSON, the one format read by the browser (uim-recognizer.js) and the CLI:
/// <c>{"generatedAt":"2026-11-23T07:00:00Z","patterns":[{"id","party","name","description","level":"pack|aggregated",
/// "segments":[{"literal":"LEAT1"},{"alphabet":"alphanumeric","min":14,"max":14}] or null,"regex":null or "...",
/// "examples":[...],"validFrom":"2019-05-20","validTo":null}]}</c>.
/// </summary>
public static class UimLibraryJson
{
    public static string Serialize(UimLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("generatedAt", library.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteStartArray("patterns");
            foreach (var p in library.Patterns) WritePattern(w, p);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WritePattern(Utf8JsonWriter w, UimPattern p)
    {
        w.WriteStartObject();
        w.WriteString("id", p.Id);
        w.WriteString("party", p.PartyCode);
        w.WriteString("name", p.Name);
        w.WriteString("description", p.Description);
        w.WriteString("level", p.Level == UimLevel.Aggregated ? "aggregated" : "pack");
        if (p.Segments is { Count: > 0 } segments)
        {
            w.WriteStartArray("segments");
            foreach (var s in segments)
            {
                w.WriteStartObject();
                if (s.Literal is not null)
                {
                    w.WriteString("literal", s.Literal);
                }
                else
                {
                    w.WriteString("alphabet", AlphabetName(s.Alphabet));
                    w.WriteNumber("min", s.MinLength);
                    w.WriteNumber("max", s.MaxLength);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("segments");
        }
        if (p.Regex is null) w.WriteNull("regex");
        else w.WriteString("regex", p.Regex);
        w.WriteStartArray("examples");
        foreach (var e in p.Examples) w.WriteStringValue(e);
        w.WriteEndArray();
        w.WriteString("validFrom", p.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (p.ValidTo is { } to) w.WriteString("validTo", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        else w.WriteNull("validTo");
        w.WriteEndObject();
    }

    public static string AlphabetName(UimAlphabet alphabet) => alphabet switch
    {
        UimAlphabet.Digits => "digits",
        UimAlphabet.Letters => "letters",
        UimAlphabet.Hex => "hex",
        _ => "alphanumeric",
    };

    /// <summary>Reads a published library; a malformed one is an <see cref="InvalidDataException"/> saying where.</summary>
    public static UimLibrary Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("The pattern library is not valid JSON: " + ex.Message, ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("The pattern library must be a JSON object.");
            var generatedAt = root.TryGetProperty("generatedAt", out var g) && g.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(g.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : DateTimeOffset.UnixEpoch;
            if (!root.TryGetProperty("patterns", out var patterns) || patterns.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException("The pattern library has no \"patterns\" array.");
            var list = new List<UimPattern>();
            var i = 0;
            foreach (var item in patterns.EnumerateArray())
            {
                list.Add(ReadPattern(item, i));
                i++;
            }
            return new UimLibrary(generatedAt, list);
        }
    }

    private static UimPattern ReadPattern(JsonElement e, int index)
    {
        string Where() => $"pattern {index + 1}";
        if (e.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{Where()} is not an object.");
        string? Text(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (!Guid.TryParse(Text("id"), out var id)) throw new InvalidDataException($"{Where()} has no valid \"id\".");
        var party = Text("party") ?? throw new InvalidDataException($"{Where()} has no \"party\".");
        var level = Text("level") switch
        {
            "aggregated" => UimLevel.Aggregated,
            "pack" or null => UimLevel.Pack,
            var other => throw new InvalidDataException($"{Where()}: unknown level \"{other}\"."),
        };
        List<UimSegment>? segments = null;
        if (e.TryGetProperty("segments", out var segs) && segs.ValueKind == JsonValueKind.Array)
        {
            segments = [];
            foreach (var s in segs.EnumerateArray())
            {
                if (s.TryGetProperty("literal", out var literal) && literal.ValueKind == JsonValueKind.String)
                {
                    if (UimNormalizer.Normalize(literal.GetString()!).Length == 0) throw new InvalidDataException($"{Where()}: a fixed segment is empty.");
                    segments.Add(UimSegment.Fixed(literal.GetString()!));
                    continue;
                }
                var alphabet = (s.TryGetProperty("alphabet", out var a) ? a.GetString() : null) switch
                {
                    "digits" => UimAlphabet.Digits,
                    "letters" => UimAlphabet.Letters,
                    "alphanumeric" => UimAlphabet.Alphanumeric,
                    "hex" => UimAlphabet.Hex,
                    var other => throw new InvalidDataException($"{Where()}: unknown alphabet \"{other}\"."),
                };
                if (!s.TryGetProperty("min", out var min) || !min.TryGetInt32(out var minLength)
                    || !s.TryGetProperty("max", out var max) || !max.TryGetInt32(out var maxLength))
                    throw new InvalidDataException($"{Where()}: a segment needs whole-number \"min\" and \"max\".");
                if (minLength < 0 || maxLength < 1 || minLength > maxLength || maxLength > UimPatternRules.MaxCodeLength)
                    throw new InvalidDataException($"{Where()}: a segment needs 0 <= min <= max, 1 <= max <= {UimPatternRules.MaxCodeLength}.");
                segments.Add(UimSegment.Run(alphabet, minLength, maxLength));
            }
        }
        var examples = e.TryGetProperty("examples", out var ex) && ex.ValueKind == JsonValueKind.Array
            ? ex.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
        var pattern = new UimPattern(id, party, Text("name") ?? "", Text("description") ?? "", level, segments, Text("regex"), examples,
            DateOnly.TryParseExact(Text("validFrom"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ? from : DateOnly.MinValue,
            DateOnly.TryParseExact(Text("validTo"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) ? to : null);
        if (pattern.Segments is not { Count: > 0 } && string.IsNullOrEmpty(pattern.Regex))
            throw new InvalidDataException($"{Where()} ({party}) has neither segments nor a regular expression.");
        return pattern;
    }
}
