namespace Cordon.Domain.Reference;

/// <summary>An ISO 3166-1 country or territory with its names in the four Cordon languages.</summary>
public sealed class Country
{
    public required string Alpha2 { get; init; }
    public required string Alpha3 { get; set; }
    public required string Numeric { get; set; }
    public required string NameEn { get; set; }
    public required string NameFr { get; set; }
    public required string NameRu { get; set; }
    public required string NameEs { get; set; }

    /// <summary>The name in the given language ("en", "fr", "ru", "es"); English for any other.</summary>
    public string NameIn(string language) => language switch
    {
        "fr" => NameFr,
        "ru" => NameRu,
        "es" => NameEs,
        _ => NameEn,
    };

    public static bool IsWellFormedAlpha2(string? code) =>
        code is { Length: 2 } && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]);
}
