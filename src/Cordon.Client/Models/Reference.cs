namespace Cordon.Client.Models;

public enum SubstanceKind
{
    NarcoticDrug,
    PsychotropicSubstance,
    Precursor,
    NewPsychoactiveSubstance,
    NonScheduledChemical,
}

public sealed record CountryDto(string Alpha2, string Alpha3, string Numeric, string Name, string NameEn, string NameFr, string NameRu, string NameEs);

public sealed record SaltDto(string Name, string? Cas, decimal BaseFactor);

public sealed record SubstanceDto(
    string Code,
    SubstanceKind Kind,
    string Schedules,
    string Name,
    string? Cas,
    IReadOnlyList<string> Synonyms,
    IReadOnlyList<SaltDto> Salts,
    long Version);

/// <summary>One page of substances; pass <see cref="NextCursor"/> back to get the next, null when there is none.</summary>
public sealed record SubstancePage(IReadOnlyList<SubstanceDto> Items, string? NextCursor);

/// <summary>A value read together with its ETag, to send back in If-Match when updating it.</summary>
public sealed record Tagged<T>(T Value, string? ETag);
