using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Application.Documents;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Tests.Documents;

/// <summary>The PDF downloads of authorizations and permits, their signature checked by `cordon verify`, access, amendment and revocation.</summary>
[Collection(SharedApp.Name)]
public class DocumentPdfTests(CordonApp app)
{
    private static readonly string[] AuthorizationRights = ["Authorizations.View", "Authorizations.Submit", "Authorizations.Approve"];
    private static readonly string[] PermitRights = ["Permits.View", "Permits.Submit", "Permits.Approve"];
    private static int Year => TimeProvider.System.GetUtcNow().Year;

    private static object ImportBody(string exporting, string substance, decimal quantity, bool draft = false) => new
    {
        number = "PDF-" + Guid.NewGuid().ToString("N")[..8], exportingCountry = exporting,
        importerName = "Importer Pharma", importerAddress = "1 Import Street", exporterName = "Exporter Labs", exporterAddress = "2 Export Road",
        substance, pharmaceuticalForm = "powder", quantity, unit = "g", pointOfEntry = "Airport cargo", purpose = "Manufacture of medicines",
        severalConsignments = true, draft,
    };

    private async Task SetEstimateAsync(string party, string substance, decimal grams)
    {
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var r = await secretariat.PostAsJsonAsync("/api/v1/authorizations/estimates", new { countryCode = party, substance, year = Year, grams });
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"{(int)r.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<byte[]> PdfAsync(HttpClient client, string url)
    {
        var r = await client.GetAsync(url);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        Assert.Equal("application/pdf", r.Content.Headers.ContentType?.MediaType);
        return await r.Content.ReadAsByteArrayAsync();
    }

    private static async Task<(int Exit, string Output)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cordon.Cli.CordonCli.RunAsync(args, output, error);
        return (exit, output.ToString() + error);
    }

    private async Task<string> KeysFileAsync(DirectoryInfo folder)
    {
        var keys = await app.Anonymous().GetAsync("/Verify?handler=Keys");
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        var path = Path.Combine(folder.FullName, "keys-" + Guid.NewGuid().ToString("N")[..6] + ".json");
        await File.WriteAllBytesAsync(path, await keys.Content.ReadAsByteArrayAsync());
        return path;
    }

    private static string StatusOf(JsonElement status) => status.GetProperty("status").GetString()!;

    [Fact]
    public async Task An_issued_authorization_downloads_as_a_signed_PDF_that_cordon_verify_accepts_and_rejects_once_altered_and_a_third_Party_gets_404()
    {
        await SetEstimateAsync("IN", "N-OXYCODONE", 50_000m);
        var india = await app.ApiClientAsync("IN", AuthorizationRights);
        var austria = await app.ApiClientAsync("AT", AuthorizationRights);
        var colombia = await app.ApiClientAsync("CO", AuthorizationRights);
        var issued = await JsonAsync(await india.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("AT", "N-OXYCODONE", 1000m)), HttpStatusCode.Created);
        var a = issued.GetProperty("authorization");
        var id = a.GetProperty("id").GetString();
        var documentId = Guid.Parse(a.GetProperty("documentId").GetString()!);

        var pdf = await PdfAsync(india, $"/api/v1/authorizations/{id}/pdf");
        var check = PdfDocumentSignature.Verify(pdf);
        Assert.True(check.Intact, check.Problem);
        Assert.Equal(documentId, check.DocumentId);
        Assert.Equal("IN", check.Authority);
        Assert.Equal("i2es-authorization", check.Kind);
        var registered = await app.WithDbAsync(db => db.SignedDocuments.SingleAsync(d => d.Id == documentId));
        Assert.Equal(registered.KeyFingerprint, check.KeyFingerprint);
        Assert.Contains(a.GetProperty("number").GetString()!, registered.Payload, StringComparison.Ordinal);

        // The exporting Party downloads it too, in Russian; a third Party does not learn it exists.
        var russian = await PdfAsync(austria, $"/api/v1/authorizations/{id}/pdf?culture=ru");
        using (var read = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(russian), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import))
            Assert.StartsWith("Разрешение на ввоз", read.Info.Title, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.GetAsync($"/api/v1/authorizations/{id}/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await india.GetAsync($"/api/v1/authorizations/{Guid.NewGuid()}/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/v1/authorizations/{id}/pdf")).StatusCode);

        var folder = Directory.CreateTempSubdirectory("cordon-pdf-");
        var file = Path.Combine(folder.FullName, "authorization.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var keys = await KeysFileAsync(folder);
        var (exit, output) = await CliAsync("verify", file, "--keys", keys);
        Assert.True(exit == 0, output);
        Assert.StartsWith("genuine: document " + documentId, output, StringComparison.Ordinal);
        Assert.Contains("key in the register", output, StringComparison.Ordinal);
        (exit, output) = await CliAsync("verify", file);
        Assert.True(exit == 0, output);

        foreach (var position in new[] { 10, pdf.Length / 3, pdf.Length / 2, pdf.Length - 10 })
        {
            var altered = (byte[])pdf.Clone();
            altered[position] ^= 0x20;
            var bad = Path.Combine(folder.FullName, $"altered-{position}.pdf");
            await File.WriteAllBytesAsync(bad, altered);
            (exit, output) = await CliAsync("verify", bad, "--keys", keys);
            Assert.True(exit == 2, $"byte {position}: {output}");
            Assert.StartsWith("altered", output, StringComparison.Ordinal);
        }
        folder.Delete(true);
    }

    [Fact]
    public async Task Amending_signs_a_new_version_the_old_one_shows_superseded_and_cancelling_shows_on_the_verify_page()
    {
        await SetEstimateAsync("AT", "N-FENTANYL", 10_000m);
        var austria = await app.ApiClientAsync("AT", AuthorizationRights);
        var draft = await JsonAsync(await austria.PostAsJsonAsync("/api/v1/authorizations/import", ImportBody("IN", "N-FENTANYL", 100m, draft: true)), HttpStatusCode.Created);
        var id = draft.GetProperty("authorization").GetProperty("id").GetString();
        Assert.Equal(JsonValueKind.Null, draft.GetProperty("authorization").GetProperty("documentId").ValueKind);
        var problem = await austria.GetAsync($"/api/v1/authorizations/{id}/pdf");
        Assert.Equal(HttpStatusCode.Conflict, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);

        var issued = await JsonAsync(await austria.PostAsJsonAsync($"/api/v1/authorizations/{id}/issue", new { }), HttpStatusCode.OK);
        var first = issued.GetProperty("authorization").GetProperty("documentId").GetString();
        var anonymous = app.Anonymous();
        Assert.Equal("valid", StatusOf(await JsonAsync(await anonymous.GetAsync($"/Verify/{first}?handler=Status"), HttpStatusCode.OK)));

        var current = await austria.GetAsync($"/api/v1/authorizations/{id}");
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/authorizations/{id}") { Content = JsonContent.Create(new { quantity = 80m, reason = "Smaller order" }) };
        put.Headers.IfMatch.Add(current.Headers.ETag!);
        var amended = await JsonAsync(await austria.SendAsync(put), HttpStatusCode.OK);
        var second = amended.GetProperty("authorization").GetProperty("documentId").GetString();
        Assert.NotEqual(first, second);
        Assert.Equal("superseded", StatusOf(await JsonAsync(await anonymous.GetAsync($"/Verify/{first}?handler=Status"), HttpStatusCode.OK)));
        Assert.Equal("valid", StatusOf(await JsonAsync(await anonymous.GetAsync($"/Verify/{second}?handler=Status"), HttpStatusCode.OK)));
        var payload = await app.WithDbAsync(db => db.SignedDocuments.Where(d => d.Id == Guid.Parse(second!)).Select(d => d.Payload).SingleAsync());
        Assert.Contains("\"quantity\":\"80\"", payload, StringComparison.Ordinal);

        await JsonAsync(await austria.PostAsJsonAsync($"/api/v1/authorizations/{id}/cancel", new { reason = "Importer licence withdrawn" }), HttpStatusCode.OK);
        var html = await anonymous.GetStringAsync($"/Verify/{second}");
        Assert.Contains("id=\"document-status\">Cancelled<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("1 Import Street", html, StringComparison.Ordinal);
        // The cancelled authorization still downloads (marked cancelled), and its signature still verifies.
        var pdf = await PdfAsync(austria, $"/api/v1/authorizations/{id}/pdf");
        Assert.True(PdfDocumentSignature.Verify(pdf).Intact);
    }

    [Fact]
    public async Task An_issued_permit_downloads_as_a_signed_PDF_and_a_revoked_key_is_reported_and_signs_no_more()
    {
        var kazakhstan = await app.ApiClientAsync("KZ", PermitRights);
        var applied = await JsonAsync(await kazakhstan.PostAsJsonAsync("/api/v1/permits", new
        {
            type = "Export", importingCountry = "IN", exporterName = "Steppe Reptiles LLP", exporterAddress = "Abay Ave 1, Almaty",
            importerName = "Test Reptile Park", importerAddress = "Marine Drive 12, Mumbai", countryOfOrigin = "KZ", purpose = "T", source = "C",
            scientificName = "Python regius", description = "Live specimens", quantity = 5, unit = "NO",
        }), HttpStatusCode.Created);
        var id = applied.GetProperty("id").GetString();
        await JsonAsync(await kazakhstan.PostAsJsonAsync($"/api/v1/permits/{id}/decision", new { approve = true }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, (await kazakhstan.GetAsync($"/api/v1/permits/{id}/pdf")).StatusCode);
        var issued = await JsonAsync(await kazakhstan.PostAsJsonAsync($"/api/v1/permits/{id}/issue", new { }), HttpStatusCode.OK);
        var documentId = issued.GetProperty("documentId").GetString();

        var pdf = await PdfAsync(kazakhstan, $"/api/v1/permits/{id}/pdf?culture=fr");
        var india = await app.ApiClientAsync("IN", PermitRights);
        Assert.True((await PdfAsync(india, $"/api/v1/permits/{id}/pdf")).Length > 1000);
        var colombia = await app.ApiClientAsync("CO", PermitRights);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.GetAsync($"/api/v1/permits/{id}/pdf")).StatusCode);

        var folder = Directory.CreateTempSubdirectory("cordon-pdf-");
        var file = Path.Combine(folder.FullName, "permit.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var (exit, output) = await CliAsync("verify", file, "--keys", await KeysFileAsync(folder));
        Assert.True(exit == 0, output);
        Assert.Contains("(cites-permit) signed by KZ", output, StringComparison.Ordinal);

        // Revocation (as the register records it) is reported offline with the fresh register, and the key signs no more PDFs.
        var fingerprint = PdfDocumentSignature.Verify(pdf).KeyFingerprint;
        await app.WithDbAsync(async db =>
        {
            var key = await db.SigningKeys.SingleAsync(k => k.Fingerprint == fingerprint);
            key.RevokedAt = TimeProvider.System.GetUtcNow();
            key.RevocationReason = "Test: key compromised";
            return await db.SaveChangesAsync();
        });
        (exit, output) = await CliAsync("verify", file, "--keys", await KeysFileAsync(folder));
        Assert.True(exit == 2, output);
        Assert.StartsWith("not genuine", output, StringComparison.Ordinal);
        Assert.Contains("revoked", output, StringComparison.Ordinal);
        var status = await JsonAsync(await app.Anonymous().GetAsync($"/Verify/{documentId}?handler=Status"), HttpStatusCode.OK);
        Assert.True(status.GetProperty("keyRevoked").GetBoolean());
        Assert.False(status.GetProperty("genuine").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await kazakhstan.GetAsync($"/api/v1/permits/{id}/pdf")).StatusCode);
        folder.Delete(true);
    }
}
