using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using Cordon.Application.Common;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Tests.Tabular;

/// <summary>Every bulk import takes CSV or Excel, under one size limit with content checks; every table downloads as CSV or Excel.</summary>
[Collection(SharedApp.Name)]
public class TabularEndpointTests(CordonApp app)
{
    private static string InDays(int days) =>
        DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static ByteArrayContent Xlsx(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(TabularFile.XlsxContentType);
        return content;
    }

    private static byte[] Notifications(string badQuantityOnRow3)
    {
        using var book = new XLWorkbook();
        var s = book.AddWorksheet("Notifications");
        string[] headers = ["importing_country", "exporter_name", "exporter_address", "importer_name", "importer_address", "substance", "quantity", "unit", "point_of_entry", "dispatch_date"];
        for (var c = 0; c < headers.Length; c++) s.Cell(1, c + 1).Value = headers[c];
        void Row(int r, object quantity)
        {
            object[] v = ["IN", "Alpen GmbH", "Linz", "Mumbai Ltd", "Mumbai", "acetone", quantity, "L", "Nhava Sheva", DateTime.ParseExact(InDays(7), "yyyy-MM-dd", CultureInfo.InvariantCulture)];
            for (var c = 0; c < v.Length; c++)
                switch (v[c])
                {
                    case DateTime d: s.Cell(r, c + 1).Value = d; break;
                    case int i: s.Cell(r, c + 1).Value = i; break;
                    default: s.Cell(r, c + 1).Value = (string)v[c]; break;
                }
        }
        Row(2, 1200);
        Row(3, badQuantityOnRow3);
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task An_Excel_batch_is_refused_on_its_row_then_filed_once_corrected()
    {
        var austria = await app.ApiClientAsync("AT", "PreExport.View", "PreExport.Submit");
        var before = await app.WithDbAsync(db => db.PreExportNotifications.CountAsync());

        var refused = await austria.PostAsync("/api/v1/preexport/notifications/import", Xlsx(Notifications("twelve")));
        Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, await refused.Content.ReadAsStringAsync());
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("line 3", out _), problem.ToString());
        Assert.False(problem.GetProperty("errors").TryGetProperty("line 2", out _));
        Assert.Equal(before, await app.WithDbAsync(db => db.PreExportNotifications.CountAsync()));

        // The same workbook with row 3 corrected, sent as the file of a form as a browser would.
        using var form = new MultipartFormDataContent { { Xlsx(Notifications("800")), "file", "notifications.xlsx" } };
        var filed = await austria.PostAsync("/api/v1/preexport/notifications/import", form);
        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        Assert.Equal(2, (await filed.Content.ReadFromJsonAsync<List<JsonElement>>())!.Count);
        Assert.Equal(before + 2, await app.WithDbAsync(db => db.PreExportNotifications.CountAsync()));
    }

    [Fact]
    public async Task Imports_refuse_oversized_and_unrecognised_files_with_a_problem_and_change_nothing()
    {
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var austria = await app.ApiClientAsync("AT", "PreExport.View", "PreExport.Submit", "Authorizations.View", "Authorizations.Submit");
        var notifications = await app.WithDbAsync(db => db.PreExportNotifications.CountAsync());
        var estimates = await app.WithDbAsync(db => db.Estimates.CountAsync());

        var huge = new StringBuilder("party,substance,year,grams\n");
        while (huge.Length <= 10 * 1024 * 1024) huge.Append("IN,N-FENTANYL,2026,1\n");
        var tooLarge = await secretariat.PostAsync("/api/v1/authorizations/estimates/import", new StringContent(huge.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);

        // A photo named .csv, and a legacy .xls: recognised by content and refused.
        var png = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
        png.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await austria.PostAsync("/api/v1/preexport/notifications/import", png)).StatusCode);
        var xls = new ByteArrayContent([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]);
        var xlsAnswer = await austria.PostAsync("/api/v1/authorizations/import/batch", xls);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xlsAnswer.StatusCode);
        Assert.Contains(".xlsx", (await xlsAnswer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.PostAsync("/api/v1/preexport/notifications/import", new MultipartFormDataContent { { new StringContent("x"), "note" } })).StatusCode);

        Assert.Equal(notifications, await app.WithDbAsync(db => db.PreExportNotifications.CountAsync()));
        Assert.Equal(estimates, await app.WithDbAsync(db => db.Estimates.CountAsync()));
    }

    [Theory]
    [InlineData("/api/v1/preexport/statistics", "party")]
    [InlineData("/api/v1/incidents/dashboard", "section")]
    [InlineData("/api/v1/audit/export", "sequence")]
    [InlineData("/api/v1/authorizations/estimates", "party")]
    [InlineData("/api/v1/permits/annual-report", "")]
    public async Task Tables_download_as_CSV_and_as_a_workbook_with_the_same_rows(string path, string firstHeader)
    {
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var csv = await secretariat.GetAsync(path + ".csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("text/csv", csv.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var fromCsv = (await TabularFile.ReadAsync(await csv.Content.ReadAsByteArrayAsync())).Value!;

        var xlsx = await secretariat.GetAsync(path + ".xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(TabularFile.XlsxContentType, xlsx.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".xlsx", xlsx.Content.Headers.ContentDisposition?.FileNameStar ?? xlsx.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var fromXlsx = (await TabularFile.ReadAsync(await xlsx.Content.ReadAsByteArrayAsync())).Value!;

        Assert.Equal(fromCsv.Headers, fromXlsx.Headers);
        if (firstHeader.Length > 0) Assert.Equal(firstHeader, fromXlsx.Headers[0]);
        // The audit export records itself, so the workbook has that one entry more than the CSV read before it.
        Assert.InRange(fromXlsx.Lines.Count - fromCsv.Lines.Count, 0, path.Contains("audit", StringComparison.Ordinal) ? 1 : 0);

        Assert.Equal(HttpStatusCode.NotFound, (await secretariat.GetAsync(path + ".pdf")).StatusCode);
    }
}
