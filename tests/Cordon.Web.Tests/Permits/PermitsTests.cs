using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Application.Permits;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Tests.Permits;

[Collection(SharedApp.Name)]
public class PermitsTests(CordonApp app)
{
    private static readonly string[] AllRights = ["Permits.View", "Permits.Submit", "Permits.Approve"];
    private static readonly string[] Customs = ["Permits.View", "Permits.Submit"];

    private static object Application(string species = "Python regius", string source = "C", decimal quantity = 20, string unit = "NO",
        string type = "Export", string importing = "IN", string? exporting = null, string purpose = "T", string? original = null) => new
    {
        type, exportingCountry = exporting, importingCountry = importing,
        exporterName = "Reptilienzucht Test KG", exporterAddress = "Hauptstraße 3, Graz",
        importerName = "Test Reptile Park", importerAddress = "Marine Drive 12, Mumbai",
        countryOfOrigin = "GH", purpose, source, scientificName = species, description = "Live specimens",
        quantity, unit, originalPermitNumber = original, specialConditions = (string?)null,
    };

    private static async Task<JsonElement> Json(HttpResponseMessage r, HttpStatusCode expected)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"{(int)r.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Applies, approves and issues an export permit of <paramref name="issuer"/> (no advice needed: captive-bred).</summary>
    private async Task<JsonElement> IssueAsync(HttpClient issuer, string importing = "IN", decimal quantity = 20, string species = "Python regius")
    {
        var applied = await Json(await issuer.PostAsJsonAsync("/api/v1/permits", Application(species, quantity: quantity, importing: importing)), HttpStatusCode.Created);
        var id = applied.GetProperty("id").GetString();
        await Json(await issuer.PostAsJsonAsync($"/api/v1/permits/{id}/decision", new { approve = true }), HttpStatusCode.OK);
        return await Json(await issuer.PostAsJsonAsync($"/api/v1/permits/{id}/issue", new { }), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Application_to_issuance_with_advice_and_every_step_audited_and_delivered()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var bad = await austria.PostAsJsonAsync("/api/v1/permits", new { type = "Export", importingCountry = "IN", purpose = "Y", source = "W", scientificName = "Canis lupus dingo", quantity = -1, unit = "NO" });
        var problem = await Json(bad, HttpStatusCode.BadRequest);
        foreach (var field in new[] { "purpose", "scientificName", "quantity", "exporterName", "description" })
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
        var importOfAppendixII = await austria.PostAsJsonAsync("/api/v1/permits", Application("Aloe ferox", type: "Import", importing: "AT", exporting: "ZA", purpose: "S"));
        Assert.Equal(HttpStatusCode.BadRequest, importOfAppendixII.StatusCode);

        var applied = await Json(await austria.PostAsJsonAsync("/api/v1/permits", Application("Aloe ferox", source: "W", quantity: 150, unit: "KIL", importing: "KZ")), HttpStatusCode.Created);
        Assert.Equal("AwaitingAdvice", applied.GetProperty("status").GetString());
        Assert.True(applied.GetProperty("adviceRequired").GetBoolean());
        Assert.Equal("Specimens taken from the wild", applied.GetProperty("source").GetProperty("meaning").GetString());
        Assert.Equal("Commercial", applied.GetProperty("purpose").GetProperty("meaning").GetString());
        var id = applied.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Conflict, (await austria.PostAsJsonAsync($"/api/v1/permits/{id}/decision", new { approve = true })).StatusCode);
        var advised = await Json(await austria.PostAsJsonAsync($"/api/v1/permits/{id}/advice", new { positive = true, note = "Within the national quota; NDF 2026/14" }), HttpStatusCode.OK);
        Assert.Equal("Applied", advised.GetProperty("status").GetString());

        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/permits/{id}/decision") { Content = JsonContent.Create(new { approve = true }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await austria.SendAsync(stale)).StatusCode);
        var read = await austria.GetAsync($"/api/v1/permits/{id}");
        var decide = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/permits/{id}/decision") { Content = JsonContent.Create(new { approve = true }) };
        decide.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);
        Assert.Equal("Approved", (await Json(await austria.SendAsync(decide), HttpStatusCode.OK)).GetProperty("status").GetString());

        var tooLong = await austria.PostAsJsonAsync($"/api/v1/permits/{id}/issue", new { validUntil = DateOnly.FromDateTime(DateTime.UnixEpoch).AddYears(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        Assert.True((await Json(tooLong, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("validUntil", out _));
        var issued = await Json(await austria.PostAsJsonAsync($"/api/v1/permits/{id}/issue", new { specialConditions = "Not valid if altered" }), HttpStatusCode.OK);
        Assert.Equal("Issued", issued.GetProperty("status").GetString());
        Assert.Equal("valid", issued.GetProperty("borderStatus").GetString());
        var from = DateOnly.Parse(issued.GetProperty("validFrom").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(from.AddMonths(6), DateOnly.Parse(issued.GetProperty("validUntil").GetString()!, CultureInfo.InvariantCulture));

        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "Permit" && e.EntityId == id).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(["permits.applied", "permits.advice", "permits.approved", "permits.issued"], actions.Select(a => a.Action));
        Assert.All(actions, a => Assert.False(string.IsNullOrEmpty(a.UserName)));
        var delivered = await app.WithDbAsync(db => db.Deliveries.AnyAsync(d => d.RecordId == id && d.RecipientPartyCode == "KZ"));
        Assert.True(delivered);

        var kazakhstan = await app.ApiClientAsync("KZ", Customs);
        Assert.Equal(HttpStatusCode.OK, (await kazakhstan.GetAsync($"/api/v1/permits/{id}")).StatusCode);
        var latest = await Json(await kazakhstan.GetAsync($"/api/v1/permits/by-number/{issued.GetProperty("number").GetString()}"), HttpStatusCode.OK);
        Assert.Equal(issued.GetProperty("version").GetInt64(), latest.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_third_Party_sees_nothing_and_an_application_is_not_shown_to_the_importer_before_issuance()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var issued = await IssueAsync(austria);
        var id = issued.GetProperty("id").GetString();
        var colombia = await app.ApiClientAsync("CO", AllRights);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.GetAsync($"/api/v1/permits/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.GetAsync($"/api/v1/permits/{id}/xml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.GetAsync($"/api/v1/permits/{id}/document")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.PostAsJsonAsync($"/api/v1/permits/{id}/endorse", new { quantityTraded = 1, tradeDate = Today, port = "Bogotá" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.PostAsJsonAsync($"/api/v1/permits/{id}/cancel", new { reason = "x" })).StatusCode);
        var list = await Json(await colombia.GetAsync("/api/v1/permits"), HttpStatusCode.OK);
        Assert.DoesNotContain(list.EnumerateArray(), p => p.GetProperty("id").GetString() == id);

        var pending = await Json(await austria.PostAsJsonAsync("/api/v1/permits", Application()), HttpStatusCode.Created);
        var india = await app.ApiClientAsync("IN", Customs);
        Assert.Equal(HttpStatusCode.NotFound, (await india.GetAsync($"/api/v1/permits/{pending.GetProperty("id").GetString()}")).StatusCode);
        // The importer may not decide on another Party's permit either.
        Assert.Equal(HttpStatusCode.Forbidden, (await india.PostAsJsonAsync($"/api/v1/permits/{id}/decision", new { approve = true })).StatusCode);
    }

    private static string Today => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Customs_validation_consumes_the_quantity_and_refuses_a_second_use_and_over_quantity_alerts_both_Parties()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var issued = await IssueAsync(austria, quantity: 20);
        var id = issued.GetProperty("id").GetString();
        var india = await app.ApiClientAsync("IN", Customs);
        Assert.Equal(HttpStatusCode.Forbidden, (await austria.PostAsJsonAsync($"/api/v1/permits/{id}/endorse", new { quantityTraded = 5, tradeDate = Today, port = "Graz" })).StatusCode);
        var missing = await Json(await india.PostAsJsonAsync($"/api/v1/permits/{id}/endorse", new { quantityTraded = 0 }), HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("port", out _));

        var over = await india.PostAsJsonAsync($"/api/v1/permits/{id}/endorse", new { quantityTraded = 25, tradeDate = Today, port = "Mumbai airport" });
        Assert.Equal(HttpStatusCode.Conflict, over.StatusCode);
        var alerts = await app.WithDbAsync(db => db.FeedItems.Where(d => d.RecordId == id && d.Event == "over-quantity").Select(d => d.RecipientPartyCode).ToListAsync());
        Assert.Contains("AT", alerts);
        var alert = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.EntityId == id && e.Action == "permits.over-quantity"));
        Assert.Contains("AT", alert.ConcernsParties, StringComparison.Ordinal);
        Assert.Contains("IN", alert.ConcernsParties, StringComparison.Ordinal);
        Assert.Equal("Issued", (await Json(await india.GetAsync($"/api/v1/permits/{id}"), HttpStatusCode.OK)).GetProperty("status").GetString());

        var endorsed = await Json(await india.PostAsJsonAsync($"/api/v1/permits/{id}/endorse", new { quantityTraded = 18, tradeDate = Today, port = "Mumbai airport" }), HttpStatusCode.OK);
        var permit = endorsed.GetProperty("permit");
        Assert.Equal("Used", permit.GetProperty("status").GetString());
        Assert.Equal(2m, permit.GetProperty("remainingQuantity").GetDecimal());
        Assert.Equal(18m, permit.GetProperty("quantityTraded").GetDecimal());
        Assert.True(endorsed.GetProperty("risk").TryGetProperty("score", out _));

        var second = await india.PostAsJsonAsync($"/api/v1/permits/{id}/endorse", new { quantityTraded = 1, tradeDate = Today, port = "Mumbai airport" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var used = await app.WithDbAsync(db => db.FeedItems.AnyAsync(d => d.RecordId == id && d.Event == "used" && d.RecipientPartyCode == "AT"));
        Assert.True(used);
        var verified = await app.Anonymous().GetStringAsync($"/Verify/{permit.GetProperty("documentId").GetString()}");
        Assert.Contains("id=\"document-status\">Used<", verified, StringComparison.Ordinal);
        // The JSON status border systems read, anonymous, gives the same status and the same through the page's handler.
        foreach (var path in new[] { $"/Verify/{permit.GetProperty("documentId").GetString()}/status", $"/Verify/{permit.GetProperty("documentId").GetString()}?handler=Status" })
        {
            var status = await Json(await app.Anonymous().GetAsync(path), HttpStatusCode.OK);
            Assert.Equal("used", status.GetProperty("status").GetString());
            Assert.True(status.GetProperty("genuine").GetBoolean());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/Verify/{Guid.NewGuid()}/status")).StatusCode);
    }

    [Fact]
    public async Task A_signature_is_verified_online_and_offline_and_a_tampered_one_is_rejected()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var issued = await IssueAsync(austria);
        var id = issued.GetProperty("id").GetString();
        var documentId = issued.GetProperty("documentId").GetString();
        var doc = await Json(await austria.GetAsync($"/api/v1/permits/{id}/document"), HttpStatusCode.OK);
        Assert.Contains("\"number\":\"" + issued.GetProperty("number").GetString() + "\"", doc.GetProperty("payload").GetString(), StringComparison.Ordinal);

        var page = await app.Anonymous().GetAsync($"/Verify/{documentId}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"verdict\"", html, StringComparison.Ordinal);
        Assert.Contains("Genuine", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Hauptstraße", html, StringComparison.Ordinal); // no addresses on the public page
        var details = await app.SignInAsync("regulator.at@cordon.example");
        Assert.Contains("<svg", await details.GetStringAsync($"/Permits/Details?id={id}"), StringComparison.Ordinal);

        var folder = Directory.CreateTempSubdirectory("cordon-verify-");
        var good = Path.Combine(folder.FullName, "permit.json");
        await File.WriteAllTextAsync(good, doc.GetRawText());
        var (exit, output) = await CliAsync("verify", good);
        Assert.Equal(0, exit);
        Assert.StartsWith("genuine", output, StringComparison.Ordinal);

        var node = System.Text.Json.Nodes.JsonNode.Parse(doc.GetRawText())!;
        node["payload"] = node["payload"]!.GetValue<string>().Replace("\"quantity\":\"20\"", "\"quantity\":\"200\"", StringComparison.Ordinal);
        var tamperedText = node.ToJsonString();
        Assert.Contains("\"quantity\":\"200\"", node["payload"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(doc.GetRawText(), tamperedText);
        var bad = Path.Combine(folder.FullName, "tampered.json");
        await File.WriteAllTextAsync(bad, tamperedText);
        (exit, output) = await CliAsync("verify", bad);
        Assert.Equal(2, exit);
        Assert.StartsWith("altered", output, StringComparison.Ordinal);

        var tampered = JsonDocument.Parse(tamperedText).RootElement;
        var check = await Json(await austria.PostAsJsonAsync("/api/v1/permits/verify", tampered), HttpStatusCode.OK);
        Assert.False(check.GetProperty("intact").GetBoolean());
        Assert.False(check.GetProperty("genuine").GetBoolean());
        check = await Json(await austria.PostAsJsonAsync("/api/v1/permits/verify", doc), HttpStatusCode.OK);
        Assert.True(check.GetProperty("genuine").GetBoolean());
        folder.Delete(true);
    }

    private static async Task<(int Exit, string Output)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cordon.Cli.CordonCli.RunAsync(args, output, error);
        return (exit, output.ToString() + error);
    }

    [Fact]
    public async Task Revoking_a_key_makes_its_documents_not_genuine_at_once_and_is_audited()
    {
        var colombia = await app.ApiClientAsync("CO", AllRights);
        var issued = await IssueAsync(colombia, importing: "KZ");
        var documentId = issued.GetProperty("documentId").GetString();
        var keys = await Json(await colombia.GetAsync("/api/v1/permits/signing-keys"), HttpStatusCode.OK);
        var key = keys.EnumerateArray().Last(k => k.GetProperty("authority").GetString() == "CO" && k.GetProperty("revokedAt").ValueKind == JsonValueKind.Null);
        var keyId = key.GetProperty("id").GetString();
        var austria = await app.ApiClientAsync("AT", AllRights);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.PostAsJsonAsync($"/api/v1/permits/signing-keys/{keyId}/revoke", new { reason = "not mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await colombia.PostAsJsonAsync($"/api/v1/permits/signing-keys/{keyId}/revoke", new { })).StatusCode);
        await Json(await colombia.PostAsJsonAsync($"/api/v1/permits/signing-keys/{keyId}/revoke", new { reason = "Key compromised" }), HttpStatusCode.OK);
        var html = await app.Anonymous().GetStringAsync($"/Verify/{documentId}");
        Assert.Contains("revoked", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Genuine:", html, StringComparison.Ordinal);
        var status = await Json(await app.Anonymous().GetAsync($"/Verify/{documentId}/status"), HttpStatusCode.OK);
        Assert.False(status.GetProperty("genuine").GetBoolean());
        Assert.True(status.GetProperty("keyRevoked").GetBoolean());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "documents.key-revoked" && e.EntityId == keyId)));
        // The next permit is signed with a new key.
        var next = await IssueAsync(colombia, importing: "KZ");
        Assert.Contains("Genuine", await app.Anonymous().GetStringAsync($"/Verify/{next.GetProperty("documentId").GetString()}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permit_is_exchanged_as_XML_between_two_Parties_and_hostile_XML_is_refused()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var issued = await IssueAsync(austria);
        var xml = await austria.GetStringAsync($"/api/v1/permits/{issued.GetProperty("id").GetString()}/xml");
        Assert.Contains("<CITESPermitMessage xmlns=\"urn:cordon:ecites:1\">", xml, StringComparison.Ordinal);

        // Austria's national eCITES system pushes a permit it issued itself.
        var number = "AT-NAT-" + Guid.NewGuid().ToString("N")[..8];
        var pushed = xml.Replace(issued.GetProperty("number").GetString()!, number, StringComparison.Ordinal);
        var created = await Json(await austria.PostAsync("/api/v1/permits/import.xml", new StringContent(pushed, Encoding.UTF8, "application/xml")), HttpStatusCode.Created);
        Assert.Equal(number, created.GetProperty("number").GetString());
        Assert.Equal("Issued", created.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await austria.PostAsync("/api/v1/permits/import.xml", new StringContent(pushed, Encoding.UTF8, "application/xml"))).StatusCode);

        // India pulls it as XML and checks its signature against the register.
        var india = await app.ApiClientAsync("IN", Customs);
        var incoming = await Json(await india.GetAsync("/api/v1/permits?direction=incoming"), HttpStatusCode.OK);
        Assert.Contains(incoming.EnumerateArray(), p => p.GetProperty("number").GetString() == number);
        var received = await india.GetStringAsync($"/api/v1/permits/{created.GetProperty("id").GetString()}/xml");
        var (input, signature, error) = PermitXml.Read(new StringReader(received));
        Assert.Null(error);
        Assert.Equal(number, input!.Number);
        Assert.Equal("Python regius", input.Permit!.ScientificName);
        Assert.NotNull(signature);
        Assert.True(signature.IsIntact());
        var check = await Json(await india.PostAsJsonAsync("/api/v1/permits/verify", signature), HttpStatusCode.OK);
        Assert.True(check.GetProperty("genuine").GetBoolean());

        const string Xxe = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><CITESPermitMessage xmlns="urn:cordon:ecites:1">&e;</CITESPermitMessage>""";
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.PostAsync("/api/v1/permits/import.xml", new StringContent(Xxe, Encoding.UTF8, "application/xml"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.PostAsync("/api/v1/permits/import.xml", new StringContent("<nope/>", Encoding.UTF8, "application/xml"))).StatusCode);
    }

    [Fact]
    public async Task The_annual_report_matches_the_permits_issued_and_endorsed()
    {
        var india = await app.ApiClientAsync("IN", AllRights);
        var issued = await IssueAsync(india, importing: "KZ", quantity: 7, species: "Python bivittatus");
        var kazakhstan = await app.ApiClientAsync("KZ", AllRights);
        await Json(await kazakhstan.PostAsJsonAsync($"/api/v1/permits/{issued.GetProperty("id").GetString()}/endorse", new { quantityTraded = 6, tradeDate = Today, port = "Almaty" }), HttpStatusCode.OK);

        var year = TimeProvider.System.GetUtcNow().Year;
        var csv = await india.GetStringAsync($"/api/v1/permits/annual-report.csv?year={year}");
        Assert.StartsWith("Year,App.,Taxon,Term,Qty,Unit,Exporter,Importer,Origin,Purpose,Source,Permit", csv, StringComparison.Ordinal);
        var (_, rows) = await Cordon.Application.Common.CsvTable.ReadAsync(new StringReader(csv));
        var all = await Json(await india.GetAsync("/api/v1/permits?direction=outgoing&limit=1000"), HttpStatusCode.OK);
        var expected = all.EnumerateArray()
            .Where(p => p.GetProperty("status").GetString() is "Issued" or "Used" && p.GetProperty("type").GetString() != "Import")
            .Select(p => p.GetProperty("number").GetString()!).Order(StringComparer.Ordinal).ToList();
        var reported = rows.Where(r => r["Reporter type"] == "E").Select(r => r["Permit"]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, reported);
        var line = rows.Single(r => r["Permit"] == issued.GetProperty("number").GetString());
        Assert.Equal(["Python bivittatus", "Live specimens", "6", "NO", "IN", "KZ", "GH", "T", "C", "actual"],
            new[] { line["Taxon"], line["Term"], line["Qty"], line["Unit"], line["Exporter"], line["Importer"], line["Origin"], line["Purpose"], line["Source"], line["Quantity basis"] });

        var kzCsv = await kazakhstan.GetStringAsync($"/api/v1/permits/annual-report.csv?year={year}");
        Assert.Contains(issued.GetProperty("number").GetString() + ",,I,actual", kzCsv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_species_reference_is_shipped_and_imported_from_a_Species_plus_CSV()
    {
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var taxa = await Json(await secretariat.GetAsync("/api/v1/permits/species?search=Loxodonta"), HttpStatusCode.OK);
        var elephant = taxa.EnumerateArray().Single();
        Assert.Equal("I", elephant.GetProperty("appendix").GetString());
        Assert.Contains("I/II", elephant.GetProperty("annotation").GetString(), StringComparison.Ordinal);
        const string Csv = "Id,Kingdom,Scientific Name,Listing,Party,Full note,English names\n1,Animalia,Mellivora capensis,III,BW,,Honey Badger\n2,Animalia,Cuora galbinifrons,I,,,Indochinese Box Turtle\n";
        var imported = await secretariat.PostAsync("/api/v1/permits/species/import", new StringContent(Csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var turtle = await Json(await secretariat.GetAsync("/api/v1/permits/species?search=Cuora"), HttpStatusCode.OK);
        Assert.Equal("I", turtle[0].GetProperty("appendix").GetString());
        var badge = await Json(await secretariat.GetAsync("/api/v1/permits/species?search=Mellivora"), HttpStatusCode.OK);
        Assert.Equal("BW", badge[0].GetProperty("listingParty").GetString());
        var invalid = await secretariat.PostAsync("/api/v1/permits/species/import", new StringContent("Scientific Name,Listing\nFoo bar,IV\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.CitesTaxa.CountAsync(t => t.ScientificName == "Foo bar")));
    }
}
