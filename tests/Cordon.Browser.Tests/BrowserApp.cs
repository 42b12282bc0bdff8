using Cordon.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Cordon.Browser.Tests;

/// <summary>
/// Cordon on a real Kestrel port (browsers need one) plus Debian's Chromium driven by Playwright.
/// Pages are opened from http://127.0.0.1:PORT, a secure context, never about:blank.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public CordonApp App { get; } = new();
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CORDON_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "en-GB" });
        // Page loads wait for network idle; with the SQLite and PostgreSQL lanes side by side on 2 cores one took over
        // 15 s once; on 2026-12-06 a step now and then waited out 30 s, and then 60 s, with the network idle: those hangs
        // are not slowness (test.sh retries such a test once). Waits that assert timing (a live toast) keep their own
        // shorter timeout.
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the pages as a person would: e-mail, password, then the current TOTP code.</summary>
    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", Cordon.Application.Demo.DemoData.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/Account/LoginTwoFactor**");
        await page.FillAsync("input[name='Code']", CordonApp.CurrentTotp(email));
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/", StringComparison.Ordinal));
    }
}
