using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Application.PreExport;
using Cordon.Domain.PreExport;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.PreExport;

[Collection(SharedApp.Name)]
public class PreExportTests(CordonApp app)
{
    private static readonly string[] AllRights = ["PreExport.View", "PreExport.Submit", "PreExport.Approve"];

    private static string InDays(int days) =>
        DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static object Body(string importer, string[]? transit = null, string substance = "PRE-POTASSIUM-PERMANGANATE", decimal quantity = 100, string unit = "kg",
        bool confidential = false, int? replyWithinDays = null, int dispatchInDays = 10, bool multiShipment = false, string? validUntil = null) => new
    {
        importingCountry = importer,
        transitCountries = transit ?? [],
        exporterName = "Exporter Chemicals Ltd",
        exporterAddress = "1 Export Road",
        importerName = "Importer Pharma Ltd",
        importerAddress = "2 Import Street",
        consigneeName = "Consignee Warehouse",
        consigneeAddress = "3 Dock Lane",
        substances = new[] { new { substance, quantity, unit } },
        pointOfEntry = "Main port",
        dispatchDate = InDays(dispatchInDays),
        packaging = "Drums",
        transportMode = "Sea",
        route = "A – B – C",
        portOfExit = "Exit port",
        exporterReference = "EXP-" + Guid.NewGuid().ToString("N")[..6],
        importPermitReference = "IMP-1",
        confidential,
        replyWithinDays,
        multiShipment,
        validUntil,
    };

    private async Task<JsonElement> FileAsync(HttpClient exporter, object body)
    {
        var r = await exporter.PostAsJsonAsync("/api/v1/preexport/notifications", body);
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string IdOf(JsonElement filed) => filed.GetProperty("notification").GetProperty("id").GetString()!;

    [Fact]
    public async Task Concurrent_filings_of_one_Party_get_distinct_consecutive_references()
    {
        // References are drawn like a sequence, outside the filing transaction (ADR 0042): none may be handed out twice.
        var colombia = await app.ApiClientAsync("CO", AllRights);
        var filed = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => FileAsync(colombia, Body("IN"))));
        var references = filed.Select(f => f.GetProperty("notification").GetProperty("reference").GetString()!).ToList();
        var year = TimeProvider.System.GetUtcNow().Year.ToString(CultureInfo.InvariantCulture);
        Assert.All(references, r => Assert.StartsWith($"CO-{year}-", r, StringComparison.Ordinal));
        var numbers = references.Select(r => int.Parse(r[8..], CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(8, numbers.Distinct().Count());
        Assert.Equal(numbers[0] + 7, numbers[^1]);
    }

    [Fact]
    public async Task An_invocation_makes_the_notification_mandatory()
    {
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var recorded = await secretariat.PostAsJsonAsync("/api/v1/preexport/invocations",
            new { countryCode = "AT", tableI = false, tableII = true, namedSubstances = new[] { "ephedrine" }, since = "2020-01-01" });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var register = await secretariat.GetFromJsonAsync<List<JsonElement>>("/api/v1/preexport/invocations");
        Assert.Contains(register!, i => i.GetProperty("countryCode").GetString() == "AT" && i.GetProperty("namedSubstances")[0].GetString() == "PRE-EPHEDRINE");

        var india = await app.ApiClientAsync("IN", AllRights);
        var acetone = await india.GetFromJsonAsync<JsonElement>("/api/v1/preexport/rule?importingCountry=AT&substances=PRE-ACETONE");
        Assert.True(acetone.GetProperty("mandatory").GetBoolean());
        Assert.Equal("Table II", acetone.GetProperty("reasons")[0].GetProperty("basis").GetString());
        var ephedrine = await india.GetFromJsonAsync<JsonElement>("/api/v1/preexport/rule?importingCountry=AT&substances=PRE-EPHEDRINE");
        Assert.Equal("named", ephedrine.GetProperty("reasons")[0].GetProperty("basis").GetString());
        var permanganate = await india.GetFromJsonAsync<JsonElement>("/api/v1/preexport/rule?importingCountry=AT&substances=PRE-POTASSIUM-PERMANGANATE");
        Assert.False(permanganate.GetProperty("mandatory").GetBoolean());
        var beforeInvocation = await india.GetFromJsonAsync<JsonElement>("/api/v1/preexport/rule?importingCountry=AT&substances=PRE-ACETONE&on=2019-12-31");
        Assert.False(beforeInvocation.GetProperty("mandatory").GetBoolean());

        var filed = await FileAsync(india, Body("AT", substance: "acetone"));
        Assert.True(filed.GetProperty("notification").GetProperty("mandatory").GetBoolean());
        Assert.NotEmpty(filed.GetProperty("mandatoryReasons").EnumerateArray());
        var voluntary = await FileAsync(india, Body("AT"));
        Assert.False(voluntary.GetProperty("notification").GetProperty("mandatory").GetBoolean());

        // The exporter's page says so before filing.
        var officer = await app.SignInAsync("regulator.in@cordon.example");
        var page = await officer.GetStringAsync("/PreExport/New?ImportingCountry=AT&Substance=PRE-ACETONE");
        Assert.Contains("id=\"mandatory\"", page, StringComparison.Ordinal);

        // Only the Secretariat administrator records invocations.
        var regulator = await app.SignInAsync("regulator.at@cordon.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await regulator.PostAsJsonAsync("/api/v1/preexport/invocations", new { countryCode = "AT", tableI = true, tableII = false, since = "2020-01-01" })).StatusCode);
    }

    [Fact]
    public async Task A_notification_with_transit_countries_reaches_the_importer_the_transit_countries_and_the_Secretariat()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var filed = await FileAsync(austria, Body("IN", ["KZ", "AE"], confidential: true));
        var id = IdOf(filed);
        Assert.Equal(["KZ", "AE"], filed.GetProperty("notification").GetProperty("transitCountries").EnumerateArray().Select(e => e.GetString()));

        var deliveries = await app.WithDbAsync(db => db.Deliveries.Where(d => d.RecordId == id).Select(d => d.RecipientPartyCode).ToListAsync());
        Assert.Equal(["**", "AE", "IN", "KZ"], deliveries.Order(StringComparer.Ordinal));

        var india = await app.ApiClientAsync("IN", AllRights);
        var incoming = await india.GetFromJsonAsync<List<JsonElement>>("/api/v1/preexport/notifications?direction=incoming");
        Assert.Contains(incoming!, n => n.GetProperty("id").GetString() == id);
        var asImporter = await india.GetFromJsonAsync<JsonElement>($"/api/v1/preexport/notifications/{id}");
        Assert.Equal("Importer Pharma Ltd", asImporter.GetProperty("importerName").GetString());
        Assert.Equal("Importer", asImporter.GetProperty("role").GetString());

        // The transit country is informed; confidential commercial details are withheld from it (art. 12(11)).
        var kazakhstan = await app.ApiClientAsync("KZ", AllRights);
        var feed = await kazakhstan.GetFromJsonAsync<JsonElement>("/api/v1/feed?cursor=0&limit=500");
        Assert.Contains(feed.GetProperty("items").EnumerateArray(), i => i.GetProperty("recordId").GetString() == id && i.GetProperty("module").GetString() == "PreExport");
        var asTransit = await kazakhstan.GetFromJsonAsync<JsonElement>($"/api/v1/preexport/notifications/{id}");
        Assert.Equal("Transit", asTransit.GetProperty("role").GetString());
        Assert.True(asTransit.GetProperty("detailsWithheld").GetBoolean());
        Assert.Equal(JsonValueKind.Null, asTransit.GetProperty("importerName").ValueKind);

        var secretariat = await app.SignInAsync("secretariat.analyst@cordon.example");
        var copy = await secretariat.GetFromJsonAsync<JsonElement>($"/api/v1/preexport/notifications/{id}");
        Assert.Equal("Secretariat", copy.GetProperty("role").GetString());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "preexport.filed" && a.EntityId == id)));
    }

    [Fact]
    public async Task A_third_Party_is_denied_every_access_and_nothing_leaks()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var id = IdOf(await FileAsync(austria, Body("IN", ["KZ"])));
        var colombia = await app.ApiClientAsync("CO", AllRights);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.GetAsync($"/api/v1/preexport/notifications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/answer", new { kind = "NoObjection" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/mark", new { kind = "Stopped", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colombia.PostAsync($"/api/v1/preexport/notifications/{id}/acknowledge", null)).StatusCode);
        var all = await colombia.GetStringAsync("/api/v1/preexport/notifications?direction=all&limit=1000");
        Assert.DoesNotContain(id, all, StringComparison.Ordinal);
        var officer = await app.SignInAsync("regulator.co@cordon.example");
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/PreExport/Details?id={id}")).StatusCode);
        Assert.DoesNotContain(id, await officer.GetStringAsync("/PreExport"), StringComparison.Ordinal);

        // A transit country may see but not answer; the exporter may not answer its own notification.
        var kazakhstan = await app.ApiClientAsync("KZ", AllRights);
        Assert.Equal(HttpStatusCode.Forbidden, (await kazakhstan.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/answer", new { kind = "NoObjection" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await austria.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/answer", new { kind = "NoObjection" })).StatusCode);

        // Without the module right: a view-only national administrator cannot file; a token without PreExport scopes cannot read.
        var viewer = await app.SignInAsync("admin.at@cordon.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/preexport/notifications", Body("IN"))).StatusCode);
        var otherModule = await app.ApiClientAsync("AT", "Permits.View");
        Assert.Equal(HttpStatusCode.Forbidden, (await otherModule.GetAsync($"/api/v1/preexport/notifications/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_importer_acknowledges_and_gives_each_of_the_three_kinds_of_answer()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var india = await app.ApiClientAsync("IN", AllRights);
        var cleared = IdOf(await FileAsync(austria, Body("IN")));
        var objected = IdOf(await FileAsync(austria, Body("IN")));
        var questioned = IdOf(await FileAsync(austria, Body("IN")));

        var ack = await india.PostAsync($"/api/v1/preexport/notifications/{cleared}/acknowledge", null);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await ack.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acknowledgedAt").ValueKind);

        var read = await india.GetAsync($"/api/v1/preexport/notifications/{cleared}");
        var etag = read.Headers.ETag!.Tag;
        using (var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/preexport/notifications/{cleared}/answer") { Content = JsonContent.Create(new { kind = "NoObjection" }) })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", "\"999\"");
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await india.SendAsync(stale)).StatusCode);
        }
        using (var answer = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/preexport/notifications/{cleared}/answer") { Content = JsonContent.Create(new { kind = "NoObjection" }) })
        {
            answer.Headers.TryAddWithoutValidation("If-Match", etag);
            Assert.Equal(HttpStatusCode.OK, (await india.SendAsync(answer)).StatusCode);
        }

        var noReason = await india.PostAsJsonAsync($"/api/v1/preexport/notifications/{objected}/answer", new { kind = "Objection" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("text", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await india.PostAsJsonAsync($"/api/v1/preexport/notifications/{objected}/answer", new { kind = "Objection", text = "The importer holds no licence." })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await india.PostAsJsonAsync($"/api/v1/preexport/notifications/{questioned}/answer", new { kind = "MoreInformationRequested", text = "Send the end-user certificate." })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await india.PostAsJsonAsync($"/api/v1/preexport/notifications/{objected}/answer", new { kind = "NoObjection" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await india.PostAsJsonAsync($"/api/v1/preexport/notifications/{questioned}/answer", new { kind = "Maybe" })).StatusCode);

        // The exporter sees each answer, and its feed carries it.
        async Task<JsonElement> Seen(string id) => await austria.GetFromJsonAsync<JsonElement>($"/api/v1/preexport/notifications/{id}");
        Assert.Equal("NoObjection", (await Seen(cleared)).GetProperty("status").GetString());
        var o = await Seen(objected);
        Assert.Equal("Objection", o.GetProperty("status").GetString());
        Assert.Equal("The importer holds no licence.", o.GetProperty("answerText").GetString());
        Assert.Equal("MoreInformationRequested", (await Seen(questioned)).GetProperty("status").GetString());
        var feed = await austria.GetFromJsonAsync<JsonElement>("/api/v1/feed?cursor=0&limit=500");
        Assert.Contains(feed.GetProperty("items").EnumerateArray(), i => i.GetProperty("recordId").GetString() == objected && i.GetProperty("event").GetString() == "answered");
        var notified = await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.Message.MessageKey == "Notification.PreExportAnswered" && n.Message.Arguments.Contains("Objection")));
        Assert.True(notified > 0);

        // The exporter provides the information requested; the notification awaits the importer's answer again.
        Assert.Equal(HttpStatusCode.Forbidden, (await india.PostAsJsonAsync($"/api/v1/preexport/notifications/{questioned}/information", new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.PostAsJsonAsync($"/api/v1/preexport/notifications/{questioned}/information", new { text = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await austria.PostAsJsonAsync($"/api/v1/preexport/notifications/{cleared}/information", new { text = "Certificate attached." })).StatusCode);
        var informed = await austria.PostAsJsonAsync($"/api/v1/preexport/notifications/{questioned}/information", new { text = "End-user certificate no. 42 sent by courier.", replyWithinDays = 5 });
        Assert.Equal(HttpStatusCode.OK, informed.StatusCode);
        var informedView = await informed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("AwaitingReply", informedView.GetProperty("status").GetString());
        Assert.Equal("End-user certificate no. 42 sent by courier.", (await Seen(questioned)).GetProperty("exporterInformation").GetString());
        Assert.Equal(HttpStatusCode.OK, (await india.PostAsJsonAsync($"/api/v1/preexport/notifications/{questioned}/answer", new { kind = "NoObjection" })).StatusCode);
    }

    [Fact]
    public async Task A_deadline_passing_without_answer_is_recorded_as_no_reply_never_consent_after_a_reminder()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var id = IdOf(await FileAsync(austria, Body("KZ", replyWithinDays: 1)));
        var filed = await austria.GetFromJsonAsync<JsonElement>($"/api/v1/preexport/notifications/{id}");
        var deadline = filed.GetProperty("replyDeadline").GetDateTimeOffset();
        Assert.InRange(deadline - filed.GetProperty("createdAt").GetDateTimeOffset(), TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
        var defaultDeadline = await austria.GetFromJsonAsync<JsonElement>($"/api/v1/preexport/notifications/{IdOf(await FileAsync(austria, Body("KZ")))}");
        Assert.InRange(defaultDeadline.GetProperty("replyDeadline").GetDateTimeOffset() - defaultDeadline.GetProperty("createdAt").GetDateTimeOffset(), TimeSpan.FromDays(14.9), TimeSpan.FromDays(15.1));

        // Within two days of the deadline: a reminder to the importer, once.
        await app.WithScopeAsync(async s => await s.GetRequiredService<PreExportDeadlines>().RunAsync());
        await app.WithScopeAsync(async s => await s.GetRequiredService<PreExportDeadlines>().RunAsync());
        var reference = filed.GetProperty("reference").GetString()!;
        var reminders = await app.WithDbAsync(db => (
            from n in db.Notifications join u in db.Users on n.UserId equals u.Id
            where n.Message.MessageKey == "Notification.PreExportReminder" && n.Message.Arguments.Contains(reference) select u.PartyCode).ToListAsync());
        Assert.NotEmpty(reminders);
        Assert.All(reminders, p => Assert.Equal("KZ", p));
        Assert.Equal(3, reminders.Count); // KZ's three users with PreExport.View, once each despite two runs

        // The deadline passes with no answer.
        await app.WithDbAsync(db => db.PreExportNotifications.Where(n => n.Id == Guid.Parse(id))
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.ReplyDeadline, TimeProvider.System.GetUtcNow().AddMinutes(-1))));
        await app.WithScopeAsync(async s => await s.GetRequiredService<PreExportDeadlines>().RunAsync());
        var after = await austria.GetFromJsonAsync<JsonElement>($"/api/v1/preexport/notifications/{id}");
        Assert.Equal("NoReplyByDeadline", after.GetProperty("status").GetString());
        Assert.NotEqual("NoObjection", after.GetProperty("status").GetString());
        var feed = await austria.GetFromJsonAsync<JsonElement>("/api/v1/feed?cursor=0&limit=500");
        Assert.Contains(feed.GetProperty("items").EnumerateArray(), i => i.GetProperty("recordId").GetString() == id && i.GetProperty("event").GetString() == "no-reply");
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "preexport.no-reply" && a.EntityId == id)));

        // A late answer is still recorded, but the silence stays in the audit trail.
        var kazakhstan = await app.ApiClientAsync("KZ", AllRights);
        Assert.Equal(HttpStatusCode.OK, (await kazakhstan.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/answer", new { kind = "Objection", text = "Late, but no." })).StatusCode);
    }

    [Fact]
    public async Task A_notification_above_the_legitimate_requirement_warns_both_sides_with_the_figures()
    {
        var year = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(10).Year;
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        var set = await secretariat.PostAsJsonAsync("/api/v1/preexport/requirements", new { countryCode = "KZ", substance = "pseudoephedrine", year, kilograms = 100m });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await secretariat.PostAsJsonAsync("/api/v1/preexport/requirements", new { countryCode = "KZ", substance = "acetone", year, kilograms = 1m })).StatusCode);

        var india = await app.ApiClientAsync("IN", AllRights);
        var first = await FileAsync(india, Body("KZ", substance: "PRE-PSEUDOEPHEDRINE", quantity: 60, unit: "kg"));
        Assert.Empty(first.GetProperty("requirementWarnings").EnumerateArray());
        var second = await FileAsync(india, Body("KZ", substance: "PRE-PSEUDOEPHEDRINE", quantity: 50_000, unit: "g"));
        var warning = Assert.Single(second.GetProperty("requirementWarnings").EnumerateArray());
        Assert.Equal(100m, warning.GetProperty("requirementKg").GetDecimal());
        Assert.Equal(60m, warning.GetProperty("alreadyNotifiedKg").GetDecimal());
        Assert.Equal(50m, warning.GetProperty("thisNotificationKg").GetDecimal());
        Assert.Equal(110m, warning.GetProperty("totalKg").GetDecimal());

        var kazakhstan = await app.ApiClientAsync("KZ", AllRights);
        var seen = await kazakhstan.GetFromJsonAsync<JsonElement>($"/api/v1/preexport/notifications/{IdOf(second)}");
        Assert.Contains("requirement 100 kg", seen.GetProperty("requirementWarning").GetString(), StringComparison.Ordinal);
        Assert.Contains("total 110 kg", seen.GetProperty("requirementWarning").GetString(), StringComparison.Ordinal);
        var reference = second.GetProperty("notification").GetProperty("reference").GetString()!;
        var told = await app.WithDbAsync(db => (
            from n in db.Notifications join u in db.Users on n.UserId equals u.Id
            where n.Message.MessageKey == "Notification.PreExportRequirementExceeded" && n.Message.Arguments.Contains(reference) select u.PartyCode).Distinct().ToListAsync());
        Assert.Equal(["IN", "KZ"], told.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_suspicious_mark_reaches_the_Secretariat_at_once()
    {
        var india = await app.ApiClientAsync("IN", AllRights);
        var id = IdOf(await FileAsync(india, Body("CO")));
        var colombia = await app.ApiClientAsync("CO", AllRights);
        Assert.Equal(HttpStatusCode.BadRequest, (await colombia.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/mark", new { kind = "Suspicious" })).StatusCode);
        var marked = await colombia.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/mark", new { kind = "Suspicious", reason = "The consignee address is a residential flat." });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);

        var reference = (await marked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!;
        var secretariatNotified = await app.WithDbAsync(db => (
            from n in db.Notifications join u in db.Users on n.UserId equals u.Id
            where n.Message.MessageKey == "Notification.PreExportMarked" && n.Message.Arguments.Contains(reference) && u.PartyCode == null select u.Email).ToListAsync());
        Assert.Contains("secretariat.admin@cordon.example", secretariatNotified);
        Assert.Contains("secretariat.analyst@cordon.example", secretariatNotified);

        var secretariat = await app.SignInAsync("secretariat.analyst@cordon.example");
        var list = await secretariat.GetFromJsonAsync<List<JsonElement>>("/api/v1/preexport/notifications?direction=marked");
        Assert.Contains(list!, n => n.GetProperty("id").GetString() == id && n.GetProperty("mark").GetString() == "Suspicious");
        var page = await secretariat.GetStringAsync("/PreExport?direction=marked");
        Assert.Contains(reference, page, StringComparison.Ordinal);
        var exporterView = await india.GetFromJsonAsync<JsonElement>($"/api/v1/preexport/notifications/{id}");
        Assert.Equal("CO", exporterView.GetProperty("markedBy").GetString());
    }

    [Fact]
    public async Task Notifications_are_imported_from_CSV_all_or_nothing()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var header = "importing_country,transit_countries,exporter_name,exporter_address,importer_name,importer_address,substance,quantity,unit,point_of_entry,dispatch_date,confidential\n";
        var good = header
            + $"IN,KZ|AE,Alpen GmbH,Linz,Mumbai Ltd,Mumbai,acetone,1000,L,Nhava Sheva,{InDays(5)},no\n"
            + $"CO,,Alpen GmbH,Linz,Bogota SAS,Bogota,PRE-POTASSIUM-PERMANGANATE,2.5,t,Buenaventura,{InDays(6)},yes\n";
        var ok = await austria.PostAsync("/api/v1/preexport/notifications/import", new StringContent(good, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(2, (await ok.Content.ReadFromJsonAsync<List<JsonElement>>())!.Count);

        var before = await app.WithDbAsync(db => db.PreExportNotifications.CountAsync());
        var bad = header
            + $"IN,,Alpen GmbH,Linz,Mumbai Ltd,Mumbai,acetone,1000,L,Nhava Sheva,{InDays(5)},no\n"
            + $"ZZ,,Alpen GmbH,Linz,X,Y,unobtainium,-1,kg,Port,not-a-date,no\n";
        var refused = await austria.PostAsync("/api/v1/preexport/notifications/import", new StringContent(bad, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("line 3", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.PreExportNotifications.CountAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.PostAsync("/api/v1/preexport/notifications/import", new StringContent("a,b\n1,2\n", Encoding.UTF8, "text/csv"))).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_the_fields_named()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        var empty = await austria.PostAsJsonAsync("/api/v1/preexport/notifications", new { });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var problem = await empty.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var field in new[] { "importingCountry", "exporterName", "substances", "pointOfEntry", "dispatchDate" })
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
        var malformed = await austria.PostAsync("/api/v1/preexport/notifications", new StringContent("{\"importingCountry\": [", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var badDate = await austria.PostAsync("/api/v1/preexport/notifications", new StringContent("{\"dispatchDate\": \"tomorrow\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.PostAsJsonAsync("/api/v1/preexport/notifications", Body("AT"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.PostAsJsonAsync("/api/v1/preexport/notifications", Body("IN", replyWithinDays: 0))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.PostAsJsonAsync("/api/v1/preexport/notifications", Body("IN", unit: "parsec"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.GetAsync("/api/v1/preexport/notifications?direction=sideways")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.GetAsync("/api/v1/preexport/rule")).StatusCode);
    }

    [Fact]
    public async Task A_multi_shipment_notification_records_shipments_against_its_balance()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.PostAsJsonAsync("/api/v1/preexport/notifications", Body("IN", multiShipment: true, validUntil: InDays(500)))).StatusCode);
        var id = IdOf(await FileAsync(austria, Body("IN", quantity: 10, unit: "t", multiShipment: true, validUntil: InDays(300))));
        Assert.Equal(HttpStatusCode.Conflict, (await austria.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/shipments", new { shippedOn = InDays(12), quantity = 4 })).StatusCode);
        var india = await app.ApiClientAsync("IN", AllRights);
        Assert.Equal(HttpStatusCode.OK, (await india.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/answer", new { kind = "NoObjection" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await austria.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/shipments", new { shippedOn = InDays(12), quantity = 4, reference = "B/L 1" })).StatusCode);
        var second = await austria.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/shipments", new { shippedOn = InDays(40), quantity = 5 });
        Assert.Equal(1m, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("remainingQuantity").GetDecimal());
        Assert.Equal(HttpStatusCode.BadRequest, (await austria.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/shipments", new { shippedOn = InDays(50), quantity = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await india.PostAsJsonAsync($"/api/v1/preexport/notifications/{id}/shipments", new { shippedOn = InDays(50), quantity = 1 })).StatusCode);
    }

    [Fact]
    public async Task Statistics_show_every_Party_to_the_Secretariat_and_its_own_row_to_a_Party()
    {
        var austria = await app.ApiClientAsync("AT", AllRights);
        await FileAsync(austria, Body("CO"));
        var secretariat = await app.SignInAsync("secretariat.analyst@cordon.example");
        var all = await secretariat.GetFromJsonAsync<JsonElement>("/api/v1/preexport/statistics");
        var codes = all.GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("partyCode").GetString()).ToList();
        Assert.Contains("AT", codes);
        Assert.Contains("CO", codes);
        Assert.True(all.GetProperty("parties").EnumerateArray().Single(p => p.GetProperty("partyCode").GetString() == "AT").GetProperty("sent").GetInt32() > 0);
        var own = await austria.GetFromJsonAsync<JsonElement>("/api/v1/preexport/statistics");
        Assert.Equal(["AT"], own.GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("partyCode").GetString()));
        var csv = await secretariat.GetStringAsync("/api/v1/preexport/statistics.csv");
        Assert.StartsWith("party,year,sent,received", csv, StringComparison.Ordinal);
        Assert.Contains("\nAT,", csv, StringComparison.Ordinal);
        Assert.Contains("id=\"statistics\"", await secretariat.GetStringAsync("/PreExport/Statistics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exporter_and_importer_share_documents_that_transit_and_other_parties_do_not_see()
    {
        var india = await app.ApiClientAsync("IN", AllRights);
        var id = IdOf(await FileAsync(india, Body("CO", transit: ["KZ"])));
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, .. new byte[64]];
        async Task<HttpResponseMessage> Upload(HttpClient client, byte[] bytes)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "C:\\invoices\\invoice 42.jpg" } };
            return await client.PostAsync($"/api/v1/preexport/notifications/{id}/attachments", form);
        }

        var created = await Upload(india, jpeg);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var attachment = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invoice 42.jpg", attachment.GetProperty("fileName").GetString());
        var url = $"/api/v1/preexport/notifications/{id}/attachments/{attachment.GetProperty("id").GetString()}";

        // The importer reads it and may attach its own; the Secretariat reads but does not attach.
        var colombia = await app.ApiClientAsync("CO", AllRights);
        Assert.Equal(jpeg, await colombia.GetByteArrayAsync(url));
        Assert.Equal(HttpStatusCode.Created, (await Upload(colombia, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0])).StatusCode);
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        Assert.Equal(2, (await secretariat.GetFromJsonAsync<JsonElement>($"/api/v1/preexport/notifications/{id}/attachments")).GetArrayLength());

        // The transit Party sees the notification but not the commercial documents; a third Party sees nothing.
        var kazakhstan = await app.ApiClientAsync("KZ", AllRights);
        Assert.Equal(HttpStatusCode.OK, (await kazakhstan.GetAsync($"/api/v1/preexport/notifications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kazakhstan.GetAsync($"/api/v1/preexport/notifications/{id}/attachments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kazakhstan.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Upload(kazakhstan, jpeg)).StatusCode);
        var austria = await app.ApiClientAsync("AT", AllRights);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync(url)).StatusCode);

        // The exporter's page lists them and takes uploads from the form.
        var exporterPage = await (await app.SignInAsync("regulator.in@cordon.example")).GetStringAsync($"/PreExport/Details?id={id}");
        Assert.Contains("invoice 42.jpg", exporterPage, StringComparison.Ordinal);
        Assert.Contains("id=\"attach-form\"", exporterPage, StringComparison.Ordinal);
        var audit = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityId == id && e.Action == "preexport.attachment-added"));
        Assert.Equal(2, audit);
    }
}
