using Microsoft.Playwright;

namespace Cordon.Browser.Tests;

public class PermitsJourneyTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_importer_opens_an_incoming_permit_follows_its_QR_link_to_the_public_verification_and_a_third_Party_sees_nothing()
    {
        // India's regulator finds Austria's signed export permit (demo data) among incoming permits.
        var importer = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(importer, "regulator.in@cordon.example");
        await importer.ClickAsync("nav.main a[href='/Permits']");
        await importer.GotoAsync("/Permits?direction=incoming");
        // An issued (still valid) one: other journeys may have used theirs.
        var link = importer.Locator("#permits-list tbody tr", new() { HasTextString = "AT-" }).Filter(new() { HasTextString = "Issued" }).Locator("a").First;
        var number = await link.InnerTextAsync();
        await link.ClickAsync();
        await importer.WaitForSelectorAsync("#permit-number");
        Assert.Equal(number, await importer.InnerTextAsync("#permit-number"));
        Assert.Equal(1, await importer.Locator("#signature svg").CountAsync());
        Assert.Contains("permits.issued", await importer.InnerTextAsync("#history"), StringComparison.Ordinal);
        var verify = await importer.GetAttributeAsync("#verify-link", "href");

        // Anyone (no sign-in) can check it from the QR code's address.
        var border = await browser.NewPageAsync();
        await border.GotoAsync(verify!);
        Assert.StartsWith("Genuine", await border.InnerTextAsync("#verdict"), StringComparison.Ordinal);
        Assert.Equal("Valid", await border.InnerTextAsync("#document-status"));
        Assert.Contains(number, await border.InnerTextAsync("#verify-result"), StringComparison.Ordinal);

        // Kazakhstan, not a party to the permit, does not see it.
        var third = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(third, "regulator.kz@cordon.example");
        await third.GotoAsync("/Permits");
        Assert.Equal(0, await third.Locator("#permits-list a", new() { HasTextString = number }).CountAsync());
    }

    [Fact]
    public async Task A_two_line_application_goes_through_advice_approval_issuance_and_the_importers_customs_validate_line_1_and_a_second_use_is_refused()
    {
        // Austria's regulator applies through the form: two specimen lines, codes chosen with their meaning.
        var officer = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(officer, "regulator.at@cordon.example");
        await officer.GotoAsync("/Permits/Apply");
        await officer.SelectOptionAsync("#type", "Export");
        await officer.SelectOptionAsync("#importing-country", "IN");
        await officer.SelectOptionAsync("#origin-country", "ZA");
        await officer.FillAsync("#exporter-name", "Alpen Aloe GmbH");
        await officer.FillAsync("#exporter-address", "Gartenweg 1, 6020 Innsbruck");
        await officer.FillAsync("#importer-name", "Mumbai Botanicals");
        await officer.FillAsync("#importer-address", "Marine Drive 12, Mumbai");
        await officer.SelectOptionAsync("#purpose", "T");
        await officer.FillAsync("#line-0-species", "Aloe ferox");
        await officer.SelectOptionAsync("#line-0-source", "W");
        await officer.FillAsync("#line-0-description", "Dried leaf extract");
        await officer.FillAsync("#line-0-quantity", "150");
        await officer.SelectOptionAsync("#line-0-unit", "KIL");
        await officer.FillAsync("#line-1-species", "Python regius");
        await officer.SelectOptionAsync("#line-1-source", "C");
        await officer.FillAsync("#line-1-description", "Live, captive-bred");
        await officer.FillAsync("#line-1-quantity", "12");
        await officer.ClickAsync("#submit-application");
        await officer.WaitForSelectorAsync("#permit-number");
        var number = await officer.InnerTextAsync("#permit-number");
        Assert.Equal(2, await officer.Locator("#permit-lines tbody tr").CountAsync());
        Assert.Equal("Awaiting scientific advice", await officer.InnerTextAsync("#permit-status"));

        // The Scientific Authority's advice, the approval and the issuance, each through its form.
        await officer.ClickAsync("#process-link");
        await officer.CheckAsync("#advice-positive");
        await officer.FillAsync("#advice-note", "NDF 2026/21, within the national quota");
        await officer.ClickAsync("#record-advice");
        await officer.WaitForSelectorAsync("#flash");
        await officer.ClickAsync("#process-link");
        await officer.CheckAsync("#decision-approve");
        await officer.ClickAsync("#record-decision");
        await officer.WaitForSelectorAsync("#flash");
        await officer.ClickAsync("#process-link");
        await officer.FillAsync("#issue-conditions", "Not valid if altered");
        await officer.ClickAsync("#issue-permit");
        await officer.WaitForSelectorAsync("#signature svg");
        Assert.Equal("Issued", await officer.InnerTextAsync("#permit-status"));
        Assert.Contains("permits.advice", await officer.InnerTextAsync("#history"), StringComparison.Ordinal);

        // India's customs validate line 1 only.
        var customs = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(customs, "enforcement.in@cordon.example");
        await customs.GotoAsync("/Permits?direction=incoming");
        await customs.Locator("#permits-list a", new() { HasTextString = number }).ClickAsync();
        await customs.ClickAsync("#endorse-link");
        await customs.WaitForSelectorAsync("#endorse-form");
        // A second officer has the same form open (another booth, the same shipment presented twice).
        var booth = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(booth, "enforcement.in@cordon.example");
        await booth.GotoAsync(customs.Url);
        await customs.FillAsync("#traded-1", "140");
        await customs.FillAsync("#port", "Mumbai, Chhatrapati Shivaji airport");
        await customs.ClickAsync("#endorse");
        await customs.WaitForSelectorAsync("#flash");
        Assert.Equal("Used", await customs.InnerTextAsync("#permit-status"));
        Assert.Equal("10 KIL", await customs.InnerTextAsync("#line-1 .remaining"));
        Assert.Equal("0 NO", await customs.InnerTextAsync("#line-2 .traded"));
        Assert.Equal(0, await customs.Locator("#endorse-link").CountAsync());

        // A second use is refused, with a readable message.
        await booth.FillAsync("#traded-2", "1");
        await booth.FillAsync("#port", "Chennai port");
        await booth.ClickAsync("#endorse");
        await booth.WaitForSelectorAsync("#not-usable");
        Assert.Contains("already been used", await booth.InnerTextAsync(".validation-summary-errors"), StringComparison.Ordinal);
        Assert.Equal(0, await booth.Locator("#endorse-form").CountAsync());
    }
}
