using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Web.Tests.Infrastructure;

namespace Cordon.Web.Tests.PreExport;

/// <summary>
/// Exports that went without a notification (Monitoring Form D against PreExport), invocation coverage, the charts of the
/// statistics page (SVG and PNG), and Form D requirements feeding the legitimate-requirements check. Year 2027: dispatch
/// dates may lie up to a year ahead, and no other test uses it.
/// </summary>
[Collection(SharedApp.Name)]
public class PreExportStatisticsTests(CordonApp app)
{
    private const int Year = 2027;
    private static readonly string[] Rights = ["PreExport.View", "PreExport.Submit", "PreExport.Approve", "Monitoring.View", "Monitoring.Submit"];

    private static object Notification(string importer, string substance, decimal quantity, string unit, string dispatch) => new
    {
        importingCountry = importer, exporterName = "Stat Chemicals", exporterAddress = "1 Road", importerName = "Stat Importer", importerAddress = "2 Street",
        substances = new[] { new { substance, quantity, unit } }, pointOfEntry = "Port", dispatchDate = dispatch,
    };

    private static async Task<JsonElement> Ok(HttpResponseMessage r, HttpStatusCode expected)
    {
        Assert.True(r.StatusCode == expected, $"{r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task SubmitFormDAsync(HttpClient party, params object[] lines)
    {
        var saved = await Ok(await party.PostAsJsonAsync("/api/v1/monitoring/submissions", new { form = "D", year = Year, lines }), HttpStatusCode.Created);
        Assert.Equal(0, saved.GetProperty("problems").GetArrayLength());
        await Ok(await party.PostAsync($"/api/v1/monitoring/submissions/{saved.GetProperty("id").GetString()}/submit", null), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Exports_reported_without_a_notification_to_an_invoking_Government_are_listed_with_coverage_charts_and_downloads()
    {
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        await Ok(await secretariat.PostAsJsonAsync("/api/v1/preexport/invocations",
            new { countryCode = "CO", tableI = false, tableII = false, namedSubstances = new[] { "PRE-TOLUENE", "PRE-ACETIC-ANHYDRIDE" }, since = "2020-01-01" }), HttpStatusCode.Created);

        // India notifies its toluene export to Colombia, but not its acetic anhydride, and reports both (the latter in litres) on Form D.
        var india = await app.ApiClientAsync("IN", Rights);
        await Ok(await india.PostAsJsonAsync("/api/v1/preexport/notifications", Notification("CO", "PRE-TOLUENE", 1000, "kg", $"{Year}-01-15")), HttpStatusCode.Created);
        await SubmitFormDAsync(india,
            new { section = "Trade", substance = "PRE-TOLUENE", unit = "kg", direction = "Export", partner = "CO", quantity = 1000 },
            new { section = "Trade", substance = "PRE-ACETIC-ANHYDRIDE", unit = "L", direction = "Export", partner = "CO", quantity = 2000 },
            new { section = "Trade", substance = "PRE-ACETIC-ANHYDRIDE", unit = "kg", direction = "Export", partner = "AT", quantity = 50 });

        var report = await secretariat.GetFromJsonAsync<JsonElement>($"/api/v1/preexport/statistics/unnotified?year={Year}");
        var rows = report.GetProperty("exports").EnumerateArray().Where(e => e.GetProperty("exporter").GetString() == "IN").ToList();
        var row = Assert.Single(rows);
        Assert.Equal("CO", row.GetProperty("importer").GetString());
        Assert.Equal("PRE-ACETIC-ANHYDRIDE", row.GetProperty("substanceCode").GetString());
        Assert.Equal(2_160_000d, row.GetProperty("reportedGrams").GetDouble()); // 2,000 L × 1.08 kg/L
        Assert.Contains("no pre-export notification from IN to CO", row.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        var coverage = report.GetProperty("coverage").EnumerateArray().Single(c => c.GetProperty("importer").GetString() == "CO");
        Assert.Equal(2, coverage.GetProperty("reportedRoutes").GetInt32());
        Assert.Equal(1, coverage.GetProperty("notifiedRoutes").GetInt32());
        Assert.Equal(0.5, coverage.GetProperty("coverage").GetDouble());

        var csv = await secretariat.GetStringAsync($"/api/v1/preexport/statistics/unnotified.csv?year={Year}");
        Assert.StartsWith("exporter,importer,substance,", csv, StringComparison.Ordinal);
        Assert.Contains("\nIN,CO,PRE-ACETIC-ANHYDRIDE,", csv, StringComparison.Ordinal);
        Assert.Contains("\nCO,2027,2,1,0.5,", await secretariat.GetStringAsync($"/api/v1/preexport/statistics/coverage.csv?year={Year}"), StringComparison.Ordinal);

        // The importer sees the row and its own coverage; a third Party sees neither.
        var colombia = await app.ApiClientAsync("CO", Rights);
        var own = await colombia.GetFromJsonAsync<JsonElement>($"/api/v1/preexport/statistics/unnotified?year={Year}");
        Assert.Contains(own.GetProperty("exports").EnumerateArray(), e => e.GetProperty("exporter").GetString() == "IN");
        var kazakhstan = await app.ApiClientAsync("KZ", Rights);
        var other = await kazakhstan.GetFromJsonAsync<JsonElement>($"/api/v1/preexport/statistics/unnotified?year={Year}");
        Assert.DoesNotContain(other.GetProperty("exports").EnumerateArray(), e => e.GetProperty("exporter").GetString() == "IN");
        Assert.Empty(other.GetProperty("coverage").EnumerateArray());
        Assert.DoesNotContain("IN,CO", await kazakhstan.GetStringAsync($"/api/v1/preexport/statistics/unnotified.csv?year={Year}"), StringComparison.Ordinal);

        // The page: table, explanation, charts as SVG with PNG downloads.
        var page = await secretariat.GetStringAsync($"/PreExport/Statistics?year={Year}");
        Assert.Contains("id=\"unnotified\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"coverage\"", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains($"/api/v1/preexport/statistics/charts/notifications.png?year={Year}", page, StringComparison.Ordinal);
        var svg = await secretariat.GetAsync($"/api/v1/preexport/statistics/charts/notifications.svg?year={Year}");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<polyline", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var png = await india.GetAsync($"/api/v1/preexport/statistics/charts/response.png?year={Year}");
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, (await png.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal(HttpStatusCode.NotFound, (await india.GetAsync($"/api/v1/preexport/statistics/charts/nothing.svg?year={Year}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await india.GetAsync("/api/v1/preexport/statistics/unnotified?year=1900")).StatusCode);

        // The trend counts what the Party sent.
        var trend = await india.GetFromJsonAsync<List<JsonElement>>($"/api/v1/preexport/statistics/trend?year={Year}");
        Assert.Equal(10, trend!.Count);
        Assert.True(trend.Single(t => t.GetProperty("year").GetInt32() == 2026).GetProperty("sent").GetInt32() > 0);
    }

    [Fact]
    public async Task A_requirement_submitted_on_Form_D_feeds_the_pre_export_check_until_the_Secretariat_records_its_own()
    {
        // Kazakhstan states its annual legitimate requirement of P-2-P once, in Monitoring (100 L = 100.6 kg at 1.006 kg/L).
        var kazakhstan = await app.ApiClientAsync("KZ", Rights);
        await SubmitFormDAsync(kazakhstan, new { section = "Requirement", substance = "PRE-P-2-P", unit = "L", quantity = 100 });
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var register = await secretariat.GetFromJsonAsync<List<JsonElement>>($"/api/v1/preexport/requirements?year={Year}");
        var fromFormD = register!.Single(r => r.GetProperty("countryCode").GetString() == "KZ" && r.GetProperty("substanceCode").GetString() == "PRE-P-2-P");
        Assert.Equal(100.6m, fromFormD.GetProperty("kilograms").GetDecimal());
        Assert.Equal("FormD", fromFormD.GetProperty("source").GetString());

        var austria = await app.ApiClientAsync("AT", Rights);
        var filed = await Ok(await austria.PostAsJsonAsync("/api/v1/preexport/notifications", Notification("KZ", "PRE-P-2-P", 150, "kg", $"{Year}-02-01")), HttpStatusCode.Created);
        var warning = Assert.Single(filed.GetProperty("requirementWarnings").EnumerateArray());
        Assert.Equal(100.6m, warning.GetProperty("requirementKg").GetDecimal());
        Assert.Equal(150m, warning.GetProperty("thisNotificationKg").GetDecimal());

        // The Secretariat's figure takes precedence: with 500 kg recorded, 150 + 150 kg is within it.
        await Ok(await secretariat.PostAsJsonAsync("/api/v1/preexport/requirements", new { countryCode = "KZ", substance = "PRE-P-2-P", year = Year, kilograms = 500m }), HttpStatusCode.OK);
        var again = await Ok(await austria.PostAsJsonAsync("/api/v1/preexport/notifications", Notification("KZ", "PRE-P-2-P", 150, "kg", $"{Year}-02-02")), HttpStatusCode.Created);
        Assert.Empty(again.GetProperty("requirementWarnings").EnumerateArray());
        register = await secretariat.GetFromJsonAsync<List<JsonElement>>($"/api/v1/preexport/requirements?year={Year}");
        Assert.Equal("Secretariat", register!.Single(r => r.GetProperty("countryCode").GetString() == "KZ" && r.GetProperty("substanceCode").GetString() == "PRE-P-2-P").GetProperty("source").GetString());
    }
}
