using Microsoft.Playwright;

namespace Cordon.Browser.Tests;

public class IncidentsJourneyTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_officer_reports_on_a_phone_and_a_follower_sees_the_alert_arrive_live()
    {
        // A Kazakh focal point follows PMK (typed by its synonym) and keeps the incidents page open.
        var follower = await browser.NewPageAsync();
        await BrowserApp.SignInAsync(follower, "regulator.kz@cordon.example");
        await follower.GotoAsync("/Incidents/Follows");
        await follower.SelectOptionAsync("select[name=kind]", "Substance");
        await follower.FillAsync("input[name=value]", "piperonyl methyl ketone");
        await follower.ClickAsync("#follow-form button[type=submit]");
        await follower.WaitForSelectorAsync("#follows td:has-text('PRE-3-4-MDP-2-P')");
        await follower.GotoAsync("/Incidents");
        await follower.WaitForSelectorAsync("body[data-live=connected]");

        // An Indian customs officer reports from a phone; the draft is saved as they type and survives a reload.
        var officer = await browser.NewPageAsync();
        await officer.SetViewportSizeAsync(390, 844);
        await BrowserApp.SignInAsync(officer, "enforcement.in@cordon.example");
        await officer.GotoAsync("/Incidents/Report");
        var container = "CSQU" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var summary = $"PMK in drums of cooking oil, container {container}";
        await officer.FillAsync("textarea[name='Input.Summary']", summary);
        await officer.FillAsync("input[name='Input.ContainerNumbers']", container);
        await officer.WaitForSelectorAsync("#draft-status:has-text('Draft saved')");
        await officer.ReloadAsync();
        Assert.Equal(summary, await officer.InputValueAsync("textarea[name='Input.Summary']"));
        Assert.Equal(container, await officer.InputValueAsync("input[name='Input.ContainerNumbers']"));

        await officer.SelectOptionAsync("select[name='Input.Type']", "Seizure");
        await officer.FillAsync("input[name='Input.OccurredOn']", "2026-11-02");
        await officer.FillAsync("input[name='Input.Substances[0].Name']", "PMK");
        await officer.FillAsync("input[name='Input.Substances[0].Quantity']", "800");
        await officer.SelectOptionAsync("select[name='Input.Substances[0].Unit']", "L");
        await officer.FillAsync("input[name='Input.Origin']", "IN");
        await officer.FillAsync("input[name='Input.Destination']", "CO");
        await officer.CheckAsync("input[name='Input.Actionable']");
        await officer.ClickAsync("#report-submit");
        await officer.WaitForURLAsync("**/Incidents/Details**");
        Assert.Contains(container, await officer.InnerTextAsync("#containers"), StringComparison.Ordinal);

        // The follower sees the alert arrive without reloading, and opens the incident from it.
        var toast = follower.Locator(".toast").Filter(new LocatorFilterOptions { HasText = container });
        await toast.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        await toast.ClickAsync();
        await follower.WaitForURLAsync("**/Incidents/Details**");
        Assert.Contains(summary, await follower.InnerTextAsync("#summary"), StringComparison.Ordinal);

        // Search finds it by container number.
        await follower.GotoAsync("/Incidents?q=" + container);
        Assert.Contains(summary, await follower.InnerTextAsync("#results"), StringComparison.Ordinal);
    }
}
