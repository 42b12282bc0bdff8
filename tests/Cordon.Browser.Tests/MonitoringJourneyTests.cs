using Cordon.Application.Monitoring;
using Cordon.Domain.Monitoring;
using Microsoft.Playwright;

namespace Cordon.Browser.Tests;

public class MonitoringJourneyTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private static FilePayload Workbook(decimal closingCodeine) => new()
    {
        Name = "form-c.xlsx",
        MimeType = StatisticsExcel.ContentType,
        Buffer = StatisticsExcel.Template(StatisticsForm.C, [],
        [
            new LineView(2, LineSection.Balance, "N-MORPHINE", "kg", null, null, null, 100, 0, 0, 50, 0, 70, 0, 80),
            new LineView(3, LineSection.Balance, "N-CODEINE", "kg", null, null, null, 10, 0, 0, 5, 0, 5, 0, closingCodeine),
        ]),
    };

    [Fact]
    public async Task A_Party_uploads_an_Excel_form_sees_the_stock_balance_error_on_its_line_corrects_it_and_the_submission_is_accepted()
    {
        var page = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(page, "regulator.at@cordon.example");
        await page.ClickAsync("nav.main a[href='/Monitoring']");

        // Open Form C of a year with nothing submitted yet.
        await page.SelectOptionAsync("#form", "C");
        await page.FillAsync("#year", "2097");
        await page.ClickAsync("#open-form button[type=submit]");
        await page.WaitForSelectorAsync("#upload-form");

        // Row 3 of the workbook does not add up (10 + 5 - 5 = 10, closing stock 20).
        await page.SetInputFilesAsync("#workbook", Workbook(20));
        await page.ClickAsync("#upload");
        await page.WaitForSelectorAsync("#problems");
        var problem = page.Locator("#problems li[data-line='3']");
        Assert.Equal(1, await problem.CountAsync());
        Assert.Contains("the closing stock is 20 kg", await problem.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#problems li[data-line='2']").CountAsync());
        Assert.Contains("error", await page.GetAttributeAsync("#lines tr[data-line='3']", "class") ?? "", StringComparison.Ordinal);
        Assert.Contains("closing stock", await page.InnerTextAsync("#lines tr[data-line='3']"), StringComparison.Ordinal);
        Assert.Equal("Draft", await page.GetAttributeAsync("#status-value", "data-status"));

        // The corrected workbook is accepted and submitted; both versions are listed.
        await page.SetInputFilesAsync("#workbook", Workbook(10));
        await page.ClickAsync("#upload");
        await page.WaitForSelectorAsync("#status-value[data-status='Submitted']");
        Assert.Contains("accepted", await page.InnerTextAsync("#flash"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#problems").CountAsync());
        Assert.Equal(2, await page.Locator("#versions tbody tr").CountAsync());
    }
}
