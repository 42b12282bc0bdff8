using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Web.Tests.Infrastructure;
using Cordon.Web.Tests.MultiNode;

namespace Cordon.Web.Tests.Ledger;

/// <summary>Signature checks are memoized, key status never is: a revocation on one node applies at once on another (ADR 19).</summary>
public class VerificationTests : IAsyncLifetime
{
    private readonly CordonApp _node1 = new();
    private SecondNode _node2 = null!;
    private static readonly string[] Rights = ["Permits.View", "Permits.Submit", "Permits.Approve"];

    public async Task InitializeAsync()
    {
        await _node1.InitializeAsync();
        _node2 = new SecondNode(_node1);
        await _node2.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _node2.DisposeAsync();
        await _node1.DisposeAsync();
    }

    private static async Task<JsonElement> Json(HttpResponseMessage r, HttpStatusCode expected)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"{(int)r.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task A_key_revoked_on_one_node_makes_the_next_check_on_the_other_node_fail()
    {
        var austria = await _node1.ApiClientAsync("AT", Rights);
        var applied = await Json(await austria.PostAsJsonAsync("/api/v1/permits", new
        {
            type = "Export", importingCountry = "IN", exporterName = "Reptilienzucht Test KG", exporterAddress = "Hauptstraße 3, Graz",
            importerName = "Test Reptile Park", importerAddress = "Marine Drive 12, Mumbai", countryOfOrigin = "GH", purpose = "T", source = "C",
            scientificName = "Python regius", description = "Live specimens", quantity = 20m, unit = "NO",
        }), HttpStatusCode.Created);
        var id = applied.GetProperty("id").GetString();
        await Json(await austria.PostAsJsonAsync($"/api/v1/permits/{id}/decision", new { approve = true }), HttpStatusCode.OK);
        var issued = await Json(await austria.PostAsJsonAsync($"/api/v1/permits/{id}/issue", new { }), HttpStatusCode.OK);
        var documentId = issued.GetProperty("documentId").GetString();
        var doc = await Json(await austria.GetAsync($"/api/v1/permits/{id}/document"), HttpStatusCode.OK);

        var onNode2 = await _node2.ApiClientAsync("AT", Rights);
        for (var i = 0; i < 3; i++) // the later checks are answered from the memo of the first
        {
            var check = await Json(await onNode2.PostAsJsonAsync("/api/v1/permits/verify", doc), HttpStatusCode.OK);
            Assert.True(check.GetProperty("intact").GetBoolean());
            Assert.True(check.GetProperty("genuine").GetBoolean());
        }
        Assert.Contains("Genuine", await _node2.Anonymous().GetStringAsync($"/Verify/{documentId}"), StringComparison.Ordinal);

        var keys = await Json(await austria.GetAsync("/api/v1/permits/signing-keys"), HttpStatusCode.OK);
        var fingerprint = doc.GetProperty("keyFingerprint").GetString();
        var keyId = keys.EnumerateArray().Single(k => k.GetProperty("fingerprint").GetString() == fingerprint).GetProperty("id").GetString();
        await Json(await austria.PostAsJsonAsync($"/api/v1/permits/signing-keys/{keyId}/revoke", new { reason = "Key compromised" }), HttpStatusCode.OK);

        var after = await Json(await onNode2.PostAsJsonAsync("/api/v1/permits/verify", doc), HttpStatusCode.OK);
        Assert.True(after.GetProperty("intact").GetBoolean());
        Assert.False(after.GetProperty("genuine").GetBoolean());
        Assert.Contains("revoked", await _node2.Anonymous().GetStringAsync($"/Verify/{documentId}"), StringComparison.Ordinal);

        var node = System.Text.Json.Nodes.JsonNode.Parse(doc.GetRawText())!;
        node["payload"] = node["payload"]!.GetValue<string>().Replace("\"quantity\":\"20\"", "\"quantity\":\"21\"", StringComparison.Ordinal);
        var tampered = await Json(await onNode2.PostAsync("/api/v1/permits/verify", new StringContent(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.OK);
        Assert.False(tampered.GetProperty("intact").GetBoolean());
    }
}
