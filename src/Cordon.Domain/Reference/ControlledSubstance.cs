namespace Cordon.Domain.Reference;

public enum SubstanceKind
{
    /// <summary>1961 Single Convention, Yellow List.</summary>
    NarcoticDrug,
    /// <summary>1971 Convention, Green List.</summary>
    PsychotropicSubstance,
    /// <summary>1988 Convention, Red List (Tables I and II).</summary>
    Precursor,
    NewPsychoactiveSubstance,
    /// <summary>Chemicals not under international control, added by users (e.g. for incidents).</summary>
    NonScheduledChemical,
}

/// <summary>A substance of the reference lists. Quantities are kept in grams of the anhydrous base.</summary>
public sealed class ControlledSubstance
{
    /// <summary>Stable code such as "N-MORPHINE"; the key.</summary>
    public required string Code { get; init; }
    public SubstanceKind Kind { get; set; }

    /// <summary>Schedules (1961/1971) or tables (1988) as roman numerals separated by ';', e.g. "I;IV".</summary>
    public string Schedules { get; set; } = "";
    public required string Name { get; set; }
    public string? Cas { get; set; }

    /// <summary>Other names separated by '|'; searched as synonyms.</summary>
    public string Synonyms { get; set; } = "";

    public bool IsActive { get; set; } = true;
    public long Version { get; set; }
    public List<SubstanceSalt> Salts { get; init; } = [];

    public IEnumerable<string> SynonymList => Synonyms.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool IsInSchedule(string schedule) =>
        Schedules.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(schedule, StringComparer.Ordinal);

    /// <summary>True when the name or any synonym equals the term, ignoring case.</summary>
    public bool IsKnownAs(string term) =>
        string.Equals(Name, term.Trim(), StringComparison.OrdinalIgnoreCase)
        || SynonymList.Any(s => string.Equals(s, term.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>A salt, ester or hydrate in which a substance is traded, with its anhydrous-base content.</summary>
public sealed class SubstanceSalt
{
    public long Id { get; init; }
    public required string SubstanceCode { get; init; }
    public required string Name { get; set; }
    public string? Cas { get; set; }

    /// <summary>Mass fraction of anhydrous base in the salt (0 &lt; f &lt;= 1).</summary>
    public decimal BaseFactor { get; set; }
}
