using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Tests.Authorizations;

/// <summary>The estimates and assessments pages, the utilization chart and the per-field error texts, on both providers.</summary>
[Collection(SharedApp.Name)]
public partial class EstimatePagesTests(CordonApp app)
{
    private static readonly string[] AllRights = ["Authorizations.View", "Authorizations.Submit", "Authorizations.Approve"];
    private static int Year => TimeProvider.System.GetUtcNow().Year;
    private static string Y => Year.ToString(CultureInfo.InvariantCulture);

    private static object ImportBody(string exporting, string substance, decimal quantity, string unit, string? preparation) => new
    {
        number = "EP-" + Guid.NewGuid().ToString("N")[..8], exportingCountry = exporting, importerName = "I", importerAddress = "A",
        exporterName = "E", exporterAddress = "B", substance, preparation, quantity, unit,
    };

    private static async Task<HttpResponseMessage> PostPageAsync(HttpClient client, string page, string handler, params (string Name, string Value)[] fields)
    {
        var html = await client.GetStringAsync(page);
        return await client.PostAsync($"{page}{(page.Contains('?', StringComparison.Ordinal) ? "&" : "?")}handler={handler}", CordonApp.Form(html, fields));
    }

    [Fact]
    public async Task The_Secretariat_records_a_Party_proposes_in_a_salt_the_Secretariat_decides_and_another_Party_sees_only_the_published_figure()
    {
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        // 2 kg of remifentanil hydrochloride (factor 0.9117) = 1823.4 g of base.
        var recorded = await PostPageAsync(secretariat, "/Authorizations/Estimates", "Submit",
            ("Input.CountryCode", "KZ"), ("Input.Substance", "N-REMIFENTANIL"), ("Input.Year", Y), ("Input.Quantity", "2"), ("Input.Unit", "kg"),
            ("Input.Preparation", "remifentanil hydrochloride"), ("Input.Note", "Annual estimate"));
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var page = await secretariat.GetStringAsync(recorded.Headers.Location!.ToString());
        Assert.Contains("= 1,823.4 g", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("0.9117", page, StringComparison.Ordinal);

        // Kazakhstan's regulator sees its figure and proposes a supplementary estimate in the salt.
        var kazakhstan = await app.SignInAsync("regulator.kz@cordon.example");
        var own = await kazakhstan.GetStringAsync($"/Authorizations/Estimates?year={Y}");
        Assert.Contains("1,823.4", own, StringComparison.Ordinal);
        var kzApi = await app.ApiClientAsync("KZ", AllRights);
        var before = await CreatedAsync(await kzApi.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("IN", "N-REMIFENTANIL", 1500m, "g", "remifentanil hydrochloride")));
        Assert.Equal("Transmitted", before.GetProperty("authorization").GetProperty("status").GetString()); // 1367.55 g of base
        var proposed = await PostPageAsync(kazakhstan, "/Authorizations/Estimates", "Submit",
            ("Input.CountryCode", "AT"), // ignored: a Party proposes for itself
            ("Input.Substance", "N-REMIFENTANIL"), ("Input.Year", Y), ("Input.Quantity", "3"), ("Input.Unit", "kg"),
            ("Input.Preparation", "remifentanil hydrochloride"), ("Input.Supplementary", "true"), ("Input.Note", "New surgical centre"));
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var pending = await kzApi.GetFromJsonAsync<List<JsonElement>>("/api/v1/authorizations/estimates/pending");
        var proposal = Assert.Single(pending!, p => p.GetProperty("substanceCode").GetString() == "N-REMIFENTANIL");
        Assert.Equal(2735.1m, proposal.GetProperty("grams").GetDecimal());
        Assert.Equal("KZ", proposal.GetProperty("countryCode").GetString());
        Assert.Equal("regulator.kz@cordon.example", proposal.GetProperty("proposedByUser").GetString());
        var proposalId = proposal.GetProperty("id").GetString()!;

        // Not in force yet: the next authorization is still checked against 1823.4 g.
        var over = await CreatedAsync(await kzApi.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("IN", "N-REMIFENTANIL", 1000m, "g", "remifentanil hydrochloride")));
        Assert.Equal(1823.4m, over.GetProperty("estimateCheck").GetProperty("estimateGrams").GetDecimal());
        Assert.Equal("Draft", over.GetProperty("authorization").GetProperty("status").GetString());

        // Another Party: 404 on the history page and API, nothing in its lists, 404 on the decision, 404 on the chart; the published figure only.
        var austria = await app.SignInAsync("admin.at@cordon.example");
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync("/Authorizations/EstimateHistory?party=KZ&substance=N-REMIFENTANIL")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync("/api/v1/authorizations/estimates/history?party=KZ&substance=N-REMIFENTANIL")).StatusCode);
        Assert.DoesNotContain("N-REMIFENTANIL", await austria.GetStringAsync("/api/v1/authorizations/estimates?party=KZ&history=true"), StringComparison.Ordinal);
        Assert.DoesNotContain(proposalId, await austria.GetStringAsync("/api/v1/authorizations/estimates/pending"), StringComparison.Ordinal);
        Assert.DoesNotContain("New surgical centre", await austria.GetStringAsync("/Authorizations/Estimates"), StringComparison.Ordinal);
        Assert.DoesNotContain("N-REMIFENTANIL", await austria.GetStringAsync("/api/v1/authorizations/estimates.csv?party=KZ"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await PostPageAsync(austria, "/Authorizations/Estimates", "Confirm", ("ProposalId", proposalId))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync($"/api/v1/authorizations/utilization.svg?party=KZ")).StatusCode);
        var atApi = await app.ApiClientAsync("AT", AllRights);
        Assert.Equal(HttpStatusCode.NotFound, (await atApi.GetAsync("/api/v1/authorizations/estimates/history?party=KZ&substance=N-REMIFENTANIL")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await atApi.PostAsJsonAsync($"/api/v1/authorizations/estimates/{proposalId}/confirm", new { })).StatusCode);
        var published = await atApi.GetFromJsonAsync<List<JsonElement>>($"/api/v1/authorizations/estimates/published?year={Y}");
        var kzFigure = Assert.Single(published!, p => p.GetProperty("countryCode").GetString() == "KZ" && p.GetProperty("substanceCode").GetString() == "N-REMIFENTANIL");
        Assert.Equal(1823.4m, kzFigure.GetProperty("grams").GetDecimal());
        Assert.False(kzFigure.TryGetProperty("note", out _));
        var publishedPage = await austria.GetStringAsync($"/Authorizations/EstimatesPublished?year={Y}");
        Assert.Contains("1,823.4", publishedPage, StringComparison.Ordinal);
        Assert.DoesNotContain("2,735.1", publishedPage, StringComparison.Ordinal);

        // The Party cannot decide on its own proposal; the Secretariat must give a reason to reject.
        var refused = await PostPageAsync(kazakhstan, "/Authorizations/Estimates", "Confirm", ("ProposalId", proposalId));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/AccessDenied", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
        var noReason = await PostPageAsync(secretariat, "/Authorizations/Estimates", "Reject", ("ProposalId", proposalId), ("Reason", ""));
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("Give the reason for rejecting the proposal.", WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await secretariat.PostAsJsonAsync($"/api/v1/authorizations/estimates/{proposalId}/reject", new { })).StatusCode);
        var confirmed = await PostPageAsync(secretariat, "/Authorizations/Estimates", "Confirm", ("ProposalId", proposalId));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);

        // In force at once: the draft above the old figure now issues.
        var issued = await kzApi.PostAsJsonAsync($"/api/v1/authorizations/{over.GetProperty("authorization").GetProperty("id").GetString()}/issue", new { });
        Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync());
        var check = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("estimateCheck");
        Assert.Equal(2735.1m, check.GetProperty("estimateGrams").GetDecimal());

        // A second proposal is rejected with its reason; the history lists every version with who and when.
        var second = await kzApi.PostAsJsonAsync("/api/v1/authorizations/estimates/proposals", new { substance = "N-REMIFENTANIL", year = Year, grams = 9999m });
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Redirect, (await PostPageAsync(secretariat, "/Authorizations/Estimates", "Reject", ("ProposalId", secondId), ("Reason", "No evidence of need"))).StatusCode);
        var history = WebUtility.HtmlDecode(await kazakhstan.GetStringAsync("/Authorizations/EstimateHistory?party=KZ&substance=N-REMIFENTANIL"));
        Assert.Contains("secretariat.admin@cordon.example", history, StringComparison.Ordinal);
        Assert.Contains("regulator.kz@cordon.example", history, StringComparison.Ordinal);
        Assert.Contains("No evidence of need", history, StringComparison.Ordinal);
        Assert.Equal(3, VersionRows().Count(history));
        var versions = await kzApi.GetFromJsonAsync<List<JsonElement>>("/api/v1/authorizations/estimates/history?party=KZ&substance=N-REMIFENTANIL");
        Assert.Equal(["Rejected", "Confirmed", "Confirmed"], versions!.Select(v => v.GetProperty("status").GetString()!).ToArray());
        Assert.Equal("No evidence of need", versions![0].GetProperty("decisionReason").GetString());
        Assert.Equal("secretariat.admin@cordon.example", versions[1].GetProperty("decidedBy").GetString());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityId == secondId && e.Action == "estimate.rejected")));
        Assert.True(await app.WithDbAsync(db => (from n in db.Notifications join u in db.Users on n.UserId equals u.Id
            where n.Message.MessageKey == "Notification.EstimateDecided" && u.PartyCode == "KZ" && n.Message.Link!.Contains("EstimateHistory") select n).AnyAsync()));
    }

    [Fact]
    public async Task The_utilization_chart_shows_estimate_against_authorized_imports_and_downloads_as_SVG()
    {
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        Assert.True((await secretariat.PostAsJsonAsync("/api/v1/authorizations/estimates", new { countryCode = "CO", substance = "N-ALFENTANIL", year = Year, grams = 500m })).IsSuccessStatusCode);
        var colombia = await app.ApiClientAsync("CO", AllRights);
        await CreatedAsync(await colombia.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("IN", "N-ALFENTANIL", 100m, "g", null)));

        var page = await (await app.SignInAsync("regulator.co@cordon.example")).GetStringAsync("/Authorizations");
        Assert.Contains("id=\"utilization-chart\"", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("data-category=\"N-ALFENTANIL\"", page, StringComparison.Ordinal);
        var svg = await colombia.GetAsync($"/api/v1/authorizations/utilization.svg?year={Y}");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", svg.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var text = await svg.Content.ReadAsStringAsync();
        Assert.StartsWith("<svg", text, StringComparison.Ordinal);
        // Two bars for the substance: the estimate (0.5 kg) and what is authorized (0.1 kg).
        Assert.Equal(2, Regex.Count(text, "data-category=\"N-ALFENTANIL\""));
        Assert.Contains("N-ALFENTANIL, Authorized imports: 0.1", text, StringComparison.Ordinal);
        Assert.Contains("N-ALFENTANIL, Estimate or assessment: 0.5", text, StringComparison.Ordinal);

        // The Secretariat names the Party; another Party gets 404; a bad year is a problem, not a 500.
        Assert.Equal(HttpStatusCode.OK, (await secretariat.GetAsync("/api/v1/authorizations/utilization.svg?party=CO")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await secretariat.GetAsync("/api/v1/authorizations/utilization.svg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.ApiClientAsync("IN", AllRights)).GetAsync("/api/v1/authorizations/utilization.svg?party=CO")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await colombia.GetAsync("/api/v1/authorizations/utilization.svg?year=1900")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colombia.GetAsync("/api/v1/authorizations/utilization.svg?party=co")).StatusCode);
    }

    [Fact]
    public async Task Estimates_are_uploaded_and_downloaded_as_CSV_through_the_pages_all_or_nothing()
    {
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var form = await secretariat.GetStringAsync("/Authorizations/EstimatesImport");
        var denied = await (await app.SignInAsync("admin.in@cordon.example")).GetAsync("/Authorizations/EstimatesImport");
        Assert.Contains("/Account/AccessDenied", denied.Headers.Location!.ToString(), StringComparison.Ordinal);

        async Task<HttpResponseMessage> UploadAsync(string csv)
        {
            var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            using var content = new MultipartFormDataContent
            {
                { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "Upload", "estimates.csv" },
            };
            return await secretariat.PostAsync("/Authorizations/EstimatesImport", content);
        }

        var count = await app.WithDbAsync(db => db.Estimates.CountAsync());
        var bad = await UploadAsync($"party,substance,year,quantity,unit,preparation\nIN,N-FENTANYL,{Y},1,kg,fentanyl citrate\nIN,N-FENTANYL,{Y},x,kg,\nZZ,N-FENTANYL,{Y},1,kg,\n");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var errors = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("line 3: quantity", errors, StringComparison.Ordinal);
        Assert.Contains("line 4: countryCode", errors, StringComparison.Ordinal);
        Assert.Equal(count, await app.WithDbAsync(db => db.Estimates.CountAsync()));

        var ok = await UploadAsync($"party,substance,year,quantity,unit,preparation,note\nIN,N-FENTANYL,{Year + 3},1,kg,fentanyl citrate,uploaded\nIN,P-TEMAZEPAM,,250,g,,\n");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var csv = await secretariat.GetStringAsync($"/api/v1/authorizations/estimates.csv?party=IN&substance=N-FENTANYL&year={Year + 3}");
        Assert.Contains($"IN,N-FENTANYL,Estimate,{Year + 3},636.5,false,Confirmed,1,uploaded,fentanyl citrate,1,kg,0.6365,secretariat.admin@cordon.example", csv, StringComparison.Ordinal);

        // An Indian regulator downloads its own Party's figures only.
        var india = await app.ApiClientAsync("IN", AllRights);
        var own = await india.GetStringAsync("/api/v1/authorizations/estimates.csv");
        Assert.Contains("IN,P-TEMAZEPAM,Assessment", own, StringComparison.Ordinal);
        Assert.DoesNotContain("\nKZ,", own, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_field_errors_of_the_services_are_shown_in_the_users_language()
    {
        var kazakhstan = await app.SignInAsync("regulator.kz@cordon.example");
        var html = await kazakhstan.GetStringAsync("/Authorizations/Estimates?culture=fr");
        var r = await kazakhstan.PostAsync("/Authorizations/Estimates?handler=Submit&culture=fr", CordonApp.Form(html,
            ("Input.Substance", "N-MORPHINE"), ("Input.Year", Y), ("Input.Quantity", "1"), ("Input.Unit", "kg"), ("Input.Preparation", "morphine tincture (not listed)")));
        var page = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        Assert.Contains("baseFactor: Pour une préparation", page, StringComparison.Ordinal);

        var issue = await kazakhstan.GetStringAsync("/Authorizations/New?culture=es");
        var refused = await kazakhstan.PostAsync("/Authorizations/New?culture=es", CordonApp.Form(issue,
            ("Input.Number", ""), ("Input.ExportingCountry", "KZ"), ("Input.Substance", "N-MORPHINE"), ("Input.Quantity", "1"), ("Input.Unit", "kg")));
        var text = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("exportingCountry: El país exportador debe ser distinto del país importador.", text, StringComparison.Ordinal);
        Assert.Contains("number: Este campo es obligatorio.", text, StringComparison.Ordinal);

        // The estimate check's headline carries the figures, in the reader's language too.
        var api = await app.ApiClientAsync("KZ", AllRights);
        var draft = await CreatedAsync(await api.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("IN", "N-HYDROMORPHONE", 1_000_000, "kg", null)));
        var id = draft.GetProperty("authorization").GetProperty("id").GetString();
        var excess = draft.GetProperty("estimateCheck").GetProperty("excessGrams").GetDecimal();
        var details = await kazakhstan.GetStringAsync($"/Authorizations/Details?id={id}&culture=ru");
        var blocked = await kazakhstan.PostAsync($"/Authorizations/Details?id={id}&handler=Issue&culture=ru", CordonApp.Form(details));
        var russian = WebUtility.HtmlDecode(await blocked.Content.ReadAsStringAsync());
        Assert.Contains("Будет превышена", russian, StringComparison.Ordinal);
        Assert.Contains($"превышение {excess.ToString("#,0.######", CultureInfo.InvariantCulture)} г.", russian, StringComparison.Ordinal);
        Assert.DoesNotContain("The estimate would be exceeded", russian, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage r)
    {
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    [GeneratedRegex("<tr data-version=")]
    private static partial Regex VersionRows();
}
