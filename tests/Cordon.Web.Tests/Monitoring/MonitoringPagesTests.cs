using System.Net;
using Cordon.Web.Tests.Infrastructure;

namespace Cordon.Web.Tests.Monitoring;

/// <summary>The Monitoring pages: the web form of a submission, and every page for the Secretariat and a Party.</summary>
[Collection(SharedApp.Name)]
public class MonitoringPagesTests(CordonApp app)
{
    [Fact]
    public async Task The_web_form_saves_incomplete_lines_shows_the_balance_problem_on_its_line_and_submits_once_corrected()
    {
        var kazakhstan = await app.SignInAsync("regulator.kz@cordon.example");
        var url = "/Monitoring/Submission?form=C&year=2098";
        var page = await kazakhstan.GetStringAsync(url);
        (string, string)[] Lines(string closing) =>
        [
            ("Form", "C"), ("Year", "2098"), ("Quarter", "0"),
            ("Lines[0].Substance", "N-MORPHINE"), ("Lines[0].Unit", "kg"), ("Lines[0].OpeningStock", "4"), ("Lines[0].Imports", "10"), ("Lines[0].Consumption", "9"), ("Lines[0].ClosingStock", closing),
            ("Lines[1].Substance", ""),
        ];
        var saved = await kazakhstan.PostAsync(url + "&handler=Submit", CordonApp.Form(page, Lines("7")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var draft = await kazakhstan.GetStringAsync(saved.Headers.Location!.ToString());
        Assert.Contains("data-status=\"Draft\"", draft, StringComparison.Ordinal);
        Assert.Contains("<li data-line=\"1\" data-code=\"Monitoring.Problem.Balance\">", draft, StringComparison.Ordinal);
        Assert.Contains("= 5 kg, but the closing stock is 7 kg", draft, StringComparison.Ordinal);

        var id = saved.Headers.Location!.ToString().Split("id=")[1];
        var version = System.Text.RegularExpressions.Regex.Match(draft, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
        var corrected = await kazakhstan.PostAsync($"/Monitoring/Submission?id={id}&handler=Submit",
            CordonApp.Form(draft, [.. Lines("5"), ("Id", id), ("Version", version)]));
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        var done = await kazakhstan.GetStringAsync(corrected.Headers.Location!.ToString());
        Assert.Contains("data-status=\"Submitted\"", done, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"problems\"", done, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_renders_for_the_Secretariat_and_a_Party_sees_its_own_and_is_refused_the_Secretariats()
    {
        var secretariat = await app.SignInAsync("secretariat.analyst@cordon.example");
        foreach (var (url, marker) in new[] { ("/Monitoring", "id=\"reporting\""), ("/Monitoring/CrossChecks", "id=\"discrepancies\""), ("/Monitoring/Utilization", "id=\"utilization\""),
                     ("/Monitoring/Findings", "id=\"findings\""), ("/Monitoring/Threads", "id=\"threads\""), ("/Monitoring/Profile?country=IN", "id=\"substances\"") })
        {
            var r = await secretariat.GetAsync(url);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{url}: {(int)r.StatusCode}");
            Assert.Contains(marker, await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var austria = await app.SignInAsync("regulator.at@cordon.example");
        Assert.Contains("id=\"submissions\"", await austria.GetStringAsync("/Monitoring"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await austria.GetAsync("/Monitoring/Profile?country=AT")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync("/Monitoring/Profile?country=IN")).StatusCode);
        foreach (var url in new[] { "/Monitoring/CrossChecks", "/Monitoring/Utilization", "/Monitoring/Findings" })
        {
            var r = await austria.GetAsync(url);
            Assert.True(r.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{url}: {(int)r.StatusCode}");
            if (r.StatusCode == HttpStatusCode.Redirect) Assert.Contains("/Account/AccessDenied", r.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }
}
