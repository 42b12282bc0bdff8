using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Tests.Reference;

[Collection(SharedApp.Name)]
public class ReferenceDataTests(CordonApp app)
{
    [Fact]
    public async Task Every_iso_country_ships_with_four_names()
    {
        var client = await app.ApiClientAsync("AT", "Permits.View");
        var countries = await client.GetFromJsonAsync<List<JsonElement>>("/api/v1/reference/countries");
        Assert.Equal(249, countries!.Count);
        var fr = countries.Single(c => c.GetProperty("alpha2").GetString() == "DE");
        Assert.Equal("DEU", fr.GetProperty("alpha3").GetString());
        Assert.Equal("Allemagne", fr.GetProperty("nameFr").GetString());
        Assert.Equal("Германия", fr.GetProperty("nameRu").GetString());
        Assert.Equal("Alemania", fr.GetProperty("nameEs").GetString());
    }

    [Theory]
    [InlineData("ecstasy", "P-MDMA")]
    [InlineData("diamorphine", "N-HEROIN")]
    [InlineData("BMK", "PRE-P-2-P")]
    [InlineData("57-27-2", "N-MORPHINE")]
    public async Task Substances_are_found_by_synonym_and_cas_number(string term, string code)
    {
        var client = await app.ApiClientAsync("AT", "Permits.View");
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/reference/substances?q={Uri.EscapeDataString(term)}");
        Assert.Contains(page.GetProperty("items").EnumerateArray(), s => s.GetProperty("code").GetString() == code);
    }

    [Fact]
    public async Task The_lists_carry_their_schedules_and_salt_factors()
    {
        var client = await app.ApiClientAsync("AT", "Permits.View");
        var morphine = await client.GetFromJsonAsync<JsonElement>("/api/v1/reference/substances/N-MORPHINE");
        Assert.Equal("NarcoticDrug", morphine.GetProperty("kind").GetString());
        Assert.Equal("I", morphine.GetProperty("schedules").GetString());
        var salts = morphine.GetProperty("salts").EnumerateArray().ToList();
        Assert.NotEmpty(salts);
        Assert.All(salts, s => Assert.InRange(s.GetProperty("baseFactor").GetDecimal(), 0.5m, 1m));
        foreach (var kind in Enum.GetValues<Cordon.Domain.Reference.SubstanceKind>().Where(k => k != Cordon.Domain.Reference.SubstanceKind.NonScheduledChemical))
            Assert.True(await app.WithDbAsync(db => db.Substances.CountAsync(s => s.Kind == kind)) >= 30, $"too few {kind}");
        Assert.True(await app.WithDbAsync(db => db.Substances.CountAsync(s => s.Kind == Cordon.Domain.Reference.SubstanceKind.Precursor)) >= 30);
    }

    [Fact]
    public async Task A_csv_import_with_one_bad_line_changes_nothing_and_names_the_line()
    {
        var admin = await app.SignInAsync("secretariat.admin@cordon.example");
        var before = await app.WithDbAsync(db => db.Countries.Where(c => c.Alpha2 == "AT").Select(c => c.NameEn).SingleAsync());
        var csv = "alpha2,alpha3,numeric,name_en,name_fr,name_ru,name_es\nAT,AUT,040,Austria (changed),Autriche,Австрия,Austria\nX1,XXX,999,Nowhere,,,\n";
        var r = await admin.PostAsync("/api/v1/reference/countries/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("problems").EnumerateArray(), p => p.GetProperty("line").GetInt32() == 3);
        Assert.Equal(before, await app.WithDbAsync(db => db.Countries.Where(c => c.Alpha2 == "AT").Select(c => c.NameEn).SingleAsync()));
    }

    [Fact]
    public async Task Only_the_Secretariat_administrator_imports_reference_data()
    {
        var officer = await app.SignInAsync("regulator.at@cordon.example");
        var r = await officer.PostAsync("/api/v1/reference/substances/import", new StringContent("code,kind,schedules,name,cas,synonyms\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }

    [Fact]
    public async Task The_export_round_trips_through_the_import()
    {
        var admin = await app.SignInAsync("secretariat.admin@cordon.example");
        var csv = await admin.GetStringAsync("/api/v1/reference/substances.csv");
        Assert.StartsWith("code,kind,schedules,name,cas,synonyms", csv, StringComparison.Ordinal);
        var r = await admin.PostAsync("/api/v1/reference/substances/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var report = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, report.GetProperty("added").GetInt32());
        Assert.True(report.GetProperty("updated").GetInt32() > 400);
    }

    [Fact]
    public async Task A_non_scheduled_chemical_can_be_added_once()
    {
        var officer = await app.ApiClientAsync("KZ", "Incidents.Submit");
        var name = "Benzyl cyanide test " + Guid.NewGuid().ToString("N")[..6];
        var r = await officer.PostAsJsonAsync("/api/v1/reference/substances/non-scheduled", new { name, cas = "140-29-4", synonyms = new[] { "phenylacetonitrile" } });
        Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict);
        var again = await officer.PostAsJsonAsync("/api/v1/reference/substances/non-scheduled", new { name });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }
}
