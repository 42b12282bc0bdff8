using System.Text.Json;
using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Domain.Traceability;
using Cordon.Domain.Traceability.Recognition;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Traceability;

/// <summary>
/// The UIM pattern library: each Party's users with Traceability.Approve publish and change their own Party's patterns;
/// the Secretariat curates every Party's. Every change is audited with the whole pattern. The published form is the
/// library JSON that the browser and the CLI recognise codes against.
/// </summary>
public sealed class UimPatternLibrary(CordonDbContext db, ICurrentActor actor, AuditLog audit, TimeProvider clock)
{
    public const string RecordType = "UimPattern";

    public async Task<List<UimPattern>> PublishedAsync(CancellationToken ct = default)
    {
        var rows = await db.UimPatterns.AsNoTracking().Where(p => p.WithdrawnAt == null).ToListAsync(ct);
        return rows.OrderBy(p => p.PartyCode, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).Select(ToPattern).ToList();
    }

    /// <summary>Browse and search (v1): by Party, by words of the name or description, or by a code the pattern matches.</summary>
    public async Task<List<PatternView>> ListAsync(string? party, string? search, bool includeWithdrawn, CancellationToken ct = default)
    {
        var q = db.UimPatterns.AsNoTracking();
        if (!includeWithdrawn) q = q.Where(p => p.WithdrawnAt == null);
        if (party is { Length: 2 }) q = q.Where(p => p.PartyCode == party.ToUpperInvariant());
        var rows = (await q.ToListAsync(ct)).OrderBy(p => p.PartyCode, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        if (search?.Trim() is { Length: > 0 } term)
        {
            // A code finds the patterns it matches (the same recognizer the browser and CLI use), or shares their literal prefix.
            var code = UimNormalizer.Normalize(term);
            var matched = new UimRecognizer(rows.Select(ToPattern)).Recognize(code).PatternIds.ToHashSet();
            rows = rows.Where(p => matched.Contains(p.Id) || p.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || p.Description.Contains(term, StringComparison.OrdinalIgnoreCase)
                || p.PartyCode.Equals(term, StringComparison.OrdinalIgnoreCase)
                || (matched.Count == 0 && code.Length >= 3 && ToPattern(p).Segments is [{ Literal: { } prefix }, ..] && code.StartsWith(prefix, StringComparison.Ordinal))).ToList();
        }
        return rows.Select(View).ToList();
    }

    public async Task<PatternView?> GetAsync(Guid id, CancellationToken ct = default) =>
        await db.UimPatterns.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } p ? View(p) : null;

    /// <param name="mayPublish">The caller holds Traceability.Approve (checked by the endpoint from the principal).</param>
    public async Task<Outcome<PatternView>> CreateAsync(PatternInput input, bool mayPublish, CancellationToken ct = default)
    {
        var party = TargetParty(input.Party, mayPublish, out var refusal);
        if (party is null) return refusal!;
        var (pattern, errors) = Parse(Guid.CreateVersion7(clock.GetUtcNow()), party, input);
        if (errors.Count > 0) return Outcome<PatternView>.Invalid("The pattern is not valid.", errors);
        if (!await db.Parties.AnyAsync(p => p.Code == party, ct) && !await db.Countries.AnyAsync(c => c.Alpha2 == party, ct))
            return Outcome<PatternView>.Invalid("Unknown country.", new Dictionary<string, string[]> { ["party"] = ["An ISO 3166-1 alpha-2 code."] });
        var now = clock.GetUtcNow();
        await using var tx = await db.BeginWriteAsync(ct);
        var entry = new UimPatternEntry
        {
            Id = pattern!.Id, PartyCode = party, Name = pattern.Name, Description = pattern.Description, Level = pattern.Level,
            SegmentsJson = SegmentsJson(pattern.Segments), Regex = pattern.Regex, ExamplesJson = JsonSerializer.Serialize(pattern.Examples),
            ValidFrom = pattern.ValidFrom, ValidTo = pattern.ValidTo, CreatedAt = now, CreatedBy = actor.UserName ?? "system",
            UpdatedAt = now, UpdatedBy = actor.UserName ?? "system", Version = 1,
        };
        db.UimPatterns.Add(entry);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("traceability.pattern-published", RecordType, entry.Id.ToString(), AuditRecord(entry), $"{party} {entry.Name}", [party], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<PatternView>.Ok(View(entry));
    }

    public async Task<Outcome<PatternView>> UpdateAsync(Guid id, PatternInput input, long? expectedVersion, bool mayPublish, CancellationToken ct = default)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var entry = await db.UimPatterns.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (entry is null) return Outcome<PatternView>.NotFound("No such pattern.");
        if (TargetParty(entry.PartyCode, mayPublish, out var refusal) is null) return refusal!;
        if (expectedVersion is { } v && v != entry.Version) return Outcome<PatternView>.PreconditionFailed("The pattern was changed since you read it.");
        if (entry.WithdrawnAt is not null) return Outcome<PatternView>.Conflict("The pattern was withdrawn.");
        var (pattern, errors) = Parse(id, entry.PartyCode, input with { Party = entry.PartyCode });
        if (errors.Count > 0) return Outcome<PatternView>.Invalid("The pattern is not valid.", errors);
        entry.Name = pattern!.Name;
        entry.Description = pattern.Description;
        entry.Level = pattern.Level;
        entry.SegmentsJson = SegmentsJson(pattern.Segments);
        entry.Regex = pattern.Regex;
        entry.ExamplesJson = JsonSerializer.Serialize(pattern.Examples);
        entry.ValidFrom = pattern.ValidFrom;
        entry.ValidTo = pattern.ValidTo;
        entry.UpdatedAt = clock.GetUtcNow();
        entry.UpdatedBy = actor.UserName ?? "system";
        entry.Version++;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("traceability.pattern-changed", RecordType, entry.Id.ToString(), AuditRecord(entry), $"{entry.PartyCode} {entry.Name} v{entry.Version}", [entry.PartyCode], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<PatternView>.Ok(View(entry));
    }

    public async Task<Outcome<PatternView>> WithdrawAsync(Guid id, bool mayPublish, CancellationToken ct = default)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var entry = await db.UimPatterns.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (entry is null) return Outcome<PatternView>.NotFound("No such pattern.");
        if (TargetParty(entry.PartyCode, mayPublish, out var refusal) is null) return refusal!;
        if (entry.WithdrawnAt is not null) return Outcome<PatternView>.Conflict("The pattern was already withdrawn.");
        entry.WithdrawnAt = clock.GetUtcNow();
        entry.UpdatedAt = entry.WithdrawnAt.Value;
        entry.UpdatedBy = actor.UserName ?? "system";
        entry.Version++;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("traceability.pattern-withdrawn", RecordType, entry.Id.ToString(), AuditRecord(entry), $"{entry.PartyCode} {entry.Name}", [entry.PartyCode], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<PatternView>.Ok(View(entry));
    }

    public async Task<List<(DateTimeOffset At, string Action, string? Who, string? Details)>> HistoryAsync(Guid id, CancellationToken ct = default)
    {
        var key = id.ToString();
        var rows = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == RecordType && e.EntityId == key).OrderBy(e => e.Sequence).ToListAsync(ct);
        return rows.Select(e => (e.Timestamp, e.Action, (string?)e.UserName, e.Details)).ToList();
    }

    /// <summary>A Party's approvers publish for their own Party; the Secretariat administrator curates all (and names the Party).</summary>
    private string? TargetParty(string? requested, bool mayPublish, out Outcome<PatternView>? refusal)
    {
        refusal = null;
        if (actor.PartyCode is { } own)
        {
            if (!mayPublish) { refusal = Outcome<PatternView>.Forbidden("Publishing patterns needs the Traceability.Approve right."); return null; }
            if (requested is { Length: > 0 } r && !string.Equals(r.Trim(), own, StringComparison.OrdinalIgnoreCase))
            {
                refusal = Outcome<PatternView>.Forbidden("A Party publishes only its own patterns; the Secretariat curates the others.");
                return null;
            }
            return own;
        }
        if (!actor.IsInRole(Domain.Identity.CordonRoles.SecretariatAdministrator)) { refusal = Outcome<PatternView>.Forbidden("Only the Secretariat administrator curates the library."); return null; }
        var party = requested?.Trim().ToUpperInvariant();
        if (party is not { Length: 2 } || !party.All(char.IsAsciiLetterUpper))
        {
            refusal = Outcome<PatternView>.Invalid("Name the Party.", new Dictionary<string, string[]> { ["party"] = ["An ISO 3166-1 alpha-2 code."] });
            return null;
        }
        return party;
    }

    private static (UimPattern? Pattern, Dictionary<string, string[]> Errors) Parse(Guid id, string party, PatternInput input)
    {
        var errors = new Dictionary<string, string[]>();
        var levelName = input.Level?.Trim().ToLowerInvariant();
        if (levelName is not ("pack" or "aggregated")) errors["level"] = ["pack or aggregated."];
        var level = levelName == "aggregated" ? UimLevel.Aggregated : UimLevel.Pack;
        List<UimSegment>? segments = null;
        if (input.Segments is { } raw)
        {
            segments = [];
            foreach (var s in raw)
            {
                if (s is null) { errors.TryAdd("segments", ["A segment is empty."]); continue; }
                if (s.Literal is { } literal)
                {
                    if (s.Alphabet is not null || s.Min is not null || s.Max is not null) errors.TryAdd("segments", ["A segment is either a literal or a run."]);
                    var t = literal.Trim().ToUpperInvariant();
                    segments.Add(UimSegment.Fixed(t));
                }
                else if (ParseAlphabet(s.Alphabet) is { } alphabet && s.Min is { } min)
                    segments.Add(UimSegment.Run(alphabet, min, s.Max ?? min));
                else errors.TryAdd("segments", ["A run needs an alphabet (digits, letters, alphanumeric, hex) and min (and max)."]);
            }
        }
        var regex = string.IsNullOrWhiteSpace(input.Regex) ? null : input.Regex;
        if (input.ValidFrom is null) errors.TryAdd("validFrom", ["This field is required."]);
        var examples = (input.Examples ?? []).Select(e => e is null ? "" : UimNormalizer.Normalize(e)).ToList();
        var pattern = new UimPattern(id, party, input.Name?.Trim() ?? "", input.Description?.Trim() ?? "", level, segments, regex, examples,
            input.ValidFrom ?? DateOnly.MinValue, input.ValidTo);
        if (errors.Count == 0) Validate(pattern, errors);
        return (pattern, errors);
    }

    /// <summary>EU Implementing Regulation 2018/574: pack-level codes at most 50 characters, aggregated codes at most 100.</summary>
    public static int MaxLength(UimLevel level) => level == UimLevel.Pack ? 50 : 100;

    /// <summary>Field checks of the API, then the recognition rules (shape, ECMAScript regex, examples must match).</summary>
    private static void Validate(UimPattern p, Dictionary<string, string[]> errors)
    {
        if (p.PartyCode is not { Length: 2 } || !p.PartyCode.All(char.IsAsciiLetterUpper)) errors.TryAdd("party", ["An ISO 3166-1 alpha-2 code."]);
        if (string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > 200) errors.TryAdd("name", ["This field is required (at most 200 characters)."]);
        if (p.Description.Length > 2000) errors.TryAdd("description", ["At most 2000 characters."]);
        if (p.Segments is { Count: > 12 }) errors.TryAdd("segments", ["At most 12 segments."]);
        if (p.Segments?.Any(s => s.Literal is { } l && (l.Length > 50 || !l.All(char.IsAsciiLetterOrDigit))) == true) errors.TryAdd("segments", ["A literal is 1 to 50 letters or digits."]);
        if (p.Segments is { } segs && segs.Sum(s => s.Literal?.Length ?? Math.Max(0, s.MaxLength)) > MaxLength(p.Level))
            errors.TryAdd("segments", [$"A {LevelName(p.Level)} code has at most {MaxLength(p.Level)} characters."]);
        if (p.Regex is { Length: > 500 }) errors.TryAdd("regex", ["At most 500 characters."]);
        if (p.Examples.Count is 0 or > 10) errors.TryAdd("examples", ["Give 1 to 10 example codes."]);
        else if (p.Examples.Any(e => e.Length == 0 || e.Length > MaxLength(p.Level))) errors.TryAdd("examples", [$"Examples are 1 to {MaxLength(p.Level)} characters."]);
        if (errors.Count > 0) return;
        foreach (var problem in Domain.Traceability.Recognition.UimPatternRules.Validate(p))
        {
            var field = problem.Contains("example", StringComparison.OrdinalIgnoreCase) ? "examples"
                : problem.Contains("regular expression", StringComparison.OrdinalIgnoreCase) ? "regex"
                : problem.Contains("end before", StringComparison.OrdinalIgnoreCase) ? "validTo" : "segments";
            errors.TryAdd(field, [problem]);
        }
    }

    public static UimAlphabet? ParseAlphabet(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "digits" => UimAlphabet.Digits, "letters" => UimAlphabet.Letters, "alphanumeric" => UimAlphabet.Alphanumeric, "hex" => UimAlphabet.Hex, _ => null,
    };

    public static string AlphabetName(UimAlphabet a) => a.ToString().ToLowerInvariant();

    public static string LevelName(UimLevel l) => l == UimLevel.Pack ? "pack" : "aggregated";

    private static string? SegmentsJson(IReadOnlyList<UimSegment>? segments) => segments is null ? null
        : JsonSerializer.Serialize(segments.Select(s => s.Literal is not null ? new SegmentView(s.Literal, null, null, null) : new SegmentView(null, AlphabetName(s.Alphabet), s.MinLength, s.MaxLength)));

    public static UimPattern ToPattern(UimPatternEntry e)
    {
        List<UimSegment>? segments = null;
        if (e.SegmentsJson is not null)
        {
            var views = JsonSerializer.Deserialize<List<SegmentView>>(e.SegmentsJson) ?? [];
            segments = views.Select(v => v.Literal is not null ? UimSegment.Fixed(v.Literal) : UimSegment.Run(ParseAlphabet(v.Alphabet) ?? UimAlphabet.Alphanumeric, v.Min ?? 1, v.Max ?? v.Min ?? 1)).ToList();
        }
        var examples = JsonSerializer.Deserialize<List<string>>(e.ExamplesJson) ?? [];
        return new UimPattern(e.Id, e.PartyCode, e.Name, e.Description, e.Level, segments, e.Regex, examples, e.ValidFrom, e.ValidTo);
    }

    public static PatternView View(UimPatternEntry e)
    {
        var p = ToPattern(e);
        return new PatternView(e.Id, e.PartyCode, e.Name, e.Description, LevelName(e.Level),
            p.Segments?.Select(s => s.Literal is not null ? new SegmentView(s.Literal, null, null, null) : new SegmentView(null, AlphabetName(s.Alphabet), s.MinLength, s.MaxLength)).ToList(),
            e.Regex, p.Examples, e.ValidFrom, e.ValidTo, e.UpdatedAt, e.UpdatedBy, e.WithdrawnAt, e.Version);
    }

    private static object AuditRecord(UimPatternEntry e) => new { e.Id, e.PartyCode, e.Name, e.Description, e.Level, e.SegmentsJson, e.Regex, e.ExamplesJson, e.ValidFrom, e.ValidTo, e.WithdrawnAt, e.Version };

    /// <summary>The published library JSON of the contract, written by the same serializer the clients parse with.</summary>
    public static string LibraryJson(IEnumerable<UimPattern> patterns, DateTimeOffset generatedAt) =>
        UimLibraryJson.Serialize(new UimLibrary(generatedAt, patterns.ToList()));
}
