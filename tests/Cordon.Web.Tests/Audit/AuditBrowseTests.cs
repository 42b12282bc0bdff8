using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Web.Tests.Infrastructure;

namespace Cordon.Web.Tests.Audit;

[Collection(SharedApp.Name)]
public class AuditBrowseTests(CordonApp app)
{
    [Fact]
    public async Task A_national_administrator_exports_the_audit_of_its_own_Party_and_the_export_is_audited()
    {
        var admin = await app.SignInAsync("admin.in@cordon.example");
        var csv = await admin.GetStringAsync("/api/v1/audit/export.csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("sequence,timestamp_utc,action", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("regulator.in@cordon.example", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("regulator.at@cordon.example", StringComparison.Ordinal));
        Assert.Matches(@"^\d+,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z,", lines[1]);
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?limit=5");
        Assert.Equal("audit.exported", page.GetProperty("items")[0].GetProperty("action").GetString());
    }

    [Fact]
    public async Task The_Secretariat_sees_every_Party_and_the_signed_checkpoints()
    {
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var csv = await secretariat.GetStringAsync("/api/v1/audit/export.csv");
        foreach (var party in new[] { "at", "in", "co", "kz" })
            Assert.Contains($"regulator.{party}@cordon.example", csv, StringComparison.Ordinal);
        var checkpoints = await secretariat.GetFromJsonAsync<JsonElement>("/api/v1/audit/checkpoints");
        Assert.False(string.IsNullOrEmpty(checkpoints.GetProperty("publicKeySpkiBase64").GetString()));
        // The newest entries depend on what else has run; the User filter always shows the demo users' creation.
        var page = await secretariat.GetStringAsync("/Admin/Audit?entityType=User");
        Assert.Contains("user.created", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_cannot_read_the_audit()
    {
        var officer = await app.SignInAsync("enforcement.in@cordon.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/v1/audit/export.csv")).StatusCode);
    }
}
