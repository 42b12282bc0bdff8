using Cordon.Application.Audit;
using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Domain.Permits;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Application.Permits;

/// <summary>
/// The CITES species reference, imported from a Species+ CSV export. Columns used (others ignored):
/// "Scientific Name", "Listing" (I, II, III, or a split such as "I/II": the first is recorded, the split explained in the note),
/// "Party" (the listing Party of an Appendix III listing, alpha-2), "Full note", "English names", "Kingdom".
/// An import adds new taxa and updates existing ones; nothing is deleted.
/// </summary>
public sealed class SpeciesReference(CordonDbContext db, AuditLog audit, TimeProvider clock)
{
    public static readonly string[] RequiredColumns = ["Scientific Name", "Listing"];

    public static async Task<TabularData> SampleAsync(CancellationToken ct = default)
    {
        using var reader = new StreamReader(typeof(SpeciesReference).Assembly.GetManifestResourceStream("Cordon.Permits.cites-species-sample.csv")
                                            ?? throw new InvalidOperationException("The species sample is not embedded."));
        return (await TabularFile.ReadCsvAsync(reader, ct)).Value ?? throw new InvalidOperationException("The species sample is not valid CSV.");
    }

    public async Task<List<TaxonView>> ListAsync(string? search, CancellationToken ct = default)
    {
        var q = db.CitesTaxa.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim().ToLowerInvariant();
            q = q.Where(t => t.ScientificName.ToLower().Contains(s) || (t.CommonName != null && t.CommonName.ToLower().Contains(s)));
        }
        var rows = await q.Take(1000).ToListAsync(ct);
        return rows.OrderBy(t => t.ScientificName, StringComparer.Ordinal).Select(View).ToList();
    }

    public static TaxonView View(CitesTaxon t) => new(t.Id, t.ScientificName, t.CommonName, t.Appendix, t.ListingParty, t.Annotation, t.Kingdom);

    public async Task<Outcome<int>> ImportAsync(TabularData table, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var lines = table.Lines;
        var missing = table.Missing(RequiredColumns).ToList();
        if (lines.Count == 0) return Outcome<int>.Invalid("The file has no taxa.");
        if (missing.Count > 0) return Outcome<int>.Invalid("Missing columns: " + string.Join(", ", missing) + ".");
        if (lines.Count > 100_000) return Outcome<int>.Invalid("At most 100,000 taxa per import.");
        var errors = new Dictionary<string, string[]>();
        var parsed = new List<CitesTaxon>();
        var now = clock.GetUtcNow();
        foreach (var l in lines)
        {
            var name = l["Scientific Name"];
            var listing = l["Listing"].Replace(" ", "", StringComparison.Ordinal);
            var appendix = listing.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            var party = l.Optional("Party")?.ToUpperInvariant();
            var key = "line " + l.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (name.Length is 0 or > 200) { errors[key] = ["Scientific Name is required (at most 200 characters)."]; continue; }
            if (!CitesCodes.Appendices.Contains(appendix)) { errors[key] = ["Listing is I, II or III (or a split such as I/II)."]; continue; }
            if (appendix == "III" && party is not { Length: 2 }) { errors[key] = ["An Appendix III listing names the listing Party (alpha-2)."]; continue; }
            var note = l.Optional("Full note");
            if (listing.Contains('/', StringComparison.Ordinal)) note = $"Split listing {listing}" + (note is null ? "" : ": " + note);
            parsed.Add(new CitesTaxon
            {
                Id = Guid.CreateVersion7(now), ScientificName = name, Appendix = appendix, ListingParty = appendix == "III" ? party : null,
                Annotation = note is { Length: > 2000 } ? note[..2000] : note, CommonName = l.Optional("English names") is { } c ? (c.Length > 300 ? c[..300] : c) : null,
                Kingdom = l.Optional("Kingdom") is { Length: <= 20 } k ? k : null, UpdatedAt = now,
            });
        }
        if (errors.Count > 0) return Outcome<int>.Invalid("Some lines are not valid; nothing was imported.", errors);
        await using var tx = await db.BeginWriteAsync(ct);
        var existing = await db.CitesTaxa.ToDictionaryAsync(t => t.ScientificName, ct);
        foreach (var t in parsed.DistinctBy(t => t.ScientificName))
        {
            if (existing.TryGetValue(t.ScientificName, out var e))
            {
                e.Appendix = t.Appendix; e.ListingParty = t.ListingParty; e.Annotation = t.Annotation; e.CommonName = t.CommonName ?? e.CommonName; e.Kingdom = t.Kingdom ?? e.Kingdom; e.UpdatedAt = now;
            }
            else db.CitesTaxa.Add(t);
        }
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("permits.species-imported", "CitesTaxon", "reference", null, $"{parsed.Count} taxa", [], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<int>.Ok(parsed.Count);
    }
}
