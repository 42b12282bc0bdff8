using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Web.Tests.Infrastructure;

namespace Cordon.Web.Tests.PreExport;

/// <summary>"Report as incident": a stopped or suspicious shipment becomes an incident in one step, linked both ways.</summary>
[Collection(SharedApp.Name)]
public class PreExportIncidentTests(CordonApp app)
{
    private static readonly string[] Rights = ["PreExport.View", "PreExport.Submit", "PreExport.Approve", "Incidents.View", "Incidents.Submit"];

    private static object Body(string importer, string[] transit, bool confidential) => new
    {
        importingCountry = importer,
        transitCountries = transit,
        exporterName = "Linked Chemicals Ltd",
        exporterAddress = "1 Export Road",
        importerName = "Linked Pharma Ltd",
        importerAddress = "2 Import Street",
        consigneeName = "Linked Warehouse",
        substances = new[] { new { substance = "PRE-ACETIC-ANHYDRIDE", quantity = 2400m, unit = "L" }, new { substance = "PRE-POTASSIUM-PERMANGANATE", quantity = 500m, unit = "kg" } },
        pointOfEntry = "Buenaventura",
        dispatchDate = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        transportMode = "Sea freight",
        route = "Mumbai – Port Louis – Buenaventura",
        portOfExit = "Nhava Sheva",
        exporterReference = "EXP-LINK-" + Guid.NewGuid().ToString("N")[..6],
        confidential,
    };

    private static async Task<(string Id, string Reference)> FileAsync(HttpClient exporter, object body)
    {
        var r = await exporter.PostAsJsonAsync("/api/v1/preexport/notifications", body);
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var n = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notification");
        return (n.GetProperty("id").GetString()!, n.GetProperty("reference").GetString()!);
    }

    [Fact]
    public async Task A_stopped_shipment_becomes_an_incident_prefilled_from_the_notification_and_linked_both_ways()
    {
        var india = await app.ApiClientAsync("IN", Rights);
        var colombia = await app.ApiClientAsync("CO", Rights);
        var (id, reference) = await FileAsync(india, Body("CO", ["KZ"], confidential: false));

        // Not yet marked: nothing to report.
        Assert.Equal(HttpStatusCode.Conflict, (await colombia.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/incident", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colombia.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/mark", new { kind = "Stopped", reason = "Consignee unknown at the address." })).StatusCode);

        var prefill = await colombia.GetFromJsonAsync<JsonElement>($"/api/v1/preexport/notifications/{id}/incident");
        Assert.Equal("StoppedInTransit", prefill.GetProperty("type").GetString());
        Assert.Equal("Precursors", prefill.GetProperty("channel").GetString());
        Assert.Equal(reference, prefill.GetProperty("preExportReference").GetString());
        Assert.Equal(id, prefill.GetProperty("preExportNotificationId").GetString());
        var substances = prefill.GetProperty("substances").EnumerateArray().ToList();
        Assert.Contains(substances, s => s.GetProperty("code").GetString() == "PRE-ACETIC-ANHYDRIDE" && s.GetProperty("quantity").GetDecimal() == 2400m && s.GetProperty("unit").GetString() == "L");
        var countries = prefill.GetProperty("countries").EnumerateArray().Select(c => (c.GetProperty("code").GetString(), c.GetProperty("role").GetString())).ToList();
        Assert.Contains(("IN", "Origin"), countries);
        Assert.Contains(("CO", "Destination"), countries);
        Assert.Contains(("KZ", "Transit"), countries);
        Assert.Contains("Linked Chemicals Ltd", prefill.GetProperty("companies").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("Mumbai – Port Louis – Buenaventura", prefill.GetProperty("modusOperandi").GetString(), StringComparison.Ordinal);
        Assert.Equal("Sea", prefill.GetProperty("transport").GetString());

        // The officer completes the description; everything else comes from the notification.
        var created = await colombia.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/incident", new { summary = "Shipment of acetic anhydride stopped at Buenaventura." });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var incident = await created.Content.ReadFromJsonAsync<JsonElement>();
        var incidentId = incident.GetProperty("id").GetString()!;
        Assert.Equal(id, incident.GetProperty("preExportNotificationId").GetString());
        Assert.Equal("Shipment of acetic anhydride stopped at Buenaventura.", incident.GetProperty("summary").GetString());
        Assert.Equal(2, incident.GetProperty("substances").GetArrayLength());

        // Incident → notification, for those who may see the notification (exporter, importer, Secretariat)...
        var read = await india.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{incidentId}");
        Assert.Equal(id, read.GetProperty("preExportNotificationId").GetString());
        // ... notification → incident.
        var linked = await india.GetFromJsonAsync<List<JsonElement>>($"/api/v1/preexport/notifications/{id}/incidents");
        Assert.Equal(incidentId, Assert.Single(linked!).GetProperty("id").GetString());

        // A Party that is not in the shipment sees the (unrestricted) incident but not the link, and gets 404 on the notification's endpoints.
        var austria = await app.ApiClientAsync("AT", Rights);
        var seenByAustria = await austria.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{incidentId}");
        Assert.Equal(JsonValueKind.Null, seenByAustria.GetProperty("preExportNotificationId").ValueKind);
        Assert.Equal(JsonValueKind.Null, seenByAustria.GetProperty("preExportReference").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync($"/api/v1/preexport/notifications/{id}/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync($"/api/v1/preexport/notifications/{id}/incident")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/incident", new { })).StatusCode);
        // Nor may it link its own incident to someone else's notification through the incidents API.
        var sneaky = await austria.PostAsJsonAsync("/api/v1/incidents", new
        {
            channel = "Precursors", type = "Other", occurredOn = "2024-01-01", summary = "x", substances = new[] { new { name = "acetone" } }, preExportNotificationId = id,
        });
        Assert.Equal(HttpStatusCode.BadRequest, sneaky.StatusCode);

        // Without the Incidents rights the importer cannot report it.
        var viewOnly = await app.ApiClientAsync("CO", "PreExport.View", "PreExport.Submit");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewOnly.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/incident", new { })).StatusCode);
        // The transit Party may see the notification but only the exporter or importer reports it.
        var kazakhstan = await app.ApiClientAsync("KZ", Rights);
        Assert.Equal(HttpStatusCode.Forbidden, (await kazakhstan.GetAsync($"/api/v1/preexport/notifications/{id}/incident")).StatusCode);
    }

    [Fact]
    public async Task A_confidential_notification_becomes_a_restricted_incident_that_transit_countries_do_not_see()
    {
        var india = await app.ApiClientAsync("IN", Rights);
        var (id, _) = await FileAsync(india, Body("CO", ["KZ"], confidential: true));
        Assert.Equal(HttpStatusCode.OK, (await india.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/mark", new { kind = "Suspicious", reason = "Price far above market." })).StatusCode);
        var created = await india.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/incident", new { });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var incident = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(incident.GetProperty("restricted").GetBoolean());
        Assert.Equal("DiversionAttempt", incident.GetProperty("type").GetString());
        var incidentId = incident.GetProperty("id").GetString()!;

        // The importer sees incident and link; the transit Party sees the notification but neither the restricted incident nor its link.
        var colombia = await app.ApiClientAsync("CO", Rights);
        Assert.Single((await colombia.GetFromJsonAsync<List<JsonElement>>($"/api/v1/preexport/notifications/{id}/incidents"))!);
        var kazakhstan = await app.ApiClientAsync("KZ", Rights);
        Assert.Equal(HttpStatusCode.OK, (await kazakhstan.GetAsync($"/api/v1/preexport/notifications/{id}")).StatusCode);
        Assert.Empty((await kazakhstan.GetFromJsonAsync<List<JsonElement>>($"/api/v1/preexport/notifications/{id}/incidents"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await kazakhstan.GetAsync($"/api/v1/incidents/{incidentId}")).StatusCode);
        // The Secretariat sees both sides.
        var secretariat = await app.SignInAsync("secretariat.analyst@cordon.example");
        Assert.Contains(incidentId, await secretariat.GetStringAsync($"/PreExport/Details?id={id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_officer_clicks_Report_as_incident_completes_the_prefilled_form_and_both_pages_show_the_link()
    {
        var india = await app.ApiClientAsync("IN", Rights);
        var (id, reference) = await FileAsync(india, Body("CO", [], confidential: false));
        var officer = await app.SignInAsync("regulator.co@cordon.example");
        var details = await officer.GetStringAsync($"/PreExport/Details?id={id}");
        Assert.DoesNotContain("id=\"report-incident\"", details, StringComparison.Ordinal);
        var mark = await officer.PostAsync($"/PreExport/Details?id={id}&handler=Mark", CordonApp.Form(details, ("MarkKind", "Stopped"), ("MarkReason", "Held by customs.")));
        Assert.Equal(HttpStatusCode.Redirect, mark.StatusCode);
        details = await officer.GetStringAsync($"/PreExport/Details?id={id}");
        Assert.Contains($"href=\"/Incidents/Report?notification={id}\"", details, StringComparison.Ordinal);
        // A user with the View right only does not get the button.
        var viewer = await app.SignInAsync("admin.co@cordon.example");
        Assert.DoesNotContain("id=\"report-incident\"", await viewer.GetStringAsync($"/PreExport/Details?id={id}"), StringComparison.Ordinal);

        var form = await officer.GetStringAsync($"/Incidents/Report?notification={id}");
        Assert.Contains($"value=\"{id}\"", form, StringComparison.Ordinal);
        Assert.Contains(reference, form, StringComparison.Ordinal);
        Assert.Contains("Buenaventura", form, StringComparison.Ordinal);
        Assert.Contains("value=\"IN\"", form, StringComparison.Ordinal);
        var posted = await officer.PostAsync("/Incidents/Report", CordonApp.Form(form,
            ("Input.Channel", "Precursors"), ("Input.Type", "StoppedInTransit"), ("Input.OccurredOn", DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("Input.Summary", "Stopped by customs at Buenaventura."), ("Input.Substances[0].Name", "acetic anhydride"), ("Input.Substances[0].Quantity", "2400"), ("Input.Substances[0].Unit", "L"),
            ("Input.Origin", "IN"), ("Input.Destination", "CO"), ("Input.Language", "en"), ("Input.PreExportReference", reference), ("Input.PreExportNotificationId", id)));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var incidentPage = await officer.GetStringAsync(posted.Headers.Location!.ToString());
        Assert.Contains($"href=\"/PreExport/Details?id={id}\"", incidentPage, StringComparison.Ordinal);
        details = await officer.GetStringAsync($"/PreExport/Details?id={id}");
        Assert.Contains("id=\"linked-incidents\"", details, StringComparison.Ordinal);
        Assert.Contains("Stopped by customs at Buenaventura.", details, StringComparison.Ordinal);

        // Another Party's officer: the report form for this notification answers 404.
        var austrian = await app.SignInAsync("regulator.at@cordon.example");
        Assert.Equal(HttpStatusCode.NotFound, (await austrian.GetAsync($"/Incidents/Report?notification={id}")).StatusCode);
    }
}
