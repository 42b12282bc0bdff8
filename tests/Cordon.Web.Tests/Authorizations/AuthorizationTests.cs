using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Tests.Authorizations;

[Collection(SharedApp.Name)]
public class AuthorizationTests(CordonApp app)
{
    private static readonly string[] AllRights = ["Authorizations.View", "Authorizations.Submit", "Authorizations.Approve"];
    private static int Year => TimeProvider.System.GetUtcNow().Year;
    private static string Today => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static object ImportBody(string exporting, string substance, decimal quantity, string unit = "g", string? preparation = null, string? number = null,
        string? excessReason = null, string? importingCountry = null) => new
    {
        number = number ?? Unique("IC"),
        exportingCountry = exporting,
        importerName = "Importer Pharma",
        importerAddress = "1 Import Street",
        exporterName = "Exporter Labs",
        exporterAddress = "2 Export Road",
        substance,
        preparation,
        pharmaceuticalForm = "powder",
        quantity,
        unit,
        pointOfEntry = "Airport cargo",
        purpose = "Manufacture of medicines",
        severalConsignments = true,
        excessReason,
        importingCountry,
    };

    private async Task SetEstimateAsync(string party, string substance, decimal grams, int? year = null)
    {
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var r = await secretariat.PostAsJsonAsync("/api/v1/authorizations/estimates", new { countryCode = party, substance, year = year ?? Year, grams });
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage r)
    {
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Id(JsonElement issued) => issued.GetProperty("authorization").GetProperty("id").GetString()!;

    [Fact]
    public async Task Concurrent_import_authorizations_never_authorize_more_than_the_estimate()
    {
        // Twenty officers issue 100 g each at once against an estimate of 1000 g: the record lock on the running total
        // (ADR 51) lets exactly ten through; the others stay drafts with the excess warning, and nothing fails.
        await SetEstimateAsync("KZ", "N-HEROIN", 1_000m);
        var kazakhstan = await app.ApiClientAsync("KZ", AllRights);
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => kazakhstan.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("AT", "N-HEROIN", 100m))));
        var results = await Task.WhenAll(responses.Select(CreatedAsync));
        Assert.Equal(10, results.Count(r => r.GetProperty("authorization").GetProperty("status").GetString() == "Transmitted"));
        Assert.Equal(10, results.Count(r => r.GetProperty("authorization").GetProperty("status").GetString() == "Draft"
            && r.GetProperty("estimateCheck").GetProperty("exceeded").GetBoolean()));
        var total = await app.WithDbAsync(db => db.AuthorizedTotals.SingleAsync(t => t.CountryCode == "KZ" && t.SubstanceCode == "N-HEROIN" && t.Year == Year));
        Assert.Equal(1_000m, total.AuthorizedGrams);
        Assert.Equal(10, total.Count);
    }

    [Fact]
    public async Task An_import_authorization_of_A_reaches_B_which_exports_against_it_in_partial_shipments_and_a_third_Party_sees_nothing()
    {
        await SetEstimateAsync("IN", "N-PETHIDINE", 100_000m);
        var india = await app.ApiClientAsync("IN", AllRights);
        var austria = await app.ApiClientAsync("AT", AllRights);
        var colombia = await app.ApiClientAsync("CO", AllRights);

        // 10 kg of pethidine hydrochloride = 8715 g of base.
        var issued = await CreatedAsync(await india.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("AT", "pethidine", 10m, "kg", "pethidine hydrochloride")));
        var id = Id(issued);
        var a = issued.GetProperty("authorization");
        Assert.Equal("Transmitted", a.GetProperty("status").GetString());
        Assert.Equal(8715m, a.GetProperty("pureBaseGrams").GetDecimal());
        Assert.False(issued.GetProperty("estimateCheck").GetProperty("exceeded").GetBoolean());

        // Austria receives it at once: feed item, incoming list, live notification.
        var feed = await austria.GetFromJsonAsync<JsonElement>("/api/v1/feed?cursor=0&limit=500");
        Assert.Contains(feed.GetProperty("items").EnumerateArray(), i => i.GetProperty("recordId").GetString() == id && i.GetProperty("module").GetString() == "Authorizations");
        var incoming = await austria.GetFromJsonAsync<List<JsonElement>>("/api/v1/authorizations?direction=incoming");
        Assert.Contains(incoming!, x => x.GetProperty("id").GetString() == id);
        Assert.True(await app.WithDbAsync(db => (from n in db.Notifications join u in db.Users on n.UserId equals u.Id
            where n.Message.MessageKey == "Notification.AuthorizationReceived" && u.PartyCode == "AT" select n).AnyAsync()));

        // First partial export: 4 kg of the salt (3486 g base).
        var number = a.GetProperty("number").GetString()!;
        var first = await CreatedAsync(await austria.PostAsJsonAsync("/api/v1/authorizations/export",
            new { importAuthorizationId = id, number = Unique("EA"), quantity = 4m, unit = "kg", preparation = "pethidine hydrochloride" }));
        var export = first.GetProperty("authorization");
        Assert.Equal(number, export.GetProperty("importNumber").GetString());
        Assert.Equal("IN", export.GetProperty("importAuthority").GetString());
        Assert.Equal("Importer Pharma", export.GetProperty("importerName").GetString());
        var afterFirst = await india.GetFromJsonAsync<JsonElement>($"/api/v1/authorizations/{id}");
        Assert.Equal(8715m - 3486m, afterFirst.GetProperty("remainingGrams").GetDecimal());

        // The copy reaches India.
        var inFeed = await india.GetFromJsonAsync<JsonElement>("/api/v1/feed?cursor=0&limit=500");
        Assert.Contains(inFeed.GetProperty("items").EnumerateArray(), i => i.GetProperty("recordId").GetString() == export.GetProperty("id").GetString());

        // An export beyond the remaining balance is refused and changes nothing.
        var tooMuch = await austria.PostAsJsonAsync("/api/v1/authorizations/export",
            new { importAuthorizationId = id, number = Unique("EA"), quantity = 6.1m, unit = "kg", preparation = "pethidine hydrochloride" });
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("quantity", await tooMuch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The rest in a second shipment uses it up.
        await CreatedAsync(await austria.PostAsJsonAsync("/api/v1/authorizations/export",
            new { importAuthorizationId = id, number = Unique("EA"), quantity = 6m, unit = "kg", preparation = "pethidine hydrochloride" }));
        var used = await india.GetFromJsonAsync<JsonElement>($"/api/v1/authorizations/{id}");
        Assert.Equal("Used", used.GetProperty("status").GetString());
        Assert.Equal(0m, used.GetProperty("remainingGrams").GetDecimal());

        // A third Party: 404 on read and on every action, absent from its lists.
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.GetAsync($"/api/v1/authorizations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.PostAsJsonAsync($"/api/v1/authorizations/{id}/cancel", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.PostAsJsonAsync($"/api/v1/authorizations/{export.GetProperty("id").GetString()}/endorse",
            new { quantityImported = 1, importedOn = Today })).StatusCode);
        Assert.DoesNotContain(id, await colombia.GetStringAsync("/api/v1/authorizations?direction=all&limit=1000"), StringComparison.Ordinal);
        var exportFromColombia = await colombia.PostAsJsonAsync("/api/v1/authorizations/export", new { importAuthorizationId = id, number = Unique("EA"), quantity = 1m, unit = "g" });
        Assert.Equal(HttpStatusCode.BadRequest, exportFromColombia.StatusCode);

        // Who did what is in the audit trail.
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityId == id).Select(e => e.Action).ToListAsync());
        Assert.Contains("authorization.drafted", actions);
        Assert.Contains("authorization.issued", actions);
    }

    [Fact]
    public async Task Above_the_estimate_the_officer_gets_the_figures_and_steps_and_the_Secretariat_sees_the_excess()
    {
        await SetEstimateAsync("AT", "N-SUFENTANIL", 100m);
        var austria = await app.ApiClientAsync("AT", AllRights);
        await CreatedAsync(await austria.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("IN", "N-SUFENTANIL", 70m)));

        var over = await CreatedAsync(await austria.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("IN", "N-SUFENTANIL", 50m)));
        var check = over.GetProperty("estimateCheck");
        Assert.True(check.GetProperty("exceeded").GetBoolean());
        Assert.Equal(100m, check.GetProperty("estimateGrams").GetDecimal());
        Assert.Equal(70m, check.GetProperty("alreadyAuthorizedGrams").GetDecimal());
        Assert.Equal(50m, check.GetProperty("thisAuthorizationGrams").GetDecimal());
        Assert.Equal(20m, check.GetProperty("excessGrams").GetDecimal());
        Assert.Equal(["ReduceQuantity", "RequestSupplementaryEstimate"], check.GetProperty("steps").EnumerateArray().Select(s => s.GetString()!).ToArray());
        Assert.False(check.GetProperty("mayProceedWithReason").GetBoolean());
        var draft = over.GetProperty("authorization");
        Assert.Equal("Draft", draft.GetProperty("status").GetString());
        Assert.Contains("excess 20 g", draft.GetProperty("estimateWarning").GetString(), StringComparison.Ordinal);
        var id = draft.GetProperty("id").GetString()!;

        // A reason does not unlock a narcotic drug estimate.
        var withReason = await austria.PostAsJsonAsync($"/api/v1/authorizations/{id}/issue", new { excessReason = "Urgent hospital need" });
        Assert.Equal(HttpStatusCode.BadRequest, withReason.StatusCode);
        Assert.Contains("supplementary estimate", await withReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The Secretariat lists the excess case.
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var excess = await secretariat.GetFromJsonAsync<List<JsonElement>>("/api/v1/authorizations?direction=excess");
        Assert.Contains(excess!, x => x.GetProperty("id").GetString() == id);

        // Step 1: reduce the quantity (PUT with If-Match), then issue.
        var current = await austria.GetAsync($"/api/v1/authorizations/{id}");
        var noMatch = await austria.PutAsJsonAsync($"/api/v1/authorizations/{id}", new { quantity = 30m });
        Assert.Equal((HttpStatusCode)428, noMatch.StatusCode);
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/authorizations/{id}") { Content = JsonContent.Create(new { quantity = 30m, reason = "Reduced to the estimate" }) };
        put.Headers.IfMatch.Add(current.Headers.ETag!);
        var reduced = await austria.SendAsync(put);
        Assert.True(reduced.IsSuccessStatusCode, await reduced.Content.ReadAsStringAsync());
        var issued = await austria.PostAsJsonAsync($"/api/v1/authorizations/{id}/issue", new { });
        Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync());
        var total = await app.WithDbAsync(db => db.AuthorizedTotals.SingleAsync(t => t.CountryCode == "AT" && t.SubstanceCode == "N-SUFENTANIL" && t.Year == Year));
        Assert.Equal(100m, total.AuthorizedGrams);
        Assert.Equal(2, total.Count);

        // Step 3: a supplementary estimate lets the next one through.
        await SetEstimateAsync("AT", "N-SUFENTANIL", 150m);
        var next = await CreatedAsync(await austria.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("IN", "N-SUFENTANIL", 50m)));
        Assert.Equal("Transmitted", next.GetProperty("authorization").GetProperty("status").GetString());
        var versions = await austria.GetFromJsonAsync<List<JsonElement>>("/api/v1/authorizations/estimates?history=true&year=" + Year);
        Assert.Contains(versions!, v => v.GetProperty("substanceCode").GetString() == "N-SUFENTANIL" && v.GetProperty("supplementary").GetBoolean());
    }

    [Fact]
    public async Task An_assessment_may_be_exceeded_with_a_recorded_reason()
    {
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        Assert.True((await secretariat.PostAsJsonAsync("/api/v1/authorizations/estimates", new { countryCode = "CO", substance = "P-MIDAZOLAM", grams = 10m })).IsSuccessStatusCode);
        var colombia = await app.ApiClientAsync("CO", AllRights);
        var r = await CreatedAsync(await colombia.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("AT", "P-MIDAZOLAM", 12m, excessReason: "Epidemic of status epilepticus")));
        Assert.Equal("Transmitted", r.GetProperty("authorization").GetProperty("status").GetString());
        Assert.Equal("Epidemic of status epilepticus", r.GetProperty("authorization").GetProperty("excessReason").GetString());
        Assert.True(r.GetProperty("estimateCheck").GetProperty("mayProceedWithReason").GetBoolean());
    }

    [Fact]
    public async Task Endorsement_with_a_smaller_quantity_alerts_both_Parties_and_the_Secretariat()
    {
        await SetEstimateAsync("KZ", "N-OXYCODONE", 1_000_000m);
        var kazakhstan = await app.ApiClientAsync("KZ", AllRights);
        var india = await app.ApiClientAsync("IN", AllRights);
        var import = await CreatedAsync(await kazakhstan.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("IN", "N-OXYCODONE", 5m, "kg")));
        var export = await CreatedAsync(await india.PostAsJsonAsync("/api/v1/authorizations/export", new { importAuthorizationId = Id(import), number = Unique("EA"), quantity = 5m, unit = "kg" }));
        var exportId = Id(export);

        Assert.Equal(HttpStatusCode.Forbidden, (await india.PostAsJsonAsync($"/api/v1/authorizations/{exportId}/endorse", new { quantityImported = 5m, importedOn = Today })).StatusCode);
        var pending = await kazakhstan.GetFromJsonAsync<List<JsonElement>>("/api/v1/authorizations?direction=pending-endorsement");
        Assert.Contains(pending!, x => x.GetProperty("id").GetString() == exportId);

        var endorsed = await kazakhstan.PostAsJsonAsync($"/api/v1/authorizations/{exportId}/endorse", new { quantityImported = 4.5m, importedOn = Today, remarks = "Two cartons damaged" });
        Assert.True(endorsed.IsSuccessStatusCode, await endorsed.Content.ReadAsStringAsync());
        var view = await endorsed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Endorsed", view.GetProperty("status").GetString());
        Assert.True(view.GetProperty("discrepancy").GetBoolean());
        var number = view.GetProperty("number").GetString()!;
        var told = await app.WithDbAsync(db => (from n in db.Notifications join u in db.Users on n.UserId equals u.Id
            where n.Message.MessageKey == "Notification.AuthorizationDiscrepancy" && n.Message.Arguments.Contains(number) select u.PartyCode).Distinct().ToListAsync());
        Assert.Contains("KZ", told);
        Assert.Contains("IN", told);
        Assert.Contains(null, told); // the Secretariat's users have no Party
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var discrepancies = await secretariat.GetFromJsonAsync<List<JsonElement>>("/api/v1/authorizations?direction=discrepancies");
        Assert.Contains(discrepancies!, x => x.GetProperty("id").GetString() == exportId);

        // The exporter records what actually left: the discrepancy is explained.
        var exported = await india.PostAsJsonAsync($"/api/v1/authorizations/{exportId}/exported", new { quantityExported = 4.5m });
        Assert.True(exported.IsSuccessStatusCode, await exported.Content.ReadAsStringAsync());
        Assert.False((await exported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("discrepancy").GetBoolean());
    }

    [Fact]
    public async Task Cancelling_is_seen_at_once_by_the_other_Party_and_frees_the_estimate()
    {
        await SetEstimateAsync("AT", "N-HYDROMORPHONE", 1000m);
        var austria = await app.ApiClientAsync("AT", AllRights);
        var r = await CreatedAsync(await austria.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("IN", "N-HYDROMORPHONE", 600m)));
        var id = Id(r);
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.PostAsJsonAsync($"/api/v1/authorizations/{id}/cancel", new { reason = "" })).StatusCode);
        var cancelled = await austria.PostAsJsonAsync($"/api/v1/authorizations/{id}/cancel", new { reason = "Importer licence withdrawn" });
        Assert.True(cancelled.IsSuccessStatusCode, await cancelled.Content.ReadAsStringAsync());
        var india = await app.ApiClientAsync("IN", AllRights);
        var seen = await india.GetFromJsonAsync<JsonElement>($"/api/v1/authorizations/{id}");
        Assert.Equal("Cancelled", seen.GetProperty("status").GetString());
        Assert.True(await app.WithDbAsync(db => db.FeedItems.AnyAsync(f => f.RecordId == id && f.Event == "cancelled")));
        var total = await app.WithDbAsync(db => db.AuthorizedTotals.SingleAsync(t => t.CountryCode == "AT" && t.SubstanceCode == "N-HYDROMORPHONE" && t.Year == Year));
        Assert.Equal(0m, total.AuthorizedGrams);
    }

    [Fact]
    public async Task Paper_authorizations_prohibitions_and_Schedule_III_declarations()
    {
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        Assert.True((await secretariat.PostAsJsonAsync("/api/v1/authorizations/prohibitions", new { countryCode = "CO", substance = "P-LORAZEPAM", since = "2020-01-01" })).IsSuccessStatusCode);
        var austria = await app.ApiClientAsync("AT", AllRights);

        // A paper import authorization of a country not in Cordon, recorded by the exporting Party, counts in that country's total.
        var paper = await CreatedAsync(await austria.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("AT", "N-METHADONE", 20m, importingCountry: "CH")));
        Assert.True(paper.GetProperty("authorization").GetProperty("paper").GetBoolean());
        Assert.Equal("Draft", paper.GetProperty("authorization").GetProperty("status").GetString()); // no estimate recorded for CH
        // Recording one for a joined Party is refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("AT", "N-METHADONE", 20m, importingCountry: "IN"))).StatusCode);

        // Article 13: refused without a special import licence.
        await SetEstimateAsync("CO", "P-LORAZEPAM", 1_000_000m);
        var colombia = await app.ApiClientAsync("CO", AllRights);
        var import = await CreatedAsync(await colombia.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("AT", "P-LORAZEPAM", 100m)));
        var refused = await austria.PostAsJsonAsync("/api/v1/authorizations/export", new { importAuthorizationId = Id(import), number = Unique("EA"), quantity = 10m, unit = "g" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("specialImportLicence", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await CreatedAsync(await austria.PostAsJsonAsync("/api/v1/authorizations/export",
            new { importAuthorizationId = Id(import), number = Unique("EA"), quantity = 10m, unit = "g", specialImportLicence = "CO-SIL-2026-4" }));

        // Schedule III: an export declaration, and no import authorization.
        Assert.Equal(HttpStatusCode.BadRequest, (await colombia.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("AT", "P-BUPRENORPHINE", 1m))).StatusCode);
        var declaration = await CreatedAsync(await austria.PostAsJsonAsync("/api/v1/authorizations/export", new
        {
            number = Unique("ED"), quantity = 5m, unit = "g", substance = "P-BUPRENORPHINE", importingCountry = "IN",
            importerName = "I", importerAddress = "A", exporterName = "E", exporterAddress = "B", excessReason = "No assessment yet; hospital order",
        }));
        Assert.Equal("ExportDeclaration", declaration.GetProperty("authorization").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Estimates_are_proposed_by_Parties_confirmed_by_the_Secretariat_and_round_trip_through_CSV()
    {
        var kazakhstan = await app.ApiClientAsync("KZ", AllRights);
        var proposed = await kazakhstan.PostAsJsonAsync("/api/v1/authorizations/estimates/proposals", new { substance = "N-FENTANYL", year = Year + 1, grams = 321m, note = "New oncology centre" });
        Assert.True(proposed.IsSuccessStatusCode, await proposed.Content.ReadAsStringAsync());
        var p = await proposed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Proposed", p.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await kazakhstan.PostAsJsonAsync("/api/v1/authorizations/estimates/proposals", new { countryCode = "AT", substance = "N-FENTANYL", year = Year, grams = 1m })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await kazakhstan.PostAsJsonAsync("/api/v1/authorizations/estimates", new { substance = "N-FENTANYL", year = Year, grams = 1m })).StatusCode);

        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var confirmed = await secretariat.PostAsync($"/api/v1/authorizations/estimates/{p.GetProperty("id").GetString()}/confirm", null);
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
        var inForce = await kazakhstan.GetFromJsonAsync<List<JsonElement>>($"/api/v1/authorizations/estimates?year={Year + 1}");
        Assert.Contains(inForce!, e => e.GetProperty("substanceCode").GetString() == "N-FENTANYL" && e.GetProperty("grams").GetDecimal() == 321m);

        var csv = "party,substance,year,grams,note\nIN,N-FENTANYL," + (Year + 1).ToString(CultureInfo.InvariantCulture) + ",777,imported\nIN,P-ALPRAZOLAM,,5000,\n";
        var imported = await secretariat.PostAsync("/api/v1/authorizations/estimates/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        var bad = await secretariat.PostAsync("/api/v1/authorizations/estimates/import", new StringContent("party,substance,year,grams\nIN,N-FENTANYL,2026,abc\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var export = await secretariat.GetStringAsync("/api/v1/authorizations/estimates.csv?party=IN");
        Assert.Contains("IN,N-FENTANYL,Estimate," + (Year + 1).ToString(CultureInfo.InvariantCulture) + ",777", export, StringComparison.Ordinal);
        Assert.Contains("IN,P-ALPRAZOLAM,Assessment,,5000", export, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CSV_batch_issues_import_authorizations_all_or_nothing_and_dashboards_count_them()
    {
        await SetEstimateAsync("IN", "N-METHADONE", 1_000_000m);
        var india = await app.ApiClientAsync("IN", AllRights);
        var header = "number,exporting_country,importer_name,importer_address,exporter_name,exporter_address,substance,quantity,unit\n";
        var ok = header + $"{Unique("B")},AT,I,A,E,B,N-METHADONE,10,g\n{Unique("B")},KZ,I,A,E,B,methadone,1,kg\n";
        var r = await india.PostAsync("/api/v1/authorizations/import/batch", new StringContent(ok, Encoding.UTF8, "text/csv"));
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        Assert.Equal(2, (await r.Content.ReadFromJsonAsync<List<JsonElement>>())!.Count);
        var before = await app.WithDbAsync(db => db.Authorizations.CountAsync());
        var bad = header + $"{Unique("B")},AT,I,A,E,B,N-METHADONE,10,g\n{Unique("B")},ZZ,I,A,E,B,N-METHADONE,x,g\n";
        Assert.Equal(HttpStatusCode.BadRequest, (await india.PostAsync("/api/v1/authorizations/import/batch", new StringContent(bad, Encoding.UTF8, "text/csv"))).StatusCode);
        Assert.Equal(before, await app.WithDbAsync(db => db.Authorizations.CountAsync()));

        var dashboard = await india.GetFromJsonAsync<JsonElement>("/api/v1/authorizations/dashboard");
        Assert.Contains(dashboard.GetProperty("utilization").EnumerateArray(), u => u.GetProperty("substanceCode").GetString() == "N-METHADONE" && u.GetProperty("authorizedGrams").GetDecimal() >= 1010m);
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var overview = await secretariat.GetFromJsonAsync<JsonElement>("/api/v1/authorizations/dashboard");
        Assert.Contains(overview.GetProperty("useByParty").EnumerateArray(), u => u.GetProperty("partyCode").GetString() == "IN");
    }
}
