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
        var link = importer.Locator("#permits-list a", new() { HasTextString = "AT-" }).First;
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
}
