using Cordon.Domain.Reference;

namespace Cordon.Domain.Monitoring;

/// <summary>
/// Densities (kg per litre = g per mL) of the liquid Table I and II precursors usually traded by volume, so that Form D
/// lines reported in litres can be totalled in grams with the other lines. The reported figure and unit are kept as
/// entered; only the aggregates (trade figures, requirements) are converted. A substance without a density here is
/// reported by mass. Values at about 20 °C unless stated; sources: CRC Handbook of Chemistry and Physics (97th ed.,
/// "Physical constants of organic compounds") and PubChem compound records, and for the solutions the usual commercial
/// strengths (sulphuric acid 96–98 %, hydrochloric acid 37 %). P-2-P and 3,4-MDP-2-P: suppliers' data sheets (Sigma-Aldrich
/// phenylacetone 1.006 g/mL at 25 °C; 3,4-MDP-2-P about 1.20 g/mL) — approximate, as befits substances rarely traded licitly.
/// </summary>
public static class PrecursorDensities
{
    public static readonly IReadOnlyDictionary<string, decimal> KilogramsPerLitre = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["PRE-ACETIC-ANHYDRIDE"] = 1.08m,   // 1.082 g/mL, 20 °C (CRC; PubChem CID 7918)
        ["PRE-ACETONE"] = 0.784m,           // 0.7845 g/mL, 25 °C (CRC; PubChem CID 180); 0.791 at 20 °C
        ["PRE-TOLUENE"] = 0.867m,           // 0.8668 g/mL, 20 °C (CRC; PubChem CID 1140)
        ["PRE-ETHYL-ETHER"] = 0.713m,       // 0.7134 g/mL, 20 °C (CRC; PubChem CID 3283)
        ["PRE-METHYL-ETHYL-KETONE"] = 0.805m, // 0.805 g/mL, 20 °C (CRC; PubChem CID 6569)
        ["PRE-SULPHURIC-ACID"] = 1.84m,     // 96–98 % acid, 1.84 g/mL, 20 °C (CRC "Concentrative properties of aqueous solutions")
        ["PRE-HYDROCHLORIC-ACID"] = 1.18m,  // 37 % acid, 1.18 g/mL, 20 °C (CRC "Concentrative properties of aqueous solutions")
        ["PRE-SAFROLE"] = 1.10m,            // 1.096–1.100 g/mL, 20 °C (CRC; PubChem CID 5144)
        ["PRE-ISOSAFROLE"] = 1.12m,         // 1.122 g/mL, 20 °C (CRC; PubChem CID 7127)
        ["PRE-PIPERIDINE"] = 0.862m,        // 0.8606–0.862 g/mL, 20 °C (CRC; PubChem CID 8082)
        ["PRE-P-2-P"] = 1.006m,             // phenylacetone 1.006 g/mL, 25 °C (Sigma-Aldrich data sheet; PubChem CID 7678)
        ["PRE-3-4-MDP-2-P"] = 1.20m,        // about 1.20 g/mL (suppliers' data sheets); approximate
    };

    public static decimal? Of(string substanceCode) => KilogramsPerLitre.TryGetValue(substanceCode, out var d) ? d : null;

    /// <summary>
    /// Grams of a quantity in the unit given: a mass directly; a volume through the substance's density when known; else null.
    /// </summary>
    public static decimal? Grams(decimal quantity, string unitCode, string substanceCode)
    {
        var unit = UnitOfMeasure.Find(unitCode);
        if (unit is null) return null;
        if (unit.Dimension == Dimension.Mass) return quantity * unit.ToBase;
        // Volume units convert to millilitres (ToBase); g = mL × g/mL.
        if (unit.Dimension == Dimension.Volume && Of(substanceCode) is { } density) return quantity * unit.ToBase * density;
        return null;
    }
}
