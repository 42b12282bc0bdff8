using System.Globalization;
using Microsoft.Playwright;

namespace Cordon.Browser.Tests;

public class PreExportJourneyTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Exporter_files_a_mandatory_notification_with_transit_the_importer_objects_and_a_third_Party_sees_nothing()
    {
        // Austria's regulator prepares an export of ephedrine to India, which invoked article 12(10)(a) for Table I.
        var exporter = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(exporter, "regulator.at@cordon.example");
        await exporter.ClickAsync("nav.main a[href='/PreExport']");
        await exporter.ClickAsync("#new-notification");
        await exporter.SelectOptionAsync("select[name='Input.ImportingCountry']", "IN");
        await exporter.SelectOptionAsync("select[name='Input.Substance']", "PRE-EPHEDRINE");
        await exporter.ClickAsync("#check-rule");
        await exporter.WaitForSelectorAsync("#mandatory");
        Assert.Contains("Table I", await exporter.InnerTextAsync("#mandatory"), StringComparison.Ordinal);

        await exporter.FillAsync("input[name='Input.Quantity']", "250");
        await exporter.SelectOptionAsync("select[name='Input.Unit']", "kg");
        await exporter.FillAsync("input[name='Input.TransitCountries']", "KZ, AE");
        await exporter.FillAsync("input[name='Input.ExporterName']", "Alpenchemie GmbH");
        await exporter.FillAsync("input[name='Input.ExporterAddress']", "Industriestraße 5, Linz");
        await exporter.FillAsync("input[name='Input.ImporterName']", "Browser Pharma Ltd");
        await exporter.FillAsync("input[name='Input.ImporterAddress']", "Mumbai");
        await exporter.FillAsync("input[name='Input.PointOfEntry']", "Nhava Sheva");
        var dispatch = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(12).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await exporter.FillAsync("input[name='Input.DispatchDate']", dispatch);
        await exporter.FillAsync("input[name='Input.ReplyWithinDays']", "10");
        await exporter.ClickAsync("#file");
        await exporter.WaitForLoadStateAsync();
        Assert.True(await exporter.Locator("#flash").CountAsync() == 1, await exporter.InnerTextAsync("div.error") + " URL " + exporter.Url);
        var url = exporter.Url;
        Assert.Contains("/PreExport/Details?id=", url, StringComparison.Ordinal);
        Assert.Contains("KZ", await exporter.InnerTextAsync("#transit"), StringComparison.Ordinal);
        Assert.Equal("AwaitingReply", await exporter.GetAttributeAsync("#status-value", "data-status"));
        Assert.Contains("9 d", await exporter.InnerTextAsync("#countdown"), StringComparison.Ordinal);
        var path = new Uri(url).PathAndQuery;

        // India's regulator acknowledges and objects, with a reason.
        var importer = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(importer, "regulator.in@cordon.example");
        await importer.GotoAsync("/PreExport?direction=incoming");
        await importer.ClickAsync($"#preexport-list a[href='{path}']");
        await importer.ClickAsync("#acknowledge");
        await importer.WaitForSelectorAsync("#flash");
        await importer.CheckAsync("input[name='AnswerKind'][value='Objection']");
        await importer.FillAsync("textarea[name='AnswerText']", "The importer's licence was revoked.");
        await importer.ClickAsync("#send-answer");
        await importer.WaitForSelectorAsync("#status-value[data-status='Objection']");

        // The exporter sees the answer.
        await exporter.ReloadAsync();
        Assert.Equal("Objection", await exporter.GetAttributeAsync("#status-value", "data-status"));
        Assert.Contains("licence was revoked", await exporter.InnerTextAsync("#answer"), StringComparison.Ordinal);

        // Kazakhstan, a transit country, marks it stopped; the Secretariat finds it among the marked shipments.
        var transit = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(transit, "regulator.kz@cordon.example");
        await transit.GotoAsync(path);
        await transit.SelectOptionAsync("select[name='MarkKind']", "Stopped");
        await transit.FillAsync("textarea[name='MarkReason']", "Held at the border.");
        await transit.ClickAsync("#send-mark");
        await transit.WaitForSelectorAsync("#mark");
        var secretariat = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(secretariat, "secretariat.analyst@cordon.example");
        await secretariat.GotoAsync("/PreExport?direction=marked");
        await secretariat.WaitForSelectorAsync($"#preexport-list a[href='{path}']");

        // Colombia, a third Party, is refused the page and does not see the notification in its list.
        var third = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(third, "regulator.co@cordon.example");
        var response = await third.GotoAsync(path);
        Assert.Equal(404, response!.Status);
        await third.GotoAsync("/PreExport");
        Assert.Equal(0, await third.Locator($"#preexport-list a[href='{path}']").CountAsync());

        // The stopped shipment becomes an incident in one step: the exporter clicks "Report as incident", finds the form
        // filled from the notification, completes and posts it; the incident and the notification link to each other.
        await exporter.ReloadAsync();
        await exporter.ClickAsync("#report-incident");
        await exporter.WaitForSelectorAsync("#preexport-notification-id", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        Assert.Equal("ephedrine", await exporter.InputValueAsync("input[name='Input.Substances[0].Name']"));
        Assert.Equal("IN", await exporter.InputValueAsync("input[name='Input.Destination']"));
        Assert.Contains("KZ", await exporter.InputValueAsync("input[name='Input.Transit']"), StringComparison.Ordinal);
        await exporter.FillAsync("textarea[name='Input.Summary']", "Ephedrine shipment to India stopped in transit in Kazakhstan.");
        await exporter.ClickAsync("#report-submit");
        await exporter.WaitForSelectorAsync("#preexport-link");
        await exporter.ClickAsync("#preexport-link");
        await exporter.WaitForSelectorAsync("#linked-incidents");
        Assert.Contains("stopped in transit in Kazakhstan", await exporter.InnerTextAsync("#linked-incidents"), StringComparison.Ordinal);
    }
}
