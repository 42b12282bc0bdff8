using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cordon.Application.Permits;
using Cordon.Domain.Exchange;
using Cordon.Web.Infrastructure;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Permits;

/// <summary>Several specimen lines per permit, the web forms of every step, the over-quantity alert to both Parties, deliveries with warnings.</summary>
[Collection(SharedApp.Name)]
public partial class PermitLinesAndFormsTests(CordonApp app)
{
    private static readonly string[] AllRights = ["Permits.View", "Permits.Submit", "Permits.Approve"];
    private static readonly string[] Customs = ["Permits.View", "Permits.Submit"];
    private static string Today => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static object TwoLines(string importing = "IN", decimal first = 20, decimal second = 5) => new
    {
        type = "Export", importingCountry = importing,
        exporterName = "Reptilienzucht Linien KG", exporterAddress = "Hauptstraße 3, Graz",
        importerName = "Test Reptile Park", importerAddress = "Marine Drive 12, Mumbai", countryOfOrigin = "GH", purpose = "T",
        lines = new object[]
        {
            new { scientificName = "Python regius", description = "Live, captive-bred", quantity = first, unit = "NO", source = "C" },
            new { scientificName = "Python bivittatus", description = "Skins", quantity = second, unit = "NO", source = "C" },
        },
    };

    private static async Task<JsonElement> Json(HttpResponseMessage r, HttpStatusCode expected)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"{(int)r.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> IssueTwoLinesAsync(HttpClient issuer, string importing = "IN", decimal first = 20, decimal second = 5)
    {
        var applied = await Json(await issuer.PostAsJsonAsync("/api/v1/permits", TwoLines(importing, first, second)), HttpStatusCode.Created);
        var id = applied.GetProperty("id").GetString();
        await Json(await issuer.PostAsJsonAsync($"/api/v1/permits/{id}/decision", new { approve = true }), HttpStatusCode.OK);
        return await Json(await issuer.PostAsJsonAsync($"/api/v1/permits/{id}/issue", new { }), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_permit_has_several_lines_signed_exchanged_and_validated_line_by_line_and_reported_one_row_per_line()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var invalid = await Json(await austria.PostAsJsonAsync("/api/v1/permits", new
        {
            type = "Export", importingCountry = "IN", exporterName = "E", exporterAddress = "A", importerName = "I", importerAddress = "B", purpose = "T",
            lines = new object[] { new { scientificName = "Python regius", description = "Live", quantity = 1, unit = "NO", source = "C" }, new { scientificName = "Nope nope", quantity = -1, unit = "XX", source = "Q" } },
        }), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "lines[1].scientificName", "lines[1].quantity", "lines[1].unit", "lines[1].source", "lines[1].description" })
            Assert.True(invalid.GetProperty("errors").TryGetProperty(field, out _), field);

        var issued = await IssueTwoLinesAsync(austria);
        var id = issued.GetProperty("id").GetString();
        var lines = issued.GetProperty("lines");
        Assert.Equal(2, lines.GetArrayLength());
        Assert.Equal("Python bivittatus", lines[1].GetProperty("scientificName").GetString());
        Assert.Equal("II", lines[1].GetProperty("appendix").GetString());
        Assert.Equal("Animals bred in captivity (Res. Conf. 10.16)", lines[1].GetProperty("source").GetProperty("meaning").GetString());
        // The v1 single-line fields are line 1.
        Assert.Equal("Python regius", issued.GetProperty("scientificName").GetString());

        var document = await Json(await austria.GetAsync($"/api/v1/permits/{id}/document"), HttpStatusCode.OK);
        var payload = JsonDocument.Parse(document.GetProperty("payload").GetString()!).RootElement;
        Assert.Equal(["Python regius", "Python bivittatus"], payload.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("scientificName").GetString()));
        Assert.Equal("5", payload.GetProperty("lines")[1].GetProperty("quantity").GetString());

        var xml = await austria.GetStringAsync($"/api/v1/permits/{id}/xml");
        var (input, signature, error) = PermitXml.Read(new StringReader(xml));
        Assert.Null(error);
        Assert.Equal(2, input!.Permit!.Lines!.Count);
        Assert.True(signature!.IsIntact());

        var verify = await app.Anonymous().GetStringAsync($"/Verify/{issued.GetProperty("documentId").GetString()}");
        Assert.Contains("1. Python regius", verify, StringComparison.Ordinal);
        Assert.Contains("2. Python bivittatus", verify, StringComparison.Ordinal);

        var india = await app.ApiClientAsync("IN", Customs);
        var unknownLine = await india.PostAsJsonAsync($"/api/v1/permits/{id}/endorse", new { tradeDate = Today, port = "Mumbai", lines = new[] { new { line = 3, quantityTraded = 1 } } });
        Assert.Equal(HttpStatusCode.Conflict, unknownLine.StatusCode);
        var endorsed = await Json(await india.PostAsJsonAsync($"/api/v1/permits/{id}/endorse",
            new { tradeDate = Today, port = "Mumbai airport", lines = new[] { new { line = 1, quantityTraded = 12 } } }), HttpStatusCode.OK);
        var after = endorsed.GetProperty("permit").GetProperty("lines");
        Assert.Equal(12m, after[0].GetProperty("quantityTraded").GetDecimal());
        Assert.Equal(8m, after[0].GetProperty("remainingQuantity").GetDecimal());
        Assert.Equal(0m, after[1].GetProperty("quantityTraded").GetDecimal());
        Assert.Equal(5m, after[1].GetProperty("remainingQuantity").GetDecimal());
        var second = await india.PostAsJsonAsync($"/api/v1/permits/{id}/endorse", new { tradeDate = Today, port = "Mumbai airport", lines = new[] { new { line = 2, quantityTraded = 1 } } });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already been used", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var stored = await app.WithDbAsync(db => db.PermitLines.Where(l => l.PermitId == Guid.Parse(id!)).OrderBy(l => l.LineNumber).ToListAsync());
        Assert.Equal([8m, 5m], stored.Select(l => l.RemainingQuantity));

        var year = TimeProvider.System.GetUtcNow().Year;
        var (_, rows) = await Cordon.Application.Common.CsvTable.ReadAsync(new StringReader(await austria.GetStringAsync($"/api/v1/permits/annual-report.csv?year={year}")));
        var mine = rows.Where(r => r["Permit"] == issued.GetProperty("number").GetString()).ToList();
        var exported = Assert.Single(mine); // line 2 was not shipped
        Assert.Equal(["Python regius", "12", "actual"], new[] { exported["Taxon"], exported["Qty"], exported["Quantity basis"] });
        var (_, importRows) = await Cordon.Application.Common.CsvTable.ReadAsync(new StringReader(await india.GetStringAsync($"/api/v1/permits/annual-report.csv?year={year}")));
        Assert.Single(importRows, r => r["Permit"] == issued.GetProperty("number").GetString() && r["Reporter type"] == "I");

        // An issued two-line permit that was not shipped reports both lines with the permit's quantities.
        var unused = await IssueTwoLinesAsync(austria, "KZ", 3, 4);
        (_, rows) = await Cordon.Application.Common.CsvTable.ReadAsync(new StringReader(await austria.GetStringAsync($"/api/v1/permits/annual-report.csv?year={year}")));
        Assert.Equal(["3", "4"], rows.Where(r => r["Permit"] == unused.GetProperty("number").GetString()).OrderBy(r => r["Qty"], StringComparer.Ordinal).Select(r => r["Qty"]));
    }

    [Fact]
    public async Task Over_quantity_on_a_line_is_refused_and_alerts_the_issuer_the_importing_Management_Authority_and_the_Secretariat()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var issued = await IssueTwoLinesAsync(austria, first: 20, second: 5);
        var id = issued.GetProperty("id").GetString()!;
        var india = await app.ApiClientAsync("IN", Customs);
        var over = await india.PostAsJsonAsync($"/api/v1/permits/{id}/endorse",
            new { tradeDate = Today, port = "Chennai port", lines = new[] { new { line = 1, quantityTraded = 20 }, new { line = 2, quantityTraded = 9 } } });
        Assert.Equal(HttpStatusCode.Conflict, over.StatusCode);
        Assert.Contains("Line 2", await over.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var alerted = await app.WithDbAsync(async db =>
        {
            var link = PermitsService.Link(Guid.Parse(id));
            var users = await db.Notifications.Where(n => n.Message.MessageKey == "Notification.PermitOverQuantity" && n.Message.Link == link).Select(n => n.UserId).ToListAsync();
            return await db.Users.Where(u => users.Contains(u.Id)).Select(u => new { u.Email, u.PartyCode }).ToListAsync();
        });
        Assert.Contains(alerted, u => u.PartyCode == "AT");
        Assert.Contains(alerted, u => u.Email == "regulator.in@cordon.example"); // the importing Party's Management Authority (Permits.Approve)
        Assert.DoesNotContain(alerted, u => u.Email == "enforcement.in@cordon.example"); // customs who presented it hold no Approve right
        Assert.Contains(alerted, u => u.PartyCode == null); // the Secretariat
        Assert.True(await app.WithDbAsync(db => db.Deliveries.AnyAsync(d => d.RecordId == id && d.RecipientPartyCode == Delivery.SecretariatRecipient)));
        var entry = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.EntityId == id && e.Action == "permits.over-quantity"));
        Assert.Contains("IN", entry.ConcernsParties, StringComparison.Ordinal);
        Assert.Contains("AT", entry.ConcernsParties, StringComparison.Ordinal);
        Assert.Contains("line 2: 9 NO of 5", entry.Details, StringComparison.Ordinal);

        // Nothing was consumed: the shipment is held, and a correct validation is still possible.
        var permit = await Json(await india.GetAsync($"/api/v1/permits/{id}"), HttpStatusCode.OK);
        Assert.Equal("Issued", permit.GetProperty("status").GetString());
        Assert.Equal(5m, permit.GetProperty("lines")[1].GetProperty("remainingQuantity").GetDecimal());
        await Json(await india.PostAsJsonAsync($"/api/v1/permits/{id}/endorse",
            new { tradeDate = Today, port = "Chennai port", lines = new[] { new { line = 1, quantityTraded = 20 }, new { line = 2, quantityTraded = 5 } } }), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Replacing_a_permit_cancels_it_and_records_a_new_application_with_the_same_lines()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var issued = await IssueTwoLinesAsync(austria);
        var id = issued.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.PostAsJsonAsync($"/api/v1/permits/{id}/replace", new { })).StatusCode);
        var replacement = await Json(await austria.PostAsJsonAsync($"/api/v1/permits/{id}/replace", new { reason = "Lost in transit" }), HttpStatusCode.OK);
        Assert.NotEqual(id, replacement.GetProperty("id").GetString());
        Assert.Equal(issued.GetProperty("number").GetString(), replacement.GetProperty("replacesPermitNumber").GetString());
        Assert.Equal("Applied", replacement.GetProperty("status").GetString());
        Assert.Equal(2, replacement.GetProperty("lines").GetArrayLength());
        Assert.Equal("Cancelled", (await Json(await austria.GetAsync($"/api/v1/permits/{id}"), HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await austria.PostAsJsonAsync($"/api/v1/permits/{id}/replace", new { reason = "again" })).StatusCode);
        var colombia = await app.ApiClientAsync("CO", AllRights);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.PostAsJsonAsync($"/api/v1/permits/{replacement.GetProperty("id").GetString()}/replace", new { reason = "x" })).StatusCode);
    }

    [Fact]
    public async Task A_national_system_answering_with_warnings_is_recorded_as_delivered_with_warnings_on_the_permit()
    {
        await using var receiver = WebApplication.CreateSlimBuilder().Build();
        receiver.Urls.Add("http://127.0.0.1:0");
        receiver.MapPost("/hook", () => Results.Text("""{"warnings":["Unit NO mapped to PCS","Importer address not found in the national register"]}""", "application/json"));
        await receiver.StartAsync();
        var kazakhstan = await app.ApiClientAsync("KZ", AllRights);
        var hook = await Json(await kazakhstan.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Urls.First() + "/hook" }), HttpStatusCode.Created);
        try
        {
            var austria = await app.ApiClientAsync("AT", AllRights);
            var issued = await IssueTwoLinesAsync(austria, "KZ");
            var id = issued.GetProperty("id").GetString();
            var before = await Json(await austria.GetAsync($"/api/v1/permits/{id}/deliveries"), HttpStatusCode.OK);
            Assert.All(Assert.Single(before.EnumerateArray()).GetProperty("webhooks").EnumerateArray(), w => Assert.Equal("Pending", w.GetProperty("state").GetString()));

            // Other tests' deliveries may be due too: dispatch until this one has been attempted.
            JsonElement delivery = default;
            for (var i = 0; i < 10; i++)
            {
                await app.WithScopeAsync(s => s.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None));
                var after = await Json(await kazakhstan.GetAsync($"/api/v1/permits/{id}/deliveries"), HttpStatusCode.OK);
                delivery = Assert.Single(after.EnumerateArray());
                if (delivery.GetProperty("webhooks").EnumerateArray().Any(w => w.GetProperty("state").GetString() == "DeliveredWithWarnings")) break;
            }
            Assert.Equal("KZ", delivery.GetProperty("recipient").GetString());
            Assert.Equal("Delivered", delivery.GetProperty("state").GetString());
            var webhook = delivery.GetProperty("webhooks").EnumerateArray().First(w => w.GetProperty("state").GetString() == "DeliveredWithWarnings");
            Assert.Equal(["Unit NO mapped to PCS", "Importer address not found in the national register"], webhook.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));

            var page = await (await app.SignInAsync("regulator.at@cordon.example")).GetStringAsync($"/Permits/Details?id={id}");
            Assert.Contains("delivered with warnings", page, StringComparison.Ordinal);
            Assert.Contains("Unit NO mapped to PCS", page, StringComparison.Ordinal);
            var colombia = await app.ApiClientAsync("CO", AllRights);
            Assert.Equal(HttpStatusCode.NotFound, (await colombia.GetAsync($"/api/v1/permits/{id}/deliveries")).StatusCode);
        }
        finally
        {
            await kazakhstan.DeleteAsync($"/api/v1/webhooks/{hook.GetProperty("id").GetString()}");
        }
    }

    [Fact]
    public void Warnings_are_read_only_from_a_json_object_with_a_warnings_array()
    {
        Assert.Equal(["a", "b"], WebhookDelivery.ParseWarnings("""{"warnings":["a"," b "]}"""));
        Assert.Empty(WebhookDelivery.ParseWarnings("""{"warnings":[]}"""));
        Assert.Empty(WebhookDelivery.ParseWarnings("""["a"]"""));
        Assert.Empty(WebhookDelivery.ParseWarnings("not json"));
        Assert.Empty(WebhookDelivery.ParseWarnings(null));
    }

    private static string IdFrom(HttpResponseMessage redirect)
    {
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!.ToString();
        Assert.StartsWith("/Permits/Details?id=", location, StringComparison.Ordinal);
        return location["/Permits/Details?id=".Length..];
    }

    [Fact]
    public async Task The_web_forms_take_a_two_line_application_through_advice_approval_issuance_and_border_validation()
    {
        var regulator = await app.SignInAsync("regulator.at@cordon.example");
        var form = await regulator.GetStringAsync("/Permits/Apply");
        Assert.Contains("Commercial", form, StringComparison.Ordinal);
        Assert.Contains("Specimens taken from the wild", form, StringComparison.Ordinal); // codes shown with their meaning
        Assert.Contains("<datalist id=\"cites-taxa\">", form, StringComparison.Ordinal);

        var search = await regulator.PostAsync("/Permits/Apply?handler=Search", CordonApp.Form(form, ("Search", "Aloe"), ("Input.ExporterName", "Kept")));
        var searched = await search.Content.ReadAsStringAsync();
        Assert.Contains("id=\"species-found\"", searched, StringComparison.Ordinal);
        Assert.Contains("Aloe ferox", searched, StringComparison.Ordinal);
        Assert.Contains("value=\"Kept\"", searched, StringComparison.Ordinal);
        var added = await (await regulator.PostAsync("/Permits/Apply?handler=AddLine", CordonApp.Form(form, ("Input.Lines[0].ScientificName", "Aloe ferox"), ("Input.Lines[1].ScientificName", "")))).Content.ReadAsStringAsync();
        Assert.Equal(3, Regex.Count(added, "class=\"line\""));

        var refused = await regulator.PostAsync("/Permits/Apply", CordonApp.Form(form, ("Input.Type", "Export"), ("Input.ImportingCountry", "IN"), ("Input.Purpose", "T"),
            ("Input.Lines[0].ScientificName", "Aloe ferox"), ("Input.Lines[0].Quantity", "-2")));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The application is not complete or not valid.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await regulator.PostAsync("/Permits/Apply", CordonApp.Form(form, ("Input.Type", "Export"), ("Input.ImportingCountry", "IN"), ("Input.CountryOfOrigin", "ZA"),
            ("Input.ExporterName", "Alpen Aloe GmbH"), ("Input.ExporterAddress", "Gartenweg 1, Innsbruck"), ("Input.ImporterName", "Mumbai Botanicals"), ("Input.ImporterAddress", "Mumbai"),
            ("Input.Purpose", "T"),
            ("Input.Lines[0].ScientificName", "Aloe ferox"), ("Input.Lines[0].Source", "W"), ("Input.Lines[0].Description", "Dried leaf extract"), ("Input.Lines[0].Quantity", "150"), ("Input.Lines[0].Unit", "KIL"),
            ("Input.Lines[1].ScientificName", "Python regius"), ("Input.Lines[1].Source", "C"), ("Input.Lines[1].Description", "Live"), ("Input.Lines[1].Quantity", "10"), ("Input.Lines[1].Unit", "NO")));
        var id = IdFrom(created);
        var details = await regulator.GetStringAsync($"/Permits/Details?id={id}");
        Assert.Contains("id=\"process-link\"", details, StringComparison.Ordinal);
        Assert.Contains("id=\"line-2\"", details, StringComparison.Ordinal);

        var process = await regulator.GetStringAsync($"/Permits/Process?id={id}");
        Assert.Contains("id=\"advice-form\"", process, StringComparison.Ordinal);
        // A decision before the advice is not offered; posted anyway, it is refused with a readable message.
        var early = await regulator.PostAsync($"/Permits/Process?id={id}&handler=Decide", CordonApp.Form(process, ("Decision.Approve", "true"), ("Decision.Version", "1")));
        Assert.Contains("non-detriment advice is required first", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        IdFrom(await regulator.PostAsync($"/Permits/Process?id={id}&handler=Advice", CordonApp.Form(process, ("Advice.Positive", "true"), ("Advice.Note", "NDF 2026/21"))));
        process = await regulator.GetStringAsync($"/Permits/Process?id={id}");
        var version = Regex.Match(process, "name=\"Decision.Version\" value=\"(\\d+)\"").Groups[1].Value;
        var noReason = await regulator.PostAsync($"/Permits/Process?id={id}&handler=Decide", CordonApp.Form(process, ("Decision.Approve", "false"), ("Decision.Version", version)));
        Assert.Contains("Give the reason for the refusal.", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        IdFrom(await regulator.PostAsync($"/Permits/Process?id={id}&handler=Decide", CordonApp.Form(process, ("Decision.Approve", "true"), ("Decision.Version", version))));
        process = await regulator.GetStringAsync($"/Permits/Process?id={id}");
        Assert.Contains("id=\"issue-form\"", process, StringComparison.Ordinal);
        IdFrom(await regulator.PostAsync($"/Permits/Process?id={id}&handler=Issue", CordonApp.Form(process, ("Issue.SpecialConditions", "Not valid if altered"))));
        var issued = await app.WithDbAsync(db => db.Permits.SingleAsync(p => p.Id == Guid.Parse(id)));
        Assert.Equal(Cordon.Domain.Permits.PermitStatus.Issued, issued.Status);
        Assert.NotNull(issued.DocumentId);
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "Permit" && e.EntityId == id).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.Equal(["permits.applied", "permits.advice", "permits.approved", "permits.issued"], actions);

        // The issuer does not validate at the border; India's customs do.
        Assert.Equal(HttpStatusCode.NotFound, (await regulator.GetAsync($"/Permits/Endorse?id={id}")).StatusCode);
        var customs = await app.SignInAsync("enforcement.in@cordon.example");
        Assert.Contains("id=\"endorse-link\"", await customs.GetStringAsync($"/Permits/Details?id={id}"), StringComparison.Ordinal);
        var endorse = await customs.GetStringAsync($"/Permits/Endorse?id={id}");
        Assert.Contains("id=\"risk\"", endorse, StringComparison.Ordinal);
        var overForm = await customs.PostAsync($"/Permits/Endorse?id={id}", CordonApp.Form(endorse, ("Input.Quantities[1]", "151"), ("Input.TradeDate", Today), ("Input.Port", "Mumbai")));
        Assert.Equal(HttpStatusCode.OK, overForm.StatusCode);
        Assert.Contains("exceeds the quantity on the permit", await overForm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        IdFrom(await customs.PostAsync($"/Permits/Endorse?id={id}", CordonApp.Form(endorse, ("Input.Quantities[1]", "140"), ("Input.Quantities[2]", ""), ("Input.TradeDate", Today), ("Input.Port", "Mumbai"))));
        var lines = await app.WithDbAsync(db => db.PermitLines.Where(l => l.PermitId == Guid.Parse(id)).OrderBy(l => l.LineNumber).ToListAsync());
        Assert.Equal([140m, 0m], lines.Select(l => l.QuantityTraded ?? -1));
        var again = await customs.PostAsync($"/Permits/Endorse?id={id}", CordonApp.Form(endorse, ("Input.Quantities[2]", "1"), ("Input.TradeDate", Today), ("Input.Port", "Mumbai")));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.DoesNotContain("id=\"endorse-form\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_new_page_answers_404_to_another_Party_and_the_steps_need_the_right()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var issued = await IssueTwoLinesAsync(austria);
        var id = issued.GetProperty("id").GetString();
        var applied = await Json(await austria.PostAsJsonAsync("/api/v1/permits", TwoLines()), HttpStatusCode.Created);
        var pending = applied.GetProperty("id").GetString();

        var kazakhstan = await app.SignInAsync("regulator.kz@cordon.example");
        var token = await kazakhstan.GetStringAsync("/Permits/Apply");
        foreach (var permit in new[] { id, pending })
        {
            foreach (var url in new[] { $"/Permits/Process?id={permit}", $"/Permits/Endorse?id={permit}", $"/Permits/Details?id={permit}" })
                Assert.Equal(HttpStatusCode.NotFound, (await kazakhstan.GetAsync(url)).StatusCode);
            foreach (var handler in new[] { "Advice", "Decide", "Issue", "Cancel" })
                Assert.Equal(HttpStatusCode.NotFound, (await kazakhstan.PostAsync($"/Permits/Process?id={permit}&handler={handler}", CordonApp.Form(token, ("Cancel.Reason", "x"), ("Decision.Approve", "true")))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await kazakhstan.PostAsync($"/Permits/Endorse?id={permit}", CordonApp.Form(token, ("Input.Quantities[1]", "1"), ("Input.Port", "x")))).StatusCode);
        }
        // The importing Party sees the issued permit but may not process it; it does not see the pending application at all.
        var india = await app.SignInAsync("regulator.in@cordon.example");
        Assert.Equal(HttpStatusCode.NotFound, (await india.GetAsync($"/Permits/Process?id={id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await india.GetAsync($"/Permits/Endorse?id={pending}")).StatusCode);
        Assert.DoesNotContain("id=\"process-link\"", await india.GetStringAsync($"/Permits/Details?id={id}"), StringComparison.Ordinal);
        // Customs of the issuing Party hold no Approve right: the processing page is refused.
        var customs = await app.SignInAsync("enforcement.at@cordon.example");
        var denied = await customs.GetAsync($"/Permits/Process?id={pending}");
        Assert.Contains("/Account/AccessDenied", denied.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"process-link\"", await customs.GetStringAsync($"/Permits/Details?id={pending}"), StringComparison.Ordinal);
        // And nothing changed.
        Assert.Equal("Applied", (await Json(await austria.GetAsync($"/api/v1/permits/{pending}"), HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal("Issued", (await Json(await austria.GetAsync($"/api/v1/permits/{id}"), HttpStatusCode.OK)).GetProperty("status").GetString());
    }
}
