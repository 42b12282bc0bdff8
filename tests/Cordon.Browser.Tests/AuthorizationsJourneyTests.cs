using Microsoft.Playwright;

namespace Cordon.Browser.Tests;

public class AuthorizationsJourneyTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task India_issues_an_import_authorization_after_the_excess_warning_Austria_exports_part_India_endorses_less_and_Colombia_sees_nothing()
    {
        // India's regulator asks for more morphine than its estimate (demo: 800 kg of base) allows.
        var importer = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(importer, "regulator.in@cordon.example");
        await importer.ClickAsync("nav.main a[href='/Authorizations']");
        await importer.ClickAsync("#new-authorization");
        var number = "IN-BR-" + Guid.NewGuid().ToString("N")[..6];
        await importer.FillAsync("input[name='Input.Number']", number);
        await importer.SelectOptionAsync("select[name='Input.ExportingCountry']", "AT");
        await importer.SelectOptionAsync("select[name='Input.Substance']", "N-MORPHINE");
        await importer.FillAsync("input[name='Input.Quantity']", "2000");
        await importer.SelectOptionAsync("select[name='Input.Unit']", "kg");
        await importer.FillAsync("input[name='Input.ImporterName']", "Browser Pharma Ltd");
        await importer.FillAsync("input[name='Input.ImporterAddress']", "Mumbai");
        await importer.FillAsync("input[name='Input.ExporterName']", "Alpen Opiate GmbH");
        await importer.FillAsync("input[name='Input.ExporterAddress']", "Linz");
        await importer.FillAsync("input[name='Input.PointOfEntry']", "Mumbai Air Cargo");
        await importer.ClickAsync("#issue");
        await importer.WaitForSelectorAsync("#estimate-warning");
        Assert.Contains("Draft", await importer.InnerTextAsync("#authorization-status"), StringComparison.Ordinal);
        Assert.Equal(2, await importer.Locator("#guided-steps li").CountAsync()); // reduce, or a supplementary estimate (no reason for a narcotic drug)

        // Step 1: reduce the quantity, then issue.
        await importer.FillAsync("#reduce-form input[name='Quantity']", "10");
        await importer.ClickAsync("#reduce");
        await importer.WaitForSelectorAsync("#flash");
        Assert.Equal(0, await importer.Locator("#estimate-warning").CountAsync());
        await importer.ClickAsync("#issue");
        await importer.WaitForSelectorAsync("#flash");
        Assert.Contains("Transmitted", await importer.InnerTextAsync("#authorization-status"), StringComparison.Ordinal);
        var path = new Uri(importer.Url).PathAndQuery;

        // India downloads the signed PDF: `cordon verify` accepts it (key and status checked online) and rejects it once one byte changes.
        var download = await importer.RunAndWaitForDownloadAsync(() => importer.ClickAsync("#download-pdf"));
        var folder = Directory.CreateTempSubdirectory("cordon-browser-pdf-");
        var pdf = Path.Combine(folder.FullName, download.SuggestedFilename);
        await download.SaveAsAsync(pdf);
        Assert.EndsWith(".pdf", pdf, StringComparison.Ordinal);
        var (exit, output) = await CordonAsync("verify", pdf, "--url", browser.BaseUrl);
        Assert.True(exit == 0, output);
        Assert.StartsWith("genuine", output, StringComparison.Ordinal);
        Assert.Contains("status valid", output, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(pdf);
        bytes[bytes.Length / 2] ^= 0x01;
        var altered = Path.Combine(folder.FullName, "altered.pdf");
        await File.WriteAllBytesAsync(altered, bytes);
        (exit, output) = await CordonAsync("verify", altered, "--url", browser.BaseUrl);
        Assert.True(exit == 2, output);
        Assert.StartsWith("altered", output, StringComparison.Ordinal);
        folder.Delete(true);

        // Austria receives it and issues an export authorization for part of it.
        var exporter = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(exporter, "regulator.at@cordon.example");
        await exporter.GotoAsync("/Authorizations?direction=incoming");
        await exporter.ClickAsync($"#authorizations-list a[href='{path}']");
        await exporter.FillAsync("input[name='ExportNumber']", "AT-BR-" + Guid.NewGuid().ToString("N")[..6]);
        await exporter.FillAsync("input[name='ExportQuantity']", "4");
        await exporter.ClickAsync("#issue-export");
        await exporter.WaitForSelectorAsync("#flash");
        Assert.Contains(number, await exporter.ContentAsync(), StringComparison.Ordinal);
        var exportPath = new Uri(exporter.Url).PathAndQuery;
        Assert.NotEqual(path, exportPath);

        // India endorses with less than was shipped: a discrepancy.
        await importer.GotoAsync(exportPath);
        await importer.FillAsync("input[name='QuantityImported']", "3.5");
        await importer.FillAsync("input[name='Remarks']", "One drum missing");
        await importer.ClickAsync("#endorse");
        await importer.WaitForSelectorAsync("#discrepancy");
        Assert.Contains("Endorsed", await importer.InnerTextAsync("#authorization-status"), StringComparison.Ordinal);
        await importer.GotoAsync(path);
        Assert.Contains("6", await importer.InnerTextAsync("#remaining"), StringComparison.Ordinal);

        // Colombia, a third Party, is refused both pages.
        var third = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(third, "regulator.co@cordon.example");
        Assert.Equal(404, (await third.GotoAsync(path))!.Status);
        Assert.Equal(404, (await third.GotoAsync(exportPath))!.Status);
    }

    [Fact]
    public async Task The_Secretariat_records_an_estimate_Kazakhstan_proposes_a_supplementary_one_the_Secretariat_confirms_it_and_the_next_authorization_uses_it()
    {
        var year = TimeProvider.System.GetUtcNow().Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // The Secretariat records Kazakhstan's estimate of alfentanil in the salt: 100 g of the hydrochloride (factor 0.9195) = 91.95 g of base.
        var secretariat = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(secretariat, "secretariat.admin@cordon.example");
        await secretariat.GotoAsync("/Authorizations");
        await secretariat.ClickAsync("#estimates-link");
        await secretariat.SelectOptionAsync("select[name='Input.CountryCode']", "KZ");
        await secretariat.SelectOptionAsync("select[name='Input.Substance']", "N-ALFENTANIL");
        await secretariat.FillAsync("input[name='Input.Year']", year);
        await secretariat.FillAsync("input[name='Input.Quantity']", "100");
        await secretariat.SelectOptionAsync("select[name='Input.Unit']", "g");
        await secretariat.FillAsync("input[name='Input.Preparation']", "alfentanil hydrochloride");
        await secretariat.ClickAsync("#submit-estimate");
        await secretariat.WaitForSelectorAsync("#flash");
        Assert.Contains("91.95 g", await secretariat.InnerTextAsync("#flash"), StringComparison.Ordinal);
        Assert.Contains("91.95", await secretariat.InnerTextAsync("#estimates-in-force tr[data-party='KZ'][data-substance='N-ALFENTANIL'] .grams"), StringComparison.Ordinal);

        // Kazakhstan's regulator proposes a supplementary estimate: 200 g of the salt, a new total of 183.9 g of base.
        var kazakhstan = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(kazakhstan, "regulator.kz@cordon.example");
        await kazakhstan.GotoAsync("/Authorizations/Estimates");
        await kazakhstan.SelectOptionAsync("select[name='Input.Substance']", "N-ALFENTANIL");
        await kazakhstan.FillAsync("input[name='Input.Year']", year);
        await kazakhstan.FillAsync("input[name='Input.Quantity']", "200");
        await kazakhstan.SelectOptionAsync("select[name='Input.Unit']", "g");
        await kazakhstan.FillAsync("input[name='Input.Preparation']", "alfentanil hydrochloride");
        await kazakhstan.CheckAsync("input[name='Input.Supplementary']");
        await kazakhstan.FillAsync("input[name='Input.Note']", "New anaesthesia unit");
        await kazakhstan.ClickAsync("#submit-estimate");
        await kazakhstan.WaitForSelectorAsync("#flash");
        Assert.Contains("183.9 g", await kazakhstan.InnerTextAsync("#flash"), StringComparison.Ordinal);
        Assert.Equal(1, await kazakhstan.Locator("#pending-proposals tr[data-substance='N-ALFENTANIL']").CountAsync());

        // The Secretariat sees the proposal and confirms it.
        await secretariat.GotoAsync("/Authorizations/Estimates");
        var row = secretariat.Locator("#pending-proposals tr[data-substance='N-ALFENTANIL']");
        Assert.Contains("regulator.kz@cordon.example", await row.InnerTextAsync(), StringComparison.Ordinal);
        await row.Locator("button.confirm").ClickAsync();
        await secretariat.WaitForSelectorAsync("#flash");
        Assert.Equal(0, await secretariat.Locator("#pending-proposals tr[data-substance='N-ALFENTANIL']").CountAsync());

        // Kazakhstan's next import authorization, 150 g of the salt (137.925 g of base: above the old figure), is checked against 183.9 g and goes out.
        await kazakhstan.GotoAsync("/Authorizations/New");
        await kazakhstan.FillAsync("input[name='Input.Number']", "KZ-BR-" + Guid.NewGuid().ToString("N")[..6]);
        await kazakhstan.SelectOptionAsync("select[name='Input.ExportingCountry']", "IN");
        await kazakhstan.SelectOptionAsync("select[name='Input.Substance']", "N-ALFENTANIL");
        await kazakhstan.FillAsync("input[name='Input.Preparation']", "alfentanil hydrochloride");
        await kazakhstan.FillAsync("input[name='Input.Quantity']", "150");
        await kazakhstan.SelectOptionAsync("select[name='Input.Unit']", "g");
        await kazakhstan.FillAsync("input[name='Input.ImporterName']", "Almaty Pharm LLP");
        await kazakhstan.FillAsync("input[name='Input.ImporterAddress']", "Almaty");
        await kazakhstan.FillAsync("input[name='Input.ExporterName']", "Hyderabad Generics Ltd");
        await kazakhstan.FillAsync("input[name='Input.ExporterAddress']", "Hyderabad");
        await kazakhstan.ClickAsync("#issue");
        await kazakhstan.WaitForSelectorAsync("#flash");
        Assert.Contains("Transmitted", await kazakhstan.InnerTextAsync("#authorization-status"), StringComparison.Ordinal);
        Assert.Equal(0, await kazakhstan.Locator("#estimate-warning").CountAsync());

        // Every version is in the history, with who; another Party is refused it; the chart on the dashboard shows the figure.
        await kazakhstan.GotoAsync("/Authorizations/EstimateHistory?party=KZ&substance=N-ALFENTANIL");
        Assert.Equal(2, await kazakhstan.Locator("#estimate-history tr[data-status='Confirmed']").CountAsync());
        await kazakhstan.GotoAsync("/Authorizations");
        Assert.Equal(2, await kazakhstan.Locator("#utilization-chart svg rect[data-category='N-ALFENTANIL']").CountAsync());
        var third = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(third, "regulator.co@cordon.example");
        Assert.Equal(404, (await third.GotoAsync("/Authorizations/EstimateHistory?party=KZ&substance=N-ALFENTANIL"))!.Status);
    }

    private static async Task<(int Exit, string Output)> CordonAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cordon.Cli.CordonCli.RunAsync(args, output, error);
        return (exit, output.ToString() + error);
    }
}
