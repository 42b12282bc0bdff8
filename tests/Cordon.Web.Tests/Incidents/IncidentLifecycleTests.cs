using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Application.Incidents;
using Cordon.Domain.Incidents;
using Cordon.Domain.Notifications;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Incidents;

/// <summary>Editing with versions, saved searches found by key, e-mail digests and per-channel membership, on the shared app.</summary>
[Collection(SharedApp.Name)]
public class IncidentLifecycleTests(CordonApp app)
{
    private const string Pmk = "PRE-3-4-MDP-2-P";

    private static string Container() => "TCLU" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, object?> Body(string container, string[] namedParties, bool restricted = false, string channel = "Precursors",
        string summary = "Drums of PMK under cooking oil", string origin = "IN", string destination = "CO", string? transit = null)
    {
        var countries = new List<object> { new { code = origin, role = "Origin" }, new { code = destination, role = "Destination" } };
        if (transit is not null) countries.Add(new { code = transit, role = "Transit" });
        return new()
        {
            ["channel"] = channel, ["type"] = "Seizure", ["occurredOn"] = "2026-10-20", ["place"] = "Mundra port", ["summary"] = $"{summary} {container}",
            ["substances"] = new[] { new { code = Pmk, name = (string?)null, quantity = 40m, unit = "kg", form = "liquid", purityPercent = (decimal?)null } },
            ["countries"] = countries, ["companies"] = new[] { "Lifecycle Trading LLC" }, ["persons"] = Array.Empty<string>(),
            ["modusOperandi"] = "Mis-declared", ["concealment"] = "False bottoms", ["transport"] = "Sea", ["containerNumbers"] = new[] { container },
            ["airwayBills"] = Array.Empty<string>(), ["actionable"] = false, ["language"] = "en", ["restricted"] = restricted, ["namedParties"] = namedParties,
            ["preExportReference"] = null,
        };
    }

    private async Task<Guid> UserIdAsync(string email) => await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private static async Task<Guid> ReportAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/incidents", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, Guid id, object body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/incidents/{id}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    private static async Task<List<Guid>> SearchAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/incidents?" + query)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task The_reporting_Party_corrects_an_incident_every_version_is_kept_search_follows_and_significant_changes_alert()
    {
        var india = await app.SignInAsync("regulator.in@cordon.example");
        var colombia = await app.SignInAsync("enforcement.co@cordon.example");
        var austria = await app.SignInAsync("regulator.at@cordon.example");
        var follower = await app.SignInAsync("admin.kz@cordon.example");
        var follow = await (await follower.PostAsJsonAsync("/api/v1/incidents/follows", new { kind = "Country", value = "PE" })).Content.ReadFromJsonAsync<JsonElement>();
        var first = Container();
        var id = await ReportAsync(india, Body(first, ["CO"]));
        var totalBefore = (await austria.GetFromJsonAsync<JsonElement>("/api/v1/incidents/dashboard")).GetProperty("total").GetInt32();

        var read = await india.GetAsync($"/api/v1/incidents/{id}");
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        var second = Container();
        var corrected = Body(second, ["CO"], transit: "PE");
        Assert.Equal((HttpStatusCode)428, (await PutAsync(india, id, corrected, null)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync(india, id, corrected, "\"7\"")).StatusCode);
        // Another Party, even one named in the incident, cannot edit it: 404, nothing changes.
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(austria, id, corrected, "*")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(colombia, id, corrected, "*")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync($"/Incidents/Report?edit={id}")).StatusCode);
        var bad = await PutAsync(india, id, new Dictionary<string, object?>(corrected) { ["summary"] = "" }, "\"1\"");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);

        var coUser = await UserIdAsync("enforcement.co@cordon.example");
        var kzUser = await UserIdAsync("admin.kz@cordon.example");
        var edited = await PutAsync(india, id, corrected, "\"1\"");
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("\"2\"", edited.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync(india, id, corrected, "\"1\"")).StatusCode);

        // The search index follows the edit; the dashboard counts the incident once still.
        Assert.Contains(id, await SearchAsync(austria, "q=" + second));
        Assert.DoesNotContain(id, await SearchAsync(austria, "q=" + first));
        Assert.Contains(id, await SearchAsync(austria, "country=PE&q=" + second));
        Assert.Equal(totalBefore, (await austria.GetFromJsonAsync<JsonElement>("/api/v1/incidents/dashboard")).GetProperty("total").GetInt32());

        // A significant change (countries, containers) reaches the named Party and the follower of the new country.
        var updates = await app.WithDbAsync(db => db.Notifications.Where(n => n.Message.MessageKey == "Notification.IncidentUpdated" && n.Message.Link!.Contains(id.ToString())).ToListAsync());
        Assert.Contains(updates, n => n.UserId == coUser);
        Assert.Contains(updates, n => n.UserId == kzUser);

        // A correction of wording only is a new version, audited, but alerts nobody.
        var wording = Body(second, ["CO"], transit: "PE", summary: "Drums of PMK hidden under cooking oil");
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(india, id, wording, "\"2\"")).StatusCode);
        Assert.Equal(updates.Count, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.Message.MessageKey == "Notification.IncidentUpdated" && n.Message.Link!.Contains(id.ToString()))));

        var history = (await austria.GetFromJsonAsync<List<JsonElement>>($"/api/v1/incidents/{id}/history"))!;
        Assert.Equal([1L, 2L, 3L], history.Select(v => v.GetProperty("version").GetInt64()));
        Assert.Contains(first, history[0].GetProperty("content").GetProperty("containerNumbers").GetString() ?? "", StringComparison.Ordinal);
        Assert.Contains("countries", history[1].GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.True(history[1].GetProperty("significant").GetBoolean());
        Assert.Equal(["summary"], history[2].GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.False(history[2].GetProperty("significant").GetBoolean());
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "incident.edited" && a.EntityId == id.ToString())));
        var page = await austria.GetStringAsync($"/Incidents/History?id={id}");
        Assert.Contains(first, page, StringComparison.Ordinal);
        Assert.Contains("data-version=\"3\"", page, StringComparison.Ordinal);
        Assert.Contains("edit-link", await india.GetStringAsync($"/Incidents/Details?id={id}"), StringComparison.Ordinal);
        Assert.DoesNotContain("edit-link", await austria.GetStringAsync($"/Incidents/Details?id={id}"), StringComparison.Ordinal);
        Assert.Contains(second, await india.GetStringAsync($"/Incidents/Report?edit={id}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await follower.DeleteAsync($"/api/v1/incidents/follows/{follow.GetProperty("id").GetInt64()}")).StatusCode);
    }

    [Fact]
    public async Task The_correction_form_saves_a_new_version_and_refuses_a_stale_one()
    {
        var india = await app.SignInAsync("enforcement.in@cordon.example");
        var id = await ReportAsync(india, Body(Container(), []));
        var form = await india.GetStringAsync($"/Incidents/Report?edit={id}");
        Assert.Contains("name=\"Version\" value=\"1\"", form, StringComparison.Ordinal);
        (string, string)[] Fields(string place) =>
        [
            ("Version", "1"), ("Input.Channel", "Precursors"), ("Input.Type", "Seizure"), ("Input.OccurredOn", "2026-10-20"), ("Input.Place", place),
            ("Input.Summary", "Drums of PMK under cooking oil"), ("Input.Substances[0].Name", "PMK"), ("Input.Substances[0].Quantity", "40"),
            ("Input.Substances[0].Unit", "kg"), ("Input.Origin", "IN"), ("Input.Destination", "CO"), ("Input.Language", "en"), ("Input.Transport", "Sea"),
        ];
        var saved = await india.PostAsync($"/Incidents/Report?edit={id}", CordonApp.Form(form, Fields("Nhava Sheva")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Nhava Sheva", await app.WithDbAsync(db => db.Incidents.Where(i => i.Id == id).Select(i => i.Place).SingleAsync()));
        // The same form again carries version 1: refused, with a readable message.
        var stale = await india.PostAsync($"/Incidents/Report?edit={id}", CordonApp.Form(form, Fields("Kandla")));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed since you read it", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDbAsync(db => db.IncidentRevisions.CountAsync(r => r.IncidentId == id)));
    }

    [Fact]
    public async Task Restricted_incidents_history_and_edits_answer_404_to_a_Party_that_may_not_see_them()
    {
        var india = await app.ApiClientAsync("IN", "Incidents.View", "Incidents.Submit");
        var id = await ReportAsync(india, Body(Container(), ["CO"], restricted: true, destination: "MX"));
        var austria = await app.ApiClientAsync("AT", "Incidents.View", "Incidents.Submit");
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync($"/api/v1/incidents/{id}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(austria, id, Body(Container(), []), "*")).StatusCode);
        var austrian = await app.SignInAsync("enforcement.at@cordon.example");
        Assert.Equal(HttpStatusCode.NotFound, (await austrian.GetAsync($"/Incidents/History?id={id}")).StatusCode);
        var colombia = await app.ApiClientAsync("CO", "Incidents.View");
        Assert.Equal(HttpStatusCode.OK, (await colombia.GetAsync($"/api/v1/incidents/{id}/history")).StatusCode);
    }

    [Fact]
    public async Task Saved_searches_are_found_by_key_and_searches_saved_before_keys_still_alert()
    {
        var watcher = await app.SignInAsync("regulator.at@cordon.example");
        var word = "okapi" + Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Created, (await watcher.PostAsJsonAsync("/api/v1/incidents/saved-searches", new { name = "Okapi", q = word, substance = Pmk })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await watcher.PostAsJsonAsync("/api/v1/incidents/saved-searches", new { name = "Okapi elsewhere", q = word, country = "KZ" })).StatusCode);
        var watcherId = await UserIdAsync("regulator.at@cordon.example");
        var keys = await app.WithDbAsync(db => db.IncidentSavedSearches.Where(s => s.UserId == watcherId && s.Query.Contains(word)).Select(s => s.MatchKey).ToListAsync());
        Assert.Contains("s:" + Pmk, keys);
        Assert.Contains("t:" + word[..4], keys);
        var legacyUser = await UserIdAsync("regulator.co@cordon.example");
        await app.WithDbAsync(async db =>
        {
            db.IncidentSavedSearches.Add(new IncidentSavedSearch { UserId = legacyUser, PartyCode = "CO", Name = "Legacy okapi", Query = "q=" + word, CreatedAt = DateTimeOffset.UnixEpoch });
            return await db.SaveChangesAsync();
        });

        var reporter = await app.SignInAsync("enforcement.kz@cordon.example");
        var id = await ReportAsync(reporter, Body(Container(), [], summary: "Drums marked " + word, origin: "CN", destination: "KZ"));
        var alerts = await app.WithDbAsync(db => db.Notifications.Where(n => n.Message.MessageKey == "Notification.IncidentSavedSearch" && n.Message.Link!.Contains(id.ToString())).ToListAsync());
        Assert.Single(alerts, n => n.UserId == watcherId); // two searches match; one alert
        Assert.Contains(alerts, n => n.UserId == legacyUser);
        var other = await ReportAsync(reporter, Body(Container(), [], summary: "Nothing of the kind", origin: "CN", destination: "KZ"));
        Assert.False(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.Message.MessageKey == "Notification.IncidentSavedSearch" && n.Message.Link!.Contains(other.ToString()))));
    }

    private sealed class FakeClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private async Task<int> RunDigestsAsync(TimeProvider clock)
    {
        var sent = 0;
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<CordonDbContext>();
            sent = await new IncidentDigests(db, s.GetRequiredService<AuditLog>(), s.GetRequiredService<ICurrentActor>(), clock).RunAsync();
        });
        return sent;
    }

    [Fact]
    public async Task A_user_who_chose_the_daily_digest_gets_alerts_in_the_app_at_once_and_one_email_the_next_day_exactly_once()
    {
        const string email = "enforcement.kz@cordon.example";
        var kz = await app.SignInAsync(email);
        Assert.Equal("Immediate", (await kz.GetFromJsonAsync<JsonElement>("/api/v1/incidents/alert-preference")).GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await kz.PutAsJsonAsync("/api/v1/incidents/alert-preference", new { email = "Hourly" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await kz.PutAsJsonAsync("/api/v1/incidents/alert-preference", new { email = "DailyDigest" })).StatusCode);
        var follow = await (await kz.PostAsJsonAsync("/api/v1/incidents/follows", new { kind = "Country", value = "BO" })).Content.ReadFromJsonAsync<JsonElement>();
        try
        {
            var india = await app.SignInAsync("regulator.in@cordon.example");
            var id = await ReportAsync(india, Body(Container(), [], origin: "BO", destination: "MX"));
            var user = await UserIdAsync(email);
            Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == user && n.Message.MessageKey == "Notification.IncidentFollowed" && n.Message.Link!.Contains(id.ToString()))));
            Assert.False(await app.WithDbAsync(db => db.OutboxEmails.Where(OutboxEmail.AddressedTo(email)).AnyAsync(e => e.Body.Contains(id.ToString()))));

            var clock = new FakeClock(TimeProvider.System.GetUtcNow());
            await RunDigestsAsync(clock); // today's alerts are not due yet
            Assert.False(await app.WithDbAsync(db => db.OutboxEmails.Where(OutboxEmail.AddressedTo(email)).AnyAsync(e => e.Body.Contains(id.ToString()))));

            clock.Now = clock.Now.AddDays(1);
            // Two nodes running at once still send one digest.
            var runs = await Task.WhenAll(RunDigestsAsync(clock), RunDigestsAsync(clock));
            Assert.True(runs.Sum() >= 1);
            var digests = await app.WithDbAsync(db => db.OutboxEmails.Where(OutboxEmail.AddressedTo(email)).Where(e => e.Body.Contains(id.ToString())).ToListAsync());
            var digest = Assert.Single(digests);
            Assert.StartsWith("[Cordon] Incident digest", digest.Subject, StringComparison.Ordinal);
            await RunDigestsAsync(clock);
            Assert.Single(await app.WithDbAsync(db => db.OutboxEmails.Where(OutboxEmail.AddressedTo(email)).Where(e => e.Body.Contains(id.ToString())).ToListAsync()));

            // No e-mail at all: still alerted in the app, nothing queued for a digest.
            Assert.Equal(HttpStatusCode.OK, (await kz.PutAsJsonAsync("/api/v1/incidents/alert-preference", new { email = "None" })).StatusCode);
            var quiet = await ReportAsync(india, Body(Container(), [], origin: "BO", destination: "MX"));
            Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == user && n.Message.Link!.Contains(quiet.ToString()))));
            Assert.False(await app.WithDbAsync(db => db.IncidentDigestItems.AnyAsync(d => d.UserId == user && d.Link!.Contains(quiet.ToString()))));
            Assert.False(await app.WithDbAsync(db => db.OutboxEmails.Where(OutboxEmail.AddressedTo(email)).AnyAsync(e => e.Body.Contains(quiet.ToString()))));
            var page = await kz.GetStringAsync("/Incidents/Follows");
            Assert.Contains("value=\"None\" checked", page, StringComparison.Ordinal);
        }
        finally
        {
            await kz.PutAsJsonAsync("/api/v1/incidents/alert-preference", new { email = "Immediate" });
            await kz.DeleteAsync($"/api/v1/incidents/follows/{follow.GetProperty("id").GetInt64()}");
        }
    }

    [Fact]
    public async Task The_users_of_a_named_Party_are_alerted_in_the_app_at_once_and_emailed_as_each_chose()
    {
        const string email = "enforcement.kz@cordon.example";
        var kz = await app.SignInAsync(email);
        var user = await UserIdAsync(email);
        var india = await app.SignInAsync("regulator.in@cordon.example");
        Task<bool> Alerted(Guid id) => app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == user && n.Message.MessageKey == "Notification.IncidentReported" && n.Message.Link!.Contains(id.ToString())));
        Task<bool> Emailed(Guid id) => app.WithDbAsync(db => db.OutboxEmails.Where(OutboxEmail.AddressedTo(email)).AnyAsync(e => e.Body.Contains(id.ToString())));
        Task<bool> InDigest(Guid id) => app.WithDbAsync(db => db.IncidentDigestItems.AnyAsync(d => d.UserId == user && d.Link!.Contains(id.ToString())));
        try
        {
            // Never chose: e-mailed at once.
            var immediate = await ReportAsync(india, Body(Container(), ["KZ"], origin: "PE", destination: "MX"));
            Assert.True(await Alerted(immediate));
            Assert.True(await Emailed(immediate));
            Assert.False(await InDigest(immediate));

            Assert.Equal(HttpStatusCode.OK, (await kz.PutAsJsonAsync("/api/v1/incidents/alert-preference", new { email = "DailyDigest" })).StatusCode);
            var digest = await ReportAsync(india, Body(Container(), ["KZ"], origin: "PE", destination: "MX"));
            Assert.True(await Alerted(digest));
            Assert.False(await Emailed(digest));
            Assert.True(await InDigest(digest));

            Assert.Equal(HttpStatusCode.OK, (await kz.PutAsJsonAsync("/api/v1/incidents/alert-preference", new { email = "None" })).StatusCode);
            var none = await ReportAsync(india, Body(Container(), ["KZ"], origin: "PE", destination: "MX"));
            Assert.True(await Alerted(none));
            Assert.False(await Emailed(none));
            Assert.False(await InDigest(none));
        }
        finally
        {
            await kz.PutAsJsonAsync("/api/v1/incidents/alert-preference", new { email = "Immediate" });
        }
    }

    [Fact]
    public async Task A_Party_outside_a_channel_can_neither_read_nor_report_to_it_and_the_history_is_kept()
    {
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var officer = await app.SignInAsync("regulator.kz@cordon.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.DeleteAsync("/api/v1/incidents/channels/KZ/NewPsychoactiveSubstances")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await secretariat.DeleteAsync("/api/v1/incidents/channels/KZ/Cannabis")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await secretariat.DeleteAsync("/api/v1/incidents/channels/ZZ/Precursors")).StatusCode);
        var india = await app.SignInAsync("regulator.in@cordon.example");
        var nps = await ReportAsync(india, Body(Container(), ["KZ"], channel: "NewPsychoactiveSubstances", destination: "KZ"));
        var kzDashboardBefore = await officer.GetFromJsonAsync<JsonElement>("/api/v1/incidents/dashboard");
        Assert.Equal(HttpStatusCode.NoContent, (await secretariat.DeleteAsync("/api/v1/incidents/channels/KZ/NewPsychoactiveSubstances")).StatusCode);
        try
        {
            Assert.Equal(["Precursors"], (await officer.GetFromJsonAsync<List<string>>("/api/v1/incidents/channels"))!);
            // Reading: 404 on the incident, its history and comments; absent from search and dashboard.
            var container = Container();
            var later = await ReportAsync(india, Body(container, ["KZ"], channel: "NewPsychoactiveSubstances", destination: "KZ"));
            foreach (var url in new[] { $"/api/v1/incidents/{nps}", $"/api/v1/incidents/{later}/history", $"/api/v1/incidents/{later}/comments", $"/Incidents/Details?id={later}" })
                Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(url)).StatusCode);
            Assert.Empty(await SearchAsync(officer, "q=" + container));
            Assert.Empty(await SearchAsync(officer, "channel=NewPsychoactiveSubstances"));
            var dashboard = await officer.GetFromJsonAsync<JsonElement>("/api/v1/incidents/dashboard");
            Assert.DoesNotContain(dashboard.GetProperty("incidentsPerYear").EnumerateArray(), y => y.GetProperty("channel").GetString() == "NewPsychoactiveSubstances");
            Assert.True(dashboard.GetProperty("total").GetInt32() < kzDashboardBefore.GetProperty("total").GetInt32());
            // Not alerted as a named Party of an incident it may not read.
            var kzUser = await UserIdAsync("regulator.kz@cordon.example");
            Assert.False(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == kzUser && n.Message.Link!.Contains(later.ToString()))));
            // Reporting: refused in that channel, accepted in the other.
            var refused = await officer.PostAsJsonAsync("/api/v1/incidents", Body(Container(), [], channel: "NewPsychoactiveSubstances", origin: "KZ"));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            await ReportAsync(officer, Body(Container(), [], origin: "KZ"));
            var system = await app.ApiClientAsync("KZ", "Incidents.View", "Incidents.Submit");
            Assert.Equal(HttpStatusCode.Forbidden, (await system.PostAsJsonAsync("/api/v1/incidents", Body(Container(), [], channel: "NewPsychoactiveSubstances", origin: "KZ"))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await system.GetAsync($"/api/v1/incidents/{later}")).StatusCode);

            var parties = await secretariat.GetStringAsync("/Admin/Parties");
            Assert.Contains("data-channel=\"NewPsychoactiveSubstances\"", parties, StringComparison.Ordinal);
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await secretariat.PutAsync("/api/v1/incidents/channels/KZ/NewPsychoactiveSubstances", null)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/v1/incidents/{nps}")).StatusCode);
        var history = await secretariat.GetFromJsonAsync<JsonElement>("/api/v1/incidents/channels/KZ");
        var rows = history.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count(r => r.GetProperty("channel").GetString() == "NewPsychoactiveSubstances"));
        Assert.Single(rows, r => r.GetProperty("channel").GetString() == "Precursors" && r.GetProperty("leftAt").ValueKind == JsonValueKind.Null);
        Assert.Contains(rows, r => r.GetProperty("channel").GetString() == "NewPsychoactiveSubstances" && r.GetProperty("leftAt").ValueKind != JsonValueKind.Null);
        Assert.Contains(rows, r => r.GetProperty("channel").GetString() == "NewPsychoactiveSubstances" && r.GetProperty("leftAt").ValueKind == JsonValueKind.Null);
        Assert.Equal(2, history.GetProperty("channels").GetArrayLength());
    }
}
