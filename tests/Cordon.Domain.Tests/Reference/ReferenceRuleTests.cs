using Cordon.Domain.Reference;

namespace Cordon.Domain.Tests.Reference;

public class ReferenceRuleTests
{
    [Theory]
    [InlineData("57-27-2", true)]      // morphine
    [InlineData("50-36-2", true)]      // cocaine
    [InlineData("299-42-3", true)]     // ephedrine
    [InlineData("57-27-3", false)]     // wrong check digit
    [InlineData("5727-2", false)]
    [InlineData("abc-de-f", false)]
    [InlineData("", false)]
    public void Cas_numbers_are_checked_by_their_check_digit(string cas, bool valid) =>
        Assert.Equal(valid, CasNumber.IsValid(cas));

    [Fact]
    public void Quantities_convert_within_a_dimension()
    {
        var q = new Quantity(2.5m, UnitOfMeasure.Kilogram);
        Assert.Equal(2500m, q.InBase);
        Assert.Equal(2_500_000m, q.ConvertTo(UnitOfMeasure.Milligram).Amount);
        Assert.Equal(1.5m, new Quantity(1500m, UnitOfMeasure.Millilitre).ConvertTo(UnitOfMeasure.Litre).Amount);
    }

    [Fact]
    public void Converting_mass_to_volume_is_refused()
    {
        var q = new Quantity(1m, UnitOfMeasure.Kilogram);
        Assert.Throws<InvalidOperationException>(() => q.ConvertTo(UnitOfMeasure.Litre));
    }

    [Fact]
    public void Pure_base_content_uses_the_salt_factor()
    {
        // 10 kg of morphine hydrochloride trihydrate at 0.7594 base content.
        var q = new Quantity(10m, UnitOfMeasure.Kilogram);
        Assert.Equal(7594m, q.PureBaseGrams(0.7594m));
        Assert.Throws<ArgumentOutOfRangeException>(() => q.PureBaseGrams(1.2m));
        Assert.Throws<InvalidOperationException>(() => new Quantity(1m, UnitOfMeasure.Unit).PureBaseGrams(0.5m));
    }

    [Theory]
    [InlineData("kg", "kg")]
    [InlineData(" KG ", "kg")]
    [InlineData("ml", "mL")]
    public void Units_are_found_by_code_ignoring_case(string code, string expected) =>
        Assert.Equal(expected, UnitOfMeasure.Find(code)!.Code);

    [Fact]
    public void Unknown_units_are_not_found() => Assert.Null(UnitOfMeasure.Find("bushel"));

    [Fact]
    public void A_substance_is_known_by_its_synonyms_and_schedules()
    {
        var heroin = new ControlledSubstance { Code = "N-HEROIN", Name = "Heroin", Schedules = "I;IV", Synonyms = "diacetylmorphine|diamorphine" };
        Assert.True(heroin.IsKnownAs("Diamorphine"));
        Assert.False(heroin.IsKnownAs("morphine"));
        Assert.True(heroin.IsInSchedule("IV"));
        Assert.False(heroin.IsInSchedule("II"));
    }

    [Theory]
    [InlineData("AT", true)]
    [InlineData("at", false)]
    [InlineData("AUT", false)]
    [InlineData(null, false)]
    public void Alpha2_codes_are_two_capital_letters(string? code, bool ok) => Assert.Equal(ok, Country.IsWellFormedAlpha2(code));
}
