namespace Cordon.Domain.Reference;

/// <summary>CAS registry numbers: "NNNNNNN-NN-N" (2-7 digits, 2 digits, check digit).</summary>
public static class CasNumber
{
    public static bool IsValid(string? cas)
    {
        if (cas is null) return false;
        var parts = cas.Split('-');
        if (parts.Length != 3 || parts[0].Length is < 2 or > 7 || parts[1].Length != 2 || parts[2].Length != 1) return false;
        var digits = parts[0] + parts[1];
        if (!digits.All(char.IsAsciiDigit) || !char.IsAsciiDigit(parts[2][0])) return false;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
            sum += (digits[digits.Length - 1 - i] - '0') * (i + 1);
        return sum % 10 == parts[2][0] - '0';
    }
}
