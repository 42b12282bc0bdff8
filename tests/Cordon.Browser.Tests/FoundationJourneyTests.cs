using System.Globalization;
using Cordon.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Playwright;

namespace Cordon.Browser.Tests;

public class FoundationJourneyTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private string French(string key)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("fr");
            return browser.App.Services.GetRequiredService<IStringLocalizer<SharedResource>>()[key].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public async Task Sign_in_with_totp_change_language_and_see_a_live_notification_arrive()
    {
        // The Secretariat administrator signs in and switches the interface to French.
        var secretariat = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(secretariat, "secretariat.admin@cordon.example");
        await secretariat.SelectOptionAsync("#culture", "fr");
        await secretariat.WaitForSelectorAsync("html[lang=fr]");
        var home = French("Home");
        Assert.NotEqual("Home", home);
        Assert.Equal(home, (await secretariat.InnerTextAsync("nav.main a[href='/']")).Trim());
        await secretariat.WaitForSelectorAsync("body[data-live=connected]");

        // Austria's national administrator creates a user in the browser and finds it in the audit trail.
        var admin = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(admin, "admin.at@cordon.example");
        await admin.GotoAsync("/Admin/Users");
        var email = $"officer.{Guid.NewGuid():N}"[..20] + "@cordon.example";
        await admin.FillAsync("input[name='Input.Email']", email);
        await admin.FillAsync("input[name='Input.DisplayName']", "New Customs Officer");
        await admin.CheckAsync("input[value='Permits.View']");
        await admin.CheckAsync("input[value='Permits.Submit']");
        await admin.ClickAsync("#create-user button[type=submit]");
        await admin.WaitForSelectorAsync("#flash");
        Assert.Contains(email, await admin.InnerTextAsync("#users"), StringComparison.Ordinal);
        await admin.GotoAsync("/Admin/Audit");
        var audit = await admin.InnerTextAsync("#audit");
        Assert.Contains("user.created", audit, StringComparison.Ordinal);
        Assert.Contains(email, audit, StringComparison.Ordinal);

        // Revoking a right tells the Secretariat at once: the toast appears in the other browser, in French.
        await admin.GotoAsync("/Admin/Users");
        await admin.ClickAsync($"#users tr:has-text('{email}') a");
        await admin.ClickAsync("button[data-permission='Permits.Submit']");
        await admin.WaitForSelectorAsync("button[data-permission='Permits.Submit'].secondary");
        var toast = secretariat.Locator(".toast").Filter(new LocatorFilterOptions { HasText = email });
        await toast.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Contains("Permits.Submit", await toast.InnerTextAsync(), StringComparison.Ordinal);
        Assert.NotEqual("", (await secretariat.InnerTextAsync("[data-unread]")).Trim());

        // For the README: CORDON_SCREENSHOTS=docs/images ./test.sh --sqlite refreshes the picture.
        if (Environment.GetEnvironmentVariable("CORDON_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await admin.SetViewportSizeAsync(1280, 800);
            await admin.GotoAsync("/");
            await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "home.png") });
        }
    }
}
