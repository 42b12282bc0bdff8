using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ClosedXML.Excel;
using Cordon.Application.Monitoring;
using Cordon.Domain.Monitoring;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Monitoring;

/// <summary>
/// The Monitoring module through its API. Each test uses its own reporting years (far from the demo data's) so the
/// tests do not see each other's statistics.
/// </summary>
[Collection(SharedApp.Name)]
public class MonitoringTests(CordonApp app)
{
    private static readonly string[] Rights = ["Monitoring.View", "Monitoring.Submit"];

    private static async Task<JsonElement> Json(HttpResponseMessage r, HttpStatusCode expected)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"{(int)r.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static LineView Balance(int row, string substance, decimal opening, decimal imports, decimal consumption, decimal closing, decimal exports = 0) =>
        new(row, LineSection.Balance, substance, "kg", null, null, null, opening, 0, 0, imports, exports, consumption, 0, closing);

    private static ByteArrayContent Workbook(StatisticsForm form, params LineView[] lines)
    {
        var content = new ByteArrayContent(StatisticsExcel.Template(form, [], lines));
        content.Headers.ContentType = new MediaTypeHeaderValue(StatisticsExcel.ContentType);
        return content;
    }

    private static object Trade(string substance, string direction, string partner, decimal kg) => new { section = "Trade", substance, unit = "kg", direction, partner, quantity = kg };

    /// <summary>Saves and submits a form through the API; returns the submission.</summary>
    private static async Task<JsonElement> SubmitAsync(HttpClient party, string form, int year, int? quarter, params object[] lines)
    {
        var saved = await Json(await party.PostAsJsonAsync("/api/v1/monitoring/submissions", new { form, year, quarter, lines }), HttpStatusCode.Created);
        Assert.Equal(0, saved.GetProperty("problems").GetArrayLength());
        return await Json(await party.PostAsync($"/api/v1/monitoring/submissions/{saved.GetProperty("id").GetString()}/submit", null), HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_Excel_submission_with_a_stock_balance_error_shows_it_on_its_line_and_is_accepted_once_corrected()
    {
        var austria = await app.ApiClientAsync("AT", Rights);
        const int year = 2091;

        // Row 3 does not add up: 10 + 5 - 5 = 10, but the closing stock says 20.
        var first = await Json(await austria.PostAsync($"/api/v1/monitoring/submissions/upload?form=C&year={year}&submit=true",
            Workbook(StatisticsForm.C, Balance(2, "N-MORPHINE", 100, 50, 70, 80), Balance(3, "N-CODEINE", 10, 5, 5, 20))), HttpStatusCode.OK);
        Assert.Equal("Draft", first.GetProperty("status").GetString());
        var problem = Assert.Single(first.GetProperty("problems").EnumerateArray());
        Assert.Equal(3, problem.GetProperty("line").GetInt32());
        Assert.Equal("Monitoring.Problem.Balance", problem.GetProperty("code").GetString());
        Assert.Contains("the closing stock is 20 kg", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        var id = first.GetProperty("id").GetString();

        // Submitting it as it stands is refused with the problem on its line; nothing counts yet.
        var refused = await Json(await austria.PostAsync($"/api/v1/monitoring/submissions/{id}/submit", null), HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("line 3", out _));
        Assert.False(await app.WithDbAsync(db => db.YearlyTotals.AnyAsync(t => t.CountryCode == "AT" && t.Year == year)));

        // The corrected workbook is accepted and submitted; the figures count, the submission is audited, every version is kept.
        var second = await Json(await austria.PostAsync($"/api/v1/monitoring/submissions/upload?form=C&year={year}&submit=true",
            Workbook(StatisticsForm.C, Balance(2, "N-MORPHINE", 100, 50, 70, 80), Balance(3, "N-CODEINE", 10, 5, 5, 10))), HttpStatusCode.OK);
        Assert.Equal(id, second.GetProperty("id").GetString());
        Assert.Equal("Submitted", second.GetProperty("status").GetString());
        Assert.Equal(0, second.GetProperty("problems").GetArrayLength());
        var totals = await app.WithDbAsync(db => db.YearlyTotals.Where(t => t.CountryCode == "AT" && t.Year == year).OrderBy(t => t.SubstanceCode).ToListAsync());
        Assert.Equal([("N-CODEINE", 5000.0), ("N-MORPHINE", 70000.0)], totals.Select(t => (t.SubstanceCode, t.Consumption)));
        var versions = await Json(await austria.GetAsync($"/api/v1/monitoring/submissions/{id}/versions"), HttpStatusCode.OK);
        Assert.Equal(["Submitted", "Draft"], versions.EnumerateArray().Select(v => v.GetProperty("status").GetString()));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "monitoring.submitted" && a.EntityId == id)));
    }

    [Fact]
    public async Task A_submission_is_saved_incomplete_completed_later_with_If_Match_and_every_version_is_kept()
    {
        var india = await app.ApiClientAsync("IN", Rights);
        var created = await Json(await india.PostAsJsonAsync("/api/v1/monitoring/submissions", new
        {
            form = "P", year = 2094,
            lines = new object[] { new { section = "Balance", substance = "P-DIAZEPAM", unit = "kg", openingStock = 10 }, new { section = "Trade", substance = "P-DIAZEPAM", unit = "lb", direction = "Import", partner = "AT", quantity = 5 } },
        }), HttpStatusCode.Created);
        var codes = created.GetProperty("problems").EnumerateArray().Select(p => (p.GetProperty("line").GetInt32(), p.GetProperty("code").GetString())).ToList();
        Assert.Contains((1, "Monitoring.Problem.Required"), codes);
        Assert.Contains((2, "Monitoring.Problem.Unit"), codes);
        var id = created.GetProperty("id").GetString();

        // A second POST for the same period is a conflict; a PUT without If-Match is refused.
        await Json(await india.PostAsJsonAsync("/api/v1/monitoring/submissions", new { form = "P", year = 2094, lines = Array.Empty<object>() }), HttpStatusCode.Conflict);
        var complete = new { lines = new object[] { new { section = "Balance", substance = "P-DIAZEPAM", unit = "kg", openingStock = 10, imports = 5, consumption = 12, closingStock = 3 }, Trade("P-DIAZEPAM", "Import", "AT", 5) } };
        Assert.Equal((HttpStatusCode)428, (await india.PutAsJsonAsync($"/api/v1/monitoring/submissions/{id}", complete)).StatusCode);

        var read = await india.GetAsync($"/api/v1/monitoring/submissions/{id}");
        var etag = read.Headers.ETag!.Tag;
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/monitoring/submissions/{id}") { Content = JsonContent.Create(complete) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"999\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await india.SendAsync(stale)).StatusCode);
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/monitoring/submissions/{id}") { Content = JsonContent.Create(complete) };
        put.Headers.TryAddWithoutValidation("If-Match", etag);
        var updated = await Json(await india.SendAsync(put), HttpStatusCode.OK);
        Assert.Equal(0, updated.GetProperty("problems").GetArrayLength());
        Assert.Equal(2, updated.GetProperty("versionNumber").GetInt32());
        var submitted = await Json(await india.PostAsync($"/api/v1/monitoring/submissions/{id}/submit", null), HttpStatusCode.OK);
        Assert.Equal("Submitted", submitted.GetProperty("status").GetString());
        var versions = await Json(await india.GetAsync($"/api/v1/monitoring/submissions/{id}/versions"), HttpStatusCode.OK);
        Assert.Equal(2, versions.GetArrayLength());
        Assert.Equal(1, versions[1].GetProperty("lines")[0].GetProperty("openingStock").GetInt32() / 10);

        // Psychotropic trade of Form P feeds the trade figures.
        Assert.True(await app.WithDbAsync(db => db.TradeFigures.AnyAsync(t => t.ReporterCountry == "IN" && t.Year == 2094 && t.Grams == 5000)));
    }

    [Fact]
    public async Task A_mirror_discrepancy_is_found_with_both_figures_and_queried_until_both_Parties_answer()
    {
        const int year = 2092;
        var india = await app.ApiClientAsync("IN", Rights);
        var colombia = await app.ApiClientAsync("CO", Rights);
        var austria = await app.ApiClientAsync("AT", Rights);
        var secretariat = await app.SignInAsync("secretariat.analyst@cordon.example");
        await SubmitAsync(india, "A", year, 1, Trade("N-MORPHINE", "Export", "CO", 20), Trade("N-CODEINE", "Export", "CO", 7));
        await SubmitAsync(colombia, "A", year, 1, Trade("N-MORPHINE", "Import", "IN", 15), Trade("N-CODEINE", "Import", "IN", 7.1m));

        var report = await Json(await secretariat.GetAsync($"/api/v1/monitoring/crosschecks?year={year}"), HttpStatusCode.OK);
        var mirror = report.GetProperty("discrepancies").EnumerateArray().Where(d => d.GetProperty("kind").GetString() == "Mirror").ToList();
        var d = Assert.Single(mirror); // codeine: 7.1 kg against 7 kg is within the 5 % tolerance
        Assert.Equal(("CO", "IN", "N-MORPHINE"), (d.GetProperty("importer").GetString(), d.GetProperty("exporter").GetString(), d.GetProperty("substance").GetString()));
        Assert.Equal(15_000, d.GetProperty("importsReported").GetDouble());
        Assert.Equal(20_000, d.GetProperty("exportsReported").GetDouble());
        // No export authorization covers this trade in Cordon either.
        Assert.Contains(report.GetProperty("discrepancies").EnumerateArray(), x => x.GetProperty("kind").GetString() == "AboveAuthorizations" && x.GetProperty("substance").GetString() == "N-MORPHINE");
        var csv = await secretariat.GetStringAsync($"/api/v1/monitoring/crosschecks.csv?year={year}");
        Assert.Contains("Mirror,CO,IN,N-MORPHINE,2092,0,15000,20000,,-5000,", csv, StringComparison.Ordinal);
        using (var xlsx = new XLWorkbook(await secretariat.GetStreamAsync($"/api/v1/monitoring/crosschecks.xlsx?year={year}")))
            Assert.Equal("kind", xlsx.Worksheets.First().Cell(1, 1).GetString());

        // A Party cannot run the cross-checks or open a query.
        Assert.Equal(HttpStatusCode.Forbidden, (await india.GetAsync($"/api/v1/monitoring/crosschecks?year={year}")).StatusCode);
        var key = d.GetProperty("key").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await india.PostAsJsonAsync("/api/v1/monitoring/queries", new { key, message = "?" })).StatusCode);

        var thread = await Json(await secretariat.PostAsJsonAsync("/api/v1/monitoring/queries", new { key, message = "Which figure is right?" }), HttpStatusCode.OK);
        var id = thread.GetProperty("id").GetString();
        Assert.Contains("imports reported by CO from IN: 15,000 g; exports reported by IN to CO: 20,000 g", thread.GetProperty("figures").GetString(), StringComparison.Ordinal);
        var feed = await colombia.GetFromJsonAsync<JsonElement>("/api/v1/feed?cursor=0&limit=500");
        Assert.Contains(feed.GetProperty("items").EnumerateArray(), i => i.GetProperty("recordId").GetString() == id && i.GetProperty("module").GetString() == "Monitoring");
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync($"/api/v1/monitoring/threads/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.PostAsJsonAsync($"/api/v1/monitoring/threads/{id}/answer", new { text = "Not us." })).StatusCode);

        var afterColombia = await Json(await colombia.PostAsJsonAsync($"/api/v1/monitoring/threads/{id}/answer", new { text = "We received 15 kg; 5 kg arrive next quarter." }), HttpStatusCode.OK);
        Assert.Equal("Open", afterColombia.GetProperty("status").GetString());
        var afterIndia = await Json(await india.PostAsJsonAsync($"/api/v1/monitoring/threads/{id}/answer", new { text = "Agreed: 5 kg shipped in late March." }), HttpStatusCode.OK);
        Assert.Equal("Answered", afterIndia.GetProperty("status").GetString());
        Assert.Equal(3, afterIndia.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Under_utilization_is_marked_for_a_Party_against_its_estimate_and_in_S_DDD()
    {
        const int year = 2093;
        var admin = await app.SignInAsync("secretariat.admin@cordon.example");
        await Json(await admin.PostAsJsonAsync("/api/v1/authorizations/estimates", new { countryCode = "CO", substance = "N-MORPHINE", year, grams = 150_000m }), HttpStatusCode.OK);
        await Json(await admin.PostAsJsonAsync("/api/v1/authorizations/estimates", new { countryCode = "CO", substance = "N-CODEINE", year, grams = 2_000_000m }), HttpStatusCode.OK);
        using (var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/monitoring/population") { Content = JsonContent.Create(new { country = "CO", year, population = 52_000_000 }) })
            await Json(await admin.SendAsync(put), HttpStatusCode.OK);
        var colombia = await app.ApiClientAsync("CO", Rights);
        await SubmitAsync(colombia, "C", year, null,
            new { section = "Balance", substance = "N-MORPHINE", unit = "kg", openingStock = 20, imports = 30, consumption = 30, closingStock = 20 },
            new { section = "Balance", substance = "N-CODEINE", unit = "kg", openingStock = 500, imports = 1900, consumption = 1900, closingStock = 500 });

        var profile = await Json(await colombia.GetAsync("/api/v1/monitoring/profiles/CO"), HttpStatusCode.OK);
        var rows = profile.GetProperty("substances").EnumerateArray().Where(s => s.GetProperty("year").GetInt32() == year).ToDictionary(s => s.GetProperty("substance").GetString()!);
        Assert.Equal(20, rows["N-MORPHINE"].GetProperty("percentOfEstimate").GetDouble(), 6);
        Assert.Equal("Under", rows["N-MORPHINE"].GetProperty("mark").GetString());
        Assert.Equal("Within", rows["N-CODEINE"].GetProperty("mark").GetString());
        // 30 kg / 0.1 g + 1900 kg / 0.2 g = 9.8 million doses a year, 52 million people → 516.3 S-DDD: within range.
        var availability = profile.GetProperty("availability").EnumerateArray().Single(a => a.GetProperty("year").GetInt32() == year);
        Assert.Equal(9_800_000 / 365.0 / 52, availability.GetProperty("narcoticSdd").GetDouble(), 3);

        var global = await Json(await admin.GetAsync($"/api/v1/monitoring/utilization?year={year}"), HttpStatusCode.OK);
        var co = global.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("country").GetString() == "CO");
        Assert.Equal(availability.GetProperty("narcoticSdd").GetDouble(), co.GetProperty("narcoticSdd").GetDouble(), 6);

        // The profile page shows the mark; its chart and tables download; another Party sees none of it.
        var page = await (await app.SignInAsync("regulator.co@cordon.example")).GetStringAsync("/Monitoring/Profile?country=CO");
        Assert.Contains("data-mark=\"Under\"", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        var svg = await colombia.GetAsync("/api/v1/monitoring/profiles/CO/charts/availability.svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Contains("N-MORPHINE," + year + ",30000,150000,20,Under", await colombia.GetStringAsync("/api/v1/monitoring/profiles/CO/substances.csv"), StringComparison.Ordinal);
        var india = await app.ApiClientAsync("IN", Rights);
        foreach (var url in new[] { "/api/v1/monitoring/profiles/CO", "/api/v1/monitoring/profiles/CO/substances.csv", "/api/v1/monitoring/profiles/CO/availability.xlsx",
                     "/api/v1/monitoring/profiles/CO/charts/availability.svg" })
            Assert.Equal(HttpStatusCode.NotFound, (await india.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await india.GetAsync($"/api/v1/monitoring/utilization?year={year}")).StatusCode);
    }

    [Fact]
    public async Task An_unusual_trade_finding_is_explained_and_becomes_an_alert_the_Party_answers()
    {
        var austria = await app.ApiClientAsync("AT", Rights);
        var secretariat = await app.SignInAsync("secretariat.analyst@cordon.example");
        for (var year = 2070; year <= 2076; year++)
        {
            var lines = new List<object> { Trade("N-PETHIDINE", "Export", "DE", year == 2076 ? 900 : 100 + (year % 3) * 5) };
            if (year == 2076) lines.Add(Trade("N-PETHIDINE", "Export", "TJ", 30));
            await SubmitAsync(austria, "A", year, 1, [.. lines]);
        }
        var findings = await Json(await secretariat.GetAsync("/api/v1/monitoring/findings?year=2076&country=AT"), HttpStatusCode.OK);
        var outlier = findings.EnumerateArray().Single(f => f.GetProperty("kind").GetString() == "Outlier" && f.GetProperty("substance").GetString() == "N-PETHIDINE");
        Assert.Equal("AT reported exports of 930,000 g of N-PETHIDINE in 2076. Over the 6 earlier years the median was 105,000 g and the median absolute deviation 5,000 g: the modified z-score is 111.3 (threshold 3.5), far outside its history.",
            outlier.GetProperty("explanation").GetString());
        Assert.Equal(105_000, outlier.GetProperty("figures").GetProperty("median").GetDouble());
        var route = findings.EnumerateArray().Single(f => f.GetProperty("kind").GetString() == "NewRoute");
        Assert.Equal("TJ", route.GetProperty("partner").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await austria.GetAsync("/api/v1/monitoring/findings?year=2076")).StatusCode);

        var page = await secretariat.GetStringAsync("/Monitoring/Findings?Year=2076");
        Assert.Contains("the modified z-score is 111.3", page, StringComparison.Ordinal);

        var alert = await Json(await secretariat.PostAsJsonAsync("/api/v1/monitoring/alerts", new { key = outlier.GetProperty("key").GetString(), year = 2076, message = "Please explain the pethidine exports." }), HttpStatusCode.OK);
        Assert.Equal("Alert", alert.GetProperty("kind").GetString());
        Assert.Equal(["AT"], alert.GetProperty("parties").EnumerateArray().Select(p => p.GetString()));
        var id = alert.GetProperty("id").GetString();
        var india = await app.ApiClientAsync("IN", Rights);
        Assert.Equal(HttpStatusCode.NotFound, (await india.GetAsync($"/api/v1/monitoring/threads/{id}")).StatusCode);
        Assert.DoesNotContain((await india.GetFromJsonAsync<JsonElement>("/api/v1/monitoring/threads")).EnumerateArray(), t => t.GetProperty("id").GetString() == id);

        var answered = await Json(await austria.PostAsJsonAsync($"/api/v1/monitoring/threads/{id}/answer", new { text = "A one-off order for a regional stockpile; licences attached." }), HttpStatusCode.OK);
        Assert.Equal("Answered", answered.GetProperty("status").GetString());
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.Message.MessageKey == "Notification.MonitoringAnswered" && n.Message.Arguments.Contains(answered.GetProperty("reference").GetString()!))));
        var closed = await Json(await secretariat.PostAsync($"/api/v1/monitoring/threads/{id}/close", null), HttpStatusCode.OK);
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await austria.PostAsJsonAsync($"/api/v1/monitoring/threads/{id}/answer", new { text = "More." })).StatusCode);
    }

    [Fact]
    public async Task Another_Party_gets_404_on_every_submission_endpoint_and_403_on_the_Secretariats()
    {
        var austria = await app.ApiClientAsync("AT", Rights);
        var saved = await Json(await austria.PostAsJsonAsync("/api/v1/monitoring/submissions", new { form = "D", year = 2095, lines = new object[] { new { section = "Seizure", substance = "PRE-EPHEDRINE", unit = "kg", quantity = 3 } } }), HttpStatusCode.Created);
        var id = saved.GetProperty("id").GetString();
        var india = await app.ApiClientAsync("IN", Rights);
        Assert.Equal(HttpStatusCode.NotFound, (await india.GetAsync($"/api/v1/monitoring/submissions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await india.GetAsync($"/api/v1/monitoring/submissions/{id}/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await india.GetAsync($"/api/v1/monitoring/submissions/{id}/lines.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await india.PostAsync($"/api/v1/monitoring/submissions/{id}/submit", null)).StatusCode);
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/monitoring/submissions/{id}") { Content = JsonContent.Create(new { lines = Array.Empty<object>() }) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            Assert.Equal(HttpStatusCode.NotFound, (await india.SendAsync(put)).StatusCode);
        }
        Assert.DoesNotContain((await india.GetFromJsonAsync<JsonElement>("/api/v1/monitoring/submissions")).EnumerateArray(), s => s.GetProperty("id").GetString() == id);
        var reporting = await india.GetFromJsonAsync<JsonElement>("/api/v1/monitoring/reporting?year=2095");
        Assert.Equal(["IN"], reporting.GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("countryCode").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignInAsync("regulator.in@cordon.example")).GetAsync($"/Monitoring/Submission?id={id}")).StatusCode);

        foreach (var url in new[] { "/api/v1/monitoring/crosschecks", "/api/v1/monitoring/crosschecks.csv", "/api/v1/monitoring/utilization", "/api/v1/monitoring/utilization.xlsx",
                     "/api/v1/monitoring/findings", "/api/v1/monitoring/findings.csv" })
            Assert.Equal(HttpStatusCode.Forbidden, (await india.GetAsync(url)).StatusCode);
        foreach (var url in new[] { "/api/v1/monitoring/queries", "/api/v1/monitoring/alerts", $"/api/v1/monitoring/threads/{Guid.NewGuid()}/messages", $"/api/v1/monitoring/threads/{Guid.NewGuid()}/close" })
            Assert.Equal(HttpStatusCode.Forbidden, (await india.PostAsJsonAsync(url, new { key = "x", message = "x", text = "x" })).StatusCode);
        using (var ddd = new HttpRequestMessage(HttpMethod.Put, "/api/v1/monitoring/ddd") { Content = JsonContent.Create(new { substance = "N-MORPHINE", grams = 1 }) })
            Assert.Equal(HttpStatusCode.Forbidden, (await india.SendAsync(ddd)).StatusCode);

        // The Secretariat reads the submission but does not submit for the Party.
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        await Json(await secretariat.GetAsync($"/api/v1/monitoring/submissions/{id}"), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Forbidden, (await secretariat.PostAsync($"/api/v1/monitoring/submissions/{id}/submit", null)).StatusCode);
    }

    [Fact]
    public async Task Templates_download_per_form_and_bad_input_gets_problem_details()
    {
        var austria = await app.ApiClientAsync("AT", Rights);
        foreach (var (form, firstColumn) in new[] { ("A", "substance"), ("C", "substance"), ("P", "section"), ("D", "section") })
        {
            var r = await austria.GetAsync($"/api/v1/monitoring/templates/{form}");
            Assert.Equal(StatisticsExcel.ContentType, r.Content.Headers.ContentType!.MediaType);
            using var book = new XLWorkbook(await r.Content.ReadAsStreamAsync());
            Assert.Equal(firstColumn, book.Worksheet("Lines").Cell(1, 1).GetString());
            Assert.True(book.Worksheet("Substances").LastRowUsed()!.RowNumber() > 5);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync("/api/v1/monitoring/templates/Z")).StatusCode);
        var bad = await austria.PostAsJsonAsync("/api/v1/monitoring/submissions", new { form = "A", year = 2095, lines = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        var garbage = new ByteArrayContent("not a workbook"u8.ToArray());
        garbage.Headers.ContentType = new MediaTypeHeaderValue(StatisticsExcel.ContentType);
        var upload = await Json(await austria.PostAsync("/api/v1/monitoring/submissions/upload?form=C&year=2096", garbage), HttpStatusCode.OK);
        Assert.Contains(upload.GetProperty("problems").EnumerateArray(), p => p.GetProperty("code").GetString() == "Monitoring.Problem.Workbook");
    }

    [Fact]
    public async Task Reminders_go_once_to_Parties_that_have_not_submitted_a_form_whose_deadline_is_near_or_past()
    {
        await app.WithScopeAsync(async s =>
        {
            var reminders = s.GetRequiredService<MonitoringReminders>();
            await reminders.RunAsync();
            Assert.Equal(0, await reminders.RunAsync());
        });
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var expected = new List<(StatisticsForm, int, int)>();
        foreach (var y in new[] { today.Year - 1, today.Year })
            foreach (var f in Enum.GetValues<StatisticsForm>())
                foreach (var q in ReportingCalendar.Quarters(f))
                    if (ReportingCalendar.Deadline(f, y, Math.Max(1, q)) is var d && d <= today.AddDays(14) && d > today.AddYears(-1)) expected.Add((f, y, q));
        var sent = await app.WithDbAsync(db => db.ReportingReminders.Where(r => r.CountryCode == "KZ").ToListAsync());
        var submittedByKz = await app.WithDbAsync(db => db.StatisticsSubmissions.Where(x => x.CountryCode == "KZ" && x.SubmittedAt != null).Select(x => new { x.Form, x.Year, x.Quarter }).ToListAsync());
        foreach (var (f, y, q) in expected.Where(e => !submittedByKz.Any(x => x.Form == e.Item1 && x.Year == e.Item2 && x.Quarter == e.Item3)))
            Assert.Contains(sent, r => r.Form == f && r.Year == y && r.Quarter == q);
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.Message.MessageKey == "Notification.MonitoringReminder" || n.Message.MessageKey == "Notification.MonitoringOverdue")));
    }
}
