using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Tests.Incidents;

/// <summary>The issue's "Done when": report, alert, comment, restriction, search and dashboard, through the API and the pages.</summary>
[Collection(SharedApp.Name)]
public class IncidentTests(CordonApp app)
{
    private const string Pmk = "PRE-3-4-MDP-2-P"; // synonyms include "piperonyl methyl ketone"

    private static string Container() => "TGHU" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static object Seizure(string container, string[] namedParties, bool restricted = false, string? summary = null, string substance = Pmk, string destination = "CO") => new
    {
        channel = "Precursors",
        type = "Seizure",
        occurredOn = "2026-11-01",
        place = "Mundra port",
        summary = summary ?? $"PMK hidden in drums of cooking oil, container {container}",
        substances = new[] { new { code = substance, name = (string?)null, quantity = 1250.5m, unit = "kg", form = "liquid", purityPercent = 92m } },
        countries = new[] { new { code = "IN", role = "Origin" }, new { code = destination, role = "Destination" }, new { code = "NL", role = "Transit" } },
        companies = new[] { "Demo Oils Trading LLC" },
        persons = Array.Empty<string>(),
        modusOperandi = "Mis-declared as edible oil",
        concealment = "Drums with false bottoms",
        transport = "Sea",
        containerNumbers = new[] { container },
        airwayBills = Array.Empty<string>(),
        actionable = true,
        language = "en",
        restricted,
        namedParties,
        preExportReference = (string?)null,
    };

    private async Task<Guid> UserIdAsync(string email) => await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private static async Task<Guid> ReportAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/incidents", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<List<Guid>> SearchAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/incidents?" + query);
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
    }

    private static async Task<int> DashboardTotalAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/incidents/dashboard")).GetProperty("total").GetInt32();

    [Fact]
    public async Task An_officer_reports_a_seizure_the_named_Party_and_a_follower_are_alerted_the_named_Party_comments_and_search_and_dashboard_find_it()
    {
        var india = await app.SignInAsync("enforcement.in@cordon.example");
        var colombia = await app.SignInAsync("regulator.co@cordon.example");
        var kazakhFollower = await app.SignInAsync("regulator.kz@cordon.example");
        var follow = await kazakhFollower.PostAsJsonAsync("/api/v1/incidents/follows", new { kind = "Substance", value = Pmk });
        Assert.Equal(HttpStatusCode.Created, follow.StatusCode);
        var dashboardBefore = await DashboardTotalAsync(kazakhFollower);

        var container = Container();
        var id = await ReportAsync(india, Seizure(container, ["CO"]));

        // The follower in Kazakhstan and the named Party's users are alerted; the reporter's own Party is not.
        var kz = await UserIdAsync("regulator.kz@cordon.example");
        var co = await UserIdAsync("regulator.co@cordon.example");
        var notes = await app.WithDbAsync(db => db.Notifications.Include(n => n.Message).Where(n => n.Message.Link != null && n.Message.Link.Contains(id.ToString())).ToListAsync());
        Assert.Contains(notes, n => n.UserId == kz && n.Message.MessageKey == "Notification.IncidentFollowed");
        Assert.Contains(notes, n => n.UserId == co && n.Message.MessageKey == "Notification.IncidentReported");
        Assert.DoesNotContain(notes, n => n.UserId == co && n.Message.MessageKey == "Notification.IncidentFollowed");

        // Colombia reads it (page and API) and comments; India is alerted of the comment.
        var page = await colombia.GetAsync($"/Incidents/Details?id={id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(container, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var comment = await colombia.PostAsJsonAsync($"/api/v1/incidents/{id}/comments", new { text = "The consignee is known to us; we are following up.", requestsAssistance = false });
        Assert.Equal(HttpStatusCode.Created, comment.StatusCode);
        var thread = await india.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}/comments");
        Assert.Contains(thread.EnumerateArray(), c => c.GetProperty("partyCode").GetString() == "CO");
        var inUser = await UserIdAsync("enforcement.in@cordon.example");
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == inUser && n.Message.MessageKey == "Notification.IncidentComment" && n.Message.Link!.Contains(id.ToString()))));

        // Search finds it by container number (also written with spaces) and by a synonym of its substance.
        Assert.Contains(id, await SearchAsync(kazakhFollower, "q=" + container));
        Assert.Contains(id, await SearchAsync(kazakhFollower, "q=" + Uri.EscapeDataString(container[..4] + " " + container[4..]).Replace("%20", "+", StringComparison.Ordinal) + "&channel=Precursors"));
        Assert.Contains(id, await SearchAsync(kazakhFollower, "q=%22piperonyl+methyl+ketone%22&country=CO&type=Seizure"));
        Assert.Contains(id, await SearchAsync(kazakhFollower, $"substance={Pmk}&from=2026-10-01&to=2026-11-30"));
        Assert.DoesNotContain(id, await SearchAsync(kazakhFollower, "q=" + container + "&channel=NewPsychoactiveSubstances"));
        var searchPage = await kazakhFollower.GetStringAsync("/Incidents?q=" + container);
        Assert.Contains(id.ToString(), searchPage, StringComparison.Ordinal);

        // The dashboard counts it.
        Assert.Equal(dashboardBefore + 1, await DashboardTotalAsync(kazakhFollower));
        var csv = await kazakhFollower.GetStringAsync("/api/v1/incidents/dashboard.csv");
        Assert.StartsWith("section,key,key2,count", csv, StringComparison.Ordinal);
        Assert.Contains("route,IN,CO,", csv, StringComparison.Ordinal);
        Assert.Contains("Precursors", await kazakhFollower.GetStringAsync("/Incidents/Dashboard"), StringComparison.Ordinal);

        // Colombia's national system receives it on the change feed.
        var system = await app.ApiClientAsync("CO", "Incidents.View");
        var feed = await system.GetFromJsonAsync<JsonElement>("/api/v1/feed?cursor=0&limit=500");
        Assert.Contains(feed.GetProperty("items").EnumerateArray(), i => i.GetProperty("recordId").GetString() == id.ToString() && i.GetProperty("module").GetString() == "Incidents");
    }

    [Fact]
    public async Task A_restricted_incident_stays_invisible_to_a_Party_not_named_in_it()
    {
        var india = await app.SignInAsync("regulator.in@cordon.example");
        var austria = await app.SignInAsync("enforcement.at@cordon.example");
        var colombia = await app.SignInAsync("enforcement.co@cordon.example");
        var follow = await (await austria.PostAsJsonAsync("/api/v1/incidents/follows", new { kind = "Country", value = "IN" })).Content.ReadFromJsonAsync<JsonElement>();
        var austriaBefore = await DashboardTotalAsync(austria);
        var colombiaBefore = await DashboardTotalAsync(colombia);

        var container = Container();
        var id = await ReportAsync(india, Seizure(container, ["CO"], restricted: true, destination: "MX"));

        // Austria (not named): 404 on the API and the page, absent from search, feed and dashboard, not alerted.
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync($"/api/v1/incidents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync($"/api/v1/incidents/{id}/comments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync($"/Incidents/Details?id={id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.PostAsJsonAsync($"/api/v1/incidents/{id}/comments", new { text = "let me in" })).StatusCode);
        Assert.Empty(await SearchAsync(austria, "q=" + container));
        Assert.DoesNotContain(id.ToString(), await austria.GetStringAsync("/Incidents?q=" + container), StringComparison.Ordinal);
        Assert.DoesNotContain(id.ToString(), await austria.GetStringAsync("/Incidents"), StringComparison.Ordinal);
        Assert.Equal(austriaBefore, await DashboardTotalAsync(austria));
        var atUser = await UserIdAsync("enforcement.at@cordon.example");
        Assert.False(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == atUser && n.Message.Link!.Contains(id.ToString()))));
        var atSystem = await app.ApiClientAsync("AT", "Incidents.View");
        Assert.Equal(HttpStatusCode.NotFound, (await atSystem.GetAsync($"/api/v1/incidents/{id}")).StatusCode);
        var atFeed = await atSystem.GetFromJsonAsync<JsonElement>("/api/v1/feed?cursor=0&limit=500");
        Assert.DoesNotContain(atFeed.GetProperty("items").EnumerateArray(), i => i.GetProperty("recordId").GetString() == id.ToString());

        // Colombia (named) and the Secretariat see it.
        Assert.Equal(HttpStatusCode.OK, (await colombia.GetAsync($"/api/v1/incidents/{id}")).StatusCode);
        Assert.Contains(id, await SearchAsync(colombia, "q=" + container));
        Assert.Equal(colombiaBefore + 1, await DashboardTotalAsync(colombia));
        var secretariat = await app.SignInAsync("secretariat.analyst@cordon.example");
        Assert.Contains(id, await SearchAsync(secretariat, "q=" + container));
        Assert.Equal(HttpStatusCode.NoContent, (await austria.DeleteAsync($"/api/v1/incidents/follows/{follow.GetProperty("id").GetInt64()}")).StatusCode);
    }

    [Fact]
    public async Task The_report_form_works_without_javascript_and_keeps_a_draft()
    {
        var officer = await app.SignInAsync("enforcement.kz@cordon.example");
        var form = await officer.GetStringAsync("/Incidents/Report");
        var container = Container();

        // Draft saved, then restored on the next visit.
        var draft = await officer.PostAsync("/Incidents/Report?handler=Draft", CordonApp.Form(form, ("Input.Summary", "Half-typed " + container), ("Input.Place", "Khorgos")));
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        var restored = await officer.GetStringAsync("/Incidents/Report");
        Assert.Contains("Half-typed " + container, restored, StringComparison.Ordinal);

        // Bad input: a readable message, not a 500.
        var bad = await officer.PostAsync("/Incidents/Report", CordonApp.Form(restored, ("Input.Channel", "Precursors"), ("Input.Type", "Seizure"), ("Input.OccurredOn", "not a date"), ("Input.Summary", "")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Enter the date of the incident.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var done = await officer.PostAsync("/Incidents/Report", CordonApp.Form(restored,
            ("Input.Channel", "NewPsychoactiveSubstances"), ("Input.Type", "StoppedInTransit"), ("Input.OccurredOn", "2026-11-10"), ("Input.Place", "Khorgos"),
            ("Input.Summary", "Parcel of synthetic cathinone stopped in transit " + container),
            ("Input.Substances[0].Name", "piperonyl methyl ketone"), ("Input.Substances[0].Quantity", "2,5"), ("Input.Substances[0].Unit", "kg"),
            ("Input.Substances[1].Name", "Brand-new cathinone X"), ("Input.Origin", "CN"), ("Input.Destination", "co"),
            ("Input.ContainerNumbers", container), ("Input.Transport", "Rail"), ("Input.Language", "ru"), ("Input.Actionable", "true")));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var location = done.Headers.Location!.ToString();
        Assert.Contains("/Incidents/Details", location, StringComparison.Ordinal);
        var details = await officer.GetStringAsync(location);
        Assert.Contains(container, details, StringComparison.Ordinal);
        Assert.Contains("Brand-new cathinone X", details, StringComparison.Ordinal);
        Assert.DoesNotContain("Half-typed", await officer.GetStringAsync("/Incidents/Report"), StringComparison.Ordinal);

        var id = Guid.Parse(location[(location.IndexOf("id=", StringComparison.Ordinal) + 3)..]);
        var incident = await app.WithDbAsync(db => db.Incidents.Include(i => i.Substances).Include(i => i.Countries).Include(i => i.NamedParties).SingleAsync(i => i.Id == id));
        Assert.Equal("ru", incident.Language);
        Assert.Equal("PRE-3-4-MDP-2-P", incident.Substances.Single(s => s.Quantity == 2.5m).SubstanceCode);
        Assert.Null(incident.Substances.Single(s => s.Name == "Brand-new cathinone X").SubstanceCode);
        Assert.Contains(incident.Countries, c => c.CountryCode == "KZ" && c.Role == Domain.Incidents.CountryRole.Reporting);
        Assert.Equal(["CO"], incident.NamedParties.Select(p => p.PartyCode));
    }

    [Fact]
    public async Task The_api_validates_is_idempotent_and_refuses_users_without_the_right()
    {
        var system = await app.ApiClientAsync("IN", "Incidents.View", "Incidents.Submit");
        var bad = await system.PostAsJsonAsync("/api/v1/incidents", new { channel = "Precursors", summary = "", substances = Array.Empty<object>(), countries = new[] { new { code = "ZZ", role = "Origin" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("type", out _));
        Assert.True(errors.TryGetProperty("substances", out _));
        Assert.True(errors.TryGetProperty("countries", out _));
        var badEnum = await system.PostAsync("/api/v1/incidents", new StringContent("{\"channel\":\"Nope\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badEnum.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await system.GetAsync("/api/v1/incidents?from=yesterday")).StatusCode);

        var body = Seizure(Container(), []);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await system.SendAsync(request);
        }
        var first = await Post();
        var second = await Post();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(id, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        var read = await system.GetAsync($"/api/v1/incidents/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.NotNull(read.Headers.ETag);

        // The national administrator holds View only: may read, may not report or comment.
        var admin = await app.SignInAsync("admin.at@cordon.example");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/incidents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync("/api/v1/incidents", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync($"/api/v1/incidents/{id}/comments", new { text = "x" })).StatusCode);
        var reportPage = await admin.GetAsync("/Incidents/Report");
        Assert.True(reportPage.StatusCode == HttpStatusCode.Redirect && reportPage.Headers.Location!.ToString().Contains("/Account/AccessDenied", StringComparison.Ordinal));
        // A token without the module's scope is refused.
        var other = await app.ApiClientAsync("IN", "Permits.View");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/v1/incidents")).StatusCode);
    }

    [Fact]
    public async Task Saved_searches_alert_on_new_matches_and_incidents_sharing_a_container_are_linked()
    {
        var watcher = await app.SignInAsync("enforcement.at@cordon.example");
        var word = "zebrafish" + Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var saved = await watcher.PostAsJsonAsync("/api/v1/incidents/saved-searches", new { name = "Zebra", q = word, channel = "Precursors" });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await watcher.PostAsJsonAsync("/api/v1/incidents/saved-searches", new { name = "Empty" })).StatusCode);

        var reporter = await app.SignInAsync("regulator.kz@cordon.example");
        var container = Container();
        var first = await ReportAsync(reporter, Seizure(container, [], summary: $"Drums marked {word}", destination: "KZ"));
        var second = await ReportAsync(reporter, Seizure(container, [], summary: "Same container seen again", destination: "KZ"));
        var watcherId = await UserIdAsync("enforcement.at@cordon.example");
        var alerts = await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == watcherId && n.Message.MessageKey == "Notification.IncidentSavedSearch").Select(n => n.Message.Link).ToListAsync());
        Assert.Contains(alerts, l => l!.Contains(first.ToString()));
        Assert.DoesNotContain(alerts, l => l!.Contains(second.ToString()));

        // The second incident suggests the first (same container); linking shows it on both.
        var page = await reporter.GetStringAsync($"/Incidents/Details?id={second}");
        Assert.Contains(first.ToString(), page, StringComparison.Ordinal);
        var link = await reporter.PostAsJsonAsync($"/api/v1/incidents/{second}/links", new { to = first, reason = "SameContainer" });
        Assert.Equal(HttpStatusCode.Created, link.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await reporter.PostAsJsonAsync($"/api/v1/incidents/{first}/links", new { to = second, reason = "SameContainer" })).StatusCode);
        Assert.Contains(second.ToString(), await reporter.GetStringAsync($"/Incidents/Details?id={first}"), StringComparison.Ordinal);

        // Follow and unfollow from the page.
        var follows = await watcher.GetStringAsync("/Incidents/Follows");
        var followed = await watcher.PostAsync("/Incidents/Follows?handler=Follow", CordonApp.Form(follows, ("kind", "Company"), ("value", "Acme Chem. Ltd")));
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        var list = await watcher.GetFromJsonAsync<JsonElement>("/api/v1/incidents/follows");
        var acme = list.EnumerateArray().Single(f => f.GetProperty("value").GetString() == "ACME CHEM LTD");
        Assert.Equal(HttpStatusCode.NoContent, (await watcher.DeleteAsync($"/api/v1/incidents/follows/{acme.GetProperty("id").GetInt64()}")).StatusCode);
        var badFollow = await watcher.PostAsync("/Incidents/Follows?handler=Follow", CordonApp.Form(follows, ("kind", "Country"), ("value", "Atlantis")));
        Assert.Equal(HttpStatusCode.BadRequest, badFollow.StatusCode);
    }

    [Fact]
    public async Task Photos_and_documents_are_attached_with_type_and_size_limits_and_only_those_who_see_the_incident_read_them()
    {
        var india = await app.SignInAsync("enforcement.in@cordon.example");
        var id = await ReportAsync(india, Seizure(Container(), ["CO"], restricted: true, destination: "MX"));
        var page = await india.GetStringAsync($"/Incidents/Details?id={id}");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        async Task<HttpResponseMessage> Upload(byte[] bytes, string name)
        {
            using var form = new MultipartFormDataContent();
            form.Add(new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken");
            form.Add(new ByteArrayContent(bytes), "file", name);
            return await india.PostAsync($"/Incidents/Details?id={id}&handler=Attach", form);
        }
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];
        var ok = await Upload(png, "../../seal photo.png");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var refused = await Upload("#!/bin/sh\necho hi"u8.ToArray(), "script.png");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Only photos (JPEG, PNG, TIFF) and PDF documents can be attached.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var attachment = await app.WithDbAsync(db => db.Attachments.SingleAsync(a => a.RecordId == id));
        Assert.Equal("seal photo.png", attachment.FileName);
        Assert.Equal("image/png", attachment.ContentType);
        var url = $"/Incidents/Details?id={id}&handler=Attachment&attachmentId={attachment.Id}";
        var colombia = await app.SignInAsync("regulator.co@cordon.example");
        var download = await colombia.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());
        var austria = await app.SignInAsync("enforcement.at@cordon.example");
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task National_systems_attach_and_read_files_through_the_api_and_a_party_that_cannot_see_the_incident_cannot()
    {
        var india = await app.ApiClientAsync("IN", "Incidents.View", "Incidents.Submit");
        var id = await ReportAsync(india, Seizure(Container(), ["CO"], restricted: true, destination: "MX"));
        byte[] pdf = [.. "%PDF-1.7\n"u8, .. new byte[100]];
        async Task<HttpResponseMessage> Upload(HttpClient client, byte[] bytes, string name = "bill of lading.pdf")
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
            return await client.PostAsync($"/api/v1/incidents/{id}/attachments", form);
        }

        var created = await Upload(india, pdf);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var attachment = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("application/pdf", attachment.GetProperty("contentType").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), attachment.GetProperty("sha256").GetString());
        var list = await india.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{id}/attachments");
        Assert.Equal(1, list.GetArrayLength());

        var colombia = await app.ApiClientAsync("CO", "Incidents.View");
        var download = await colombia.GetAsync($"/api/v1/incidents/{id}/attachments/{attachment.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());

        // Refused with a problem, nothing stored: wrong kind, too large, no file.
        var wrongKind = await Upload(india, "MZ\x90\0 not really a pdf"u8.ToArray());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongKind.StatusCode);
        Assert.Equal("application/problem+json", wrongKind.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Upload(india, [.. "%PDF-"u8, .. new byte[10 * 1024 * 1024]])).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await india.PostAsJsonAsync($"/api/v1/incidents/{id}/attachments", new { file = "x" })).StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Attachments.CountAsync(a => a.RecordId == id)));

        // A Party that may not see the restricted incident: 404 everywhere, and it cannot attach.
        var austria = await app.ApiClientAsync("AT", "Incidents.View", "Incidents.Submit");
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync($"/api/v1/incidents/{id}/attachments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync($"/api/v1/incidents/{id}/attachments/{attachment.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Upload(austria, pdf)).StatusCode);
    }
}
