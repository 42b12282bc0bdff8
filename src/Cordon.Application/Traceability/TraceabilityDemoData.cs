using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Traceability;

/// <summary>
/// Demo UIM library: Austria's EU pack and aggregated codes (issuer code LEAT1, 27-character pack codes), tax-stamp
/// shapes for India, Colombia and Kazakhstan (one as a regular expression), and a few other EU Parties' codes as
/// library entries. Issuer codes other than LEAT1 and the tax-stamp layouts are illustrative, not official.
/// </summary>
public sealed class TraceabilityDemoData(CordonDbContext db, TimeProvider clock)
{
    private static SegmentInput Lit(string s) => new(s, null, null, null);
    private static SegmentInput Run(string alphabet, int min, int? max = null) => new(null, alphabet, min, max ?? min);

    public static IReadOnlyList<PatternInput> Patterns { get; } =
    [
        new("AT", "EU pack code (LEAT1)", "Austria's unit-pack UIM under Implementing Regulation (EU) 2018/574: issuer code LEAT1, serial number (8), product code (3), machine code (3), time stamp YYMMDDhh. 27 characters.",
            "pack", [Lit("LEAT1"), Run("alphanumeric", 14), Run("digits", 8)], null, ["LEAT1A7K29QX4C12M0726111408", "LEAT1ZZ81B7Q0AT7K0526030122"], new DateOnly(2019, 5, 20), null),
        new("AT", "EU aggregated code (LEAT1)", "Austria's aggregated UIM (carton, case, pallet): issuer code LEAT1, a serial of 20 to 87 characters, time stamp YYMMDDhh.",
            "aggregated", [Lit("LEAT1"), Run("alphanumeric", 20, 87), Run("digits", 8)], null, ["LEAT1CASE0000000000000000123426111408"], new DateOnly(2019, 5, 20), null),
        new("IN", "Excise tax stamp", "India's tax-stamp code: INTS, a 12-digit serial and a 4-character hexadecimal check.",
            "pack", [Lit("INTS"), Run("digits", 12), Run("hex", 4)], null, ["INTS202611230001A3F9"], new DateOnly(2021, 4, 1), null),
        new("CO", "Estampilla fiscal", "Colombia's tax stamp: CO, a department code of 3 letters and a 10-digit serial.",
            "pack", [Lit("CO"), Run("letters", 3), Run("digits", 10)], null, ["COANT0001234567", "COBOG0009876543"], new DateOnly(2020, 1, 1), null),
        new("KZ", "Excise stamp (regular expression)", "Kazakhstan's excise stamp: KZ, a 2-digit region, 2 letters and a 9-digit serial; published as a regular expression.",
            "pack", null, "KZ[0-9]{2}[A-Z]{2}[0-9]{9}", ["KZ01AB123456789"], new DateOnly(2020, 7, 1), null),
        new("DE", "EU pack code (illustrative issuer DEBD1)", "Germany's unit-pack UIM: issuer code, 16-character serial and product code, time stamp YYMMDDhh.",
            "pack", [Lit("DEBD1"), Run("alphanumeric", 16), Run("digits", 8)], null, ["DEBD1K3M9P2Q7R4S8T1VW26112214"], new DateOnly(2019, 5, 20), null),
        new("FR", "EU pack code (illustrative issuer FRIN1)", "France's unit-pack UIM: issuer code, 12-character serial and product code, time stamp YYMMDDhh.",
            "pack", [Lit("FRIN1"), Run("alphanumeric", 12), Run("digits", 8)], null, ["FRIN1X8Y7Z6W5V4U326100109"], new DateOnly(2019, 5, 20), null),
        new("IT", "EU pack code (illustrative issuer ITPZ1)", "Italy's unit-pack UIM: issuer code, 20-character serial and product code, time stamp YYMMDDhh.",
            "pack", [Lit("ITPZ1"), Run("alphanumeric", 20), Run("digits", 8)], null, ["ITPZ1ABCDEFGHJ0123456789K26092817"], new DateOnly(2019, 5, 20), null),
        new("PL", "EU pack code (illustrative issuer PLPW1), expired layout", "Poland's first unit-pack layout, replaced in 2024.",
            "pack", [Lit("PLPW1"), Run("alphanumeric", 15), Run("digits", 8)], null, ["PLPW1Q1W2E3R4T5Y6U7I23041510"], new DateOnly(2019, 5, 20), new DateOnly(2024, 6, 30)),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (!await db.Parties.AnyAsync(ct) || await db.UimPatterns.AnyAsync(ct)) return;
        var system = new SystemActor("demo");
        var library = new UimPatternLibrary(db, system, new AuditLog(db, system, clock), clock);
        foreach (var p in Patterns)
        {
            var o = await library.CreateAsync(p, mayPublish: true, ct);
            if (!o.Succeeded) throw new InvalidOperationException($"Demo pattern {p.Name}: {o.Message} {string.Join("; ", o.Errors?.SelectMany(e => e.Value) ?? [])}");
        }
    }
}
