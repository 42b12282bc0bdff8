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

    private static async Task<(int Exit, string Output)> CordonAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cordon.Cli.CordonCli.RunAsync(args, output, error);
        return (exit, output.ToString() + error);
    }
}
