namespace Cordon.Domain.Reference;

public enum Dimension
{
    Mass,
    Volume,
    Count,
}

/// <summary>A unit of measure and its factor to the base unit of its dimension (g, mL, unit).</summary>
public sealed record UnitOfMeasure(string Code, Dimension Dimension, decimal ToBase)
{
    public static readonly UnitOfMeasure Microgram = new("ug", Dimension.Mass, 0.000001m);
    public static readonly UnitOfMeasure Milligram = new("mg", Dimension.Mass, 0.001m);
    public static readonly UnitOfMeasure Gram = new("g", Dimension.Mass, 1m);
    public static readonly UnitOfMeasure Kilogram = new("kg", Dimension.Mass, 1000m);
    public static readonly UnitOfMeasure Tonne = new("t", Dimension.Mass, 1_000_000m);
    public static readonly UnitOfMeasure Millilitre = new("mL", Dimension.Volume, 1m);
    public static readonly UnitOfMeasure Litre = new("L", Dimension.Volume, 1000m);
    public static readonly UnitOfMeasure CubicMetre = new("m3", Dimension.Volume, 1_000_000m);
    public static readonly UnitOfMeasure Unit = new("unit", Dimension.Count, 1m);

    public static readonly IReadOnlyList<UnitOfMeasure> All =
        [Microgram, Milligram, Gram, Kilogram, Tonne, Millilitre, Litre, CubicMetre, Unit];

    public static UnitOfMeasure? Find(string? code) =>
        code is null ? null : All.FirstOrDefault(u => string.Equals(u.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>A quantity in a unit. Conversions never cross dimensions.</summary>
public readonly record struct Quantity(decimal Amount, UnitOfMeasure Unit)
{
    public decimal InBase => Amount * Unit.ToBase;

    public Quantity ConvertTo(UnitOfMeasure target)
    {
        if (target.Dimension != Unit.Dimension)
            throw new InvalidOperationException($"Cannot convert {Unit.Code} to {target.Code}: different dimensions.");
        return new Quantity(InBase / target.ToBase, target);
    }

    /// <summary>Grams of anhydrous base in this mass of a salt with the given base factor.</summary>
    public decimal PureBaseGrams(decimal baseFactor)
    {
        if (Unit.Dimension != Dimension.Mass)
            throw new InvalidOperationException("Pure base content needs a mass.");
        if (baseFactor <= 0 || baseFactor > 1)
            throw new ArgumentOutOfRangeException(nameof(baseFactor), "A base factor lies in (0, 1].");
        return InBase * baseFactor;
    }
}
