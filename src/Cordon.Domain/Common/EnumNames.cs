namespace Cordon.Domain.Common;

public static class EnumNames
{
    /// <summary>Parses an enum by name only; Enum.TryParse would also accept numbers such as "3".</summary>
    public static bool TryParse<T>(string? text, bool ignoreCase, out T value) where T : struct, Enum
    {
        value = default;
        var comparison = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var name = Enum.GetNames<T>().FirstOrDefault(n => comparison.Equals(n, text?.Trim()));
        if (name is null) return false;
        value = Enum.Parse<T>(name);
        return true;
    }
}
