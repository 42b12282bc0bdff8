using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cordon.Application.Demo;
using OtpNet;

namespace Cordon.Load;

/// <summary>One kind of load. A step returns the operation it performed and null, or the reason it failed.</summary>
internal abstract class Scenario(HttpClient http, Dictionary<string, List<string>> tokens)
{
    protected HttpClient Http => http;

    public virtual Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

    public virtual object NewWorker(int index) => index;

    public abstract Task<(string Operation, string? Failure)> StepAsync(object worker, CancellationToken ct);

    /// <summary>Workers spread over the Party's API clients, as many national systems would.</summary>
    protected string Token(string party, int worker) => tokens[party][worker % tokens[party].Count];

    protected async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string party, int worker, object? body, CancellationToken ct, bool readBody = false)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(party, worker));
        if (body is not null) request.Content = body as HttpContent ?? JsonContent.Create(body);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var text = readBody || !response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(ct) : "";
        return (response.StatusCode, text);
    }

    protected static string? Expect(HttpStatusCode actual, HttpStatusCode expected, string body) =>
        actual == expected ? null : $"{(int)actual} {Short(body)}";

    private static string Short(string body)
    {
        var m = Regex.Match(body, "\"title\":\"([^\"]{0,80})");
        return m.Success ? m.Groups[1].Value : body.Length > 60 ? body[..60] : body;
    }

    protected static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    protected static string InDays(int days) =>
        DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

internal static class Scenarios
{
    public static Scenario Create(string name, HttpClient http, Dictionary<string, List<string>> tokens) => name switch
    {
        "authorization" => new IssueAuthorization(http, tokens),
        "notification" => new FileNotification(http, tokens),
        "incident" => new PostIncident(http, tokens),
        "verify" => new VerifyPermit(http, tokens, VerifyPermit.Way.Api),
        "verify-page" => new VerifyPermit(http, tokens, VerifyPermit.Way.Page),
        "verify-status" => new VerifyPermit(http, tokens, VerifyPermit.Way.Status),
        "mixed" => new Mixed(http, tokens),
        "health" => new Health(http, tokens),
        "signin" => new Mixed(http, tokens) { OnlySignIns = true },
        _ => throw new ArgumentException($"Unknown scenario '{name}'."),
    };

    /// <summary>Worker w acts for Party w mod 4: records of several Parties, substances and years are written at once, as in real use.</summary>
    public static string PartyOf(int worker) => Setup.Parties[worker % Setup.Parties.Length];

    public static string OtherParty(int worker) => Setup.Parties[(worker + 1) % Setup.Parties.Length];

    internal static readonly string[] Narcotics = ["pethidine", "N-OXYCODONE", "N-METHADONE", "N-HYDROMORPHONE"];

    public static object ImportAuthorization(int worker) => new
    {
        number = "LD-" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant(),
        exportingCountry = OtherParty(worker),
        importerName = "Importer Pharma", importerAddress = "1 Import Street", exporterName = "Exporter Labs", exporterAddress = "2 Export Road",
        substance = Narcotics[worker / Setup.Parties.Length % Narcotics.Length], preparation = (string?)null, pharmaceuticalForm = "powder",
        quantity = 1m, unit = "g", pointOfEntry = "Airport cargo", purpose = "Manufacture of medicines", severalConsignments = true,
        excessReason = "Load test: national hospital tender",
    };

    public static object PreExportNotification(int worker, string dispatch) => new
    {
        importingCountry = OtherParty(worker), transitCountries = Array.Empty<string>(),
        exporterName = "Exporter Chemicals Ltd", exporterAddress = "1 Export Road", importerName = "Importer Pharma Ltd", importerAddress = "2 Import Street",
        consigneeName = "Consignee Warehouse", consigneeAddress = "3 Dock Lane",
        substances = new[] { new { substance = "PRE-POTASSIUM-PERMANGANATE", quantity = 100m, unit = "kg" } },
        pointOfEntry = "Main port", dispatchDate = dispatch, packaging = "Drums", transportMode = "Sea", route = "A – B – C", portOfExit = "Exit port",
        exporterReference = "EXP-" + Guid.NewGuid().ToString("N")[..8], importPermitReference = "IMP-1", confidential = false, multiShipment = false,
    };

    public static object Incident()
    {
        var container = "LOAD" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        return new
        {
            channel = "Precursors", type = "Seizure", occurredOn = "2026-11-01", place = "Mundra port",
            summary = $"PMK hidden in drums of cooking oil, container {container}",
            substances = new[] { new { code = Setup.FollowedSubstance, name = (string?)null, quantity = 1250.5m, unit = "kg", form = "liquid", purityPercent = 92m } },
            countries = new[] { new { code = "IN", role = "Origin" }, new { code = "CO", role = "Destination" }, new { code = "NL", role = "Transit" } },
            companies = new[] { "Demo Oils Trading LLC" }, persons = Array.Empty<string>(), modusOperandi = "Mis-declared as edible oil",
            concealment = "Drums with false bottoms", transport = "Sea", containerNumbers = new[] { container }, airwayBills = Array.Empty<string>(),
            actionable = true, language = "en", restricted = false, namedParties = Array.Empty<string>(), preExportReference = (string?)null,
        };
    }
}

/// <summary>GET /health/live: what the machine can serve at all at this moment, to read the other figures against.</summary>
internal sealed class Health(HttpClient http, Dictionary<string, List<string>> tokens) : Scenario(http, tokens)
{
    public override async Task<(string, string?)> StepAsync(object worker, CancellationToken ct)
    {
        using var response = await Http.GetAsync("/health/live", ct);
        return ("health", response.StatusCode == HttpStatusCode.OK ? null : $"{(int)response.StatusCode}");
    }
}

/// <summary>Issue 4: an import authorization (estimate check, audit entry, delivery to the exporting Party, notifications).</summary>
internal sealed class IssueAuthorization(HttpClient http, Dictionary<string, List<string>> tokens) : Scenario(http, tokens)
{
    public override async Task<(string, string?)> StepAsync(object worker, CancellationToken ct)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/authorizations/import", Scenarios.PartyOf((int)worker), (int)worker, Scenarios.ImportAuthorization((int)worker), ct);
        return ("issue authorization", Expect(status, HttpStatusCode.Created, body));
    }
}

/// <summary>Issue 5: a pre-export notification (checks, audit, delivery to the importing Party and the Secretariat, notifications).</summary>
internal sealed class FileNotification(HttpClient http, Dictionary<string, List<string>> tokens) : Scenario(http, tokens)
{
    private readonly string _dispatch = InDays(10);

    public override async Task<(string, string?)> StepAsync(object worker, CancellationToken ct)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/preexport/notifications", Scenarios.PartyOf((int)worker), (int)worker, Scenarios.PreExportNotification((int)worker, _dispatch), ct);
        return ("file notification", Expect(status, HttpStatusCode.Created, body));
    }
}

/// <summary>Issue 6: a seizure reported by India naming Colombia, alerting the 50 followers of PMK set up by `setup`.</summary>
internal sealed class PostIncident(HttpClient http, Dictionary<string, List<string>> tokens) : Scenario(http, tokens)
{
    public override async Task<(string, string?)> StepAsync(object worker, CancellationToken ct)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/incidents", "IN", (int)worker, Scenarios.Incident(), ct);
        return ("post incident", Expect(status, HttpStatusCode.Created, body));
    }
}

/// <summary>Issue 7: a received permit checked by API (signature and key status), or the public page (signature and permit status).</summary>
internal sealed class VerifyPermit(HttpClient http, Dictionary<string, List<string>> tokens, VerifyPermit.Way way) : Scenario(http, tokens)
{
    /// <summary>
    /// Api: a national system posts the signed document it received (signature, key registered and not revoked).
    /// Page: the public page a border officer opens from the QR code. Status: the same check as JSON, with the permit's
    /// status (valid, used, cancelled…), from <c>GET /Verify/{id}/status</c> as border systems read it.
    /// </summary>
    public enum Way
    {
        Api,
        Page,
        Status,
    }

    private byte[] _document = [];
    private string _documentId = "";

    public string DocumentId => _documentId;

    public override async Task PrepareAsync(CancellationToken ct) => (_document, _documentId) = await IssuePermitAsync(ct);

    private async Task<(HttpStatusCode, string)> Send(HttpMethod method, string path, object? body, CancellationToken ct) =>
        await SendAsync(method, path, "AT", 0, body, ct, readBody: true);

    /// <summary>Applies for, approves and issues one captive-bred export permit of Austria and returns its signed document.</summary>
    private async Task<(byte[] Document, string DocumentId)> IssuePermitAsync(CancellationToken ct)
    {
        var application = new
        {
            type = "Export", importingCountry = "IN", exporterName = "Reptilienzucht Load KG", exporterAddress = "Hauptstraße 3, Graz",
            importerName = "Load Reptile Park", importerAddress = "Marine Drive 12, Mumbai", countryOfOrigin = "GH", purpose = "T", source = "C",
            scientificName = "Python regius", description = "Live specimens", quantity = 20m, unit = "NO",
        };
        var (status, body) = await Send(HttpMethod.Post, "/api/v1/permits", application, ct);
        if (status != HttpStatusCode.Created) throw new InvalidOperationException($"Could not apply for a permit: {(int)status} {body}");
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
        (status, body) = await Send(HttpMethod.Post, $"/api/v1/permits/{id}/decision", new { approve = true }, ct);
        if (status != HttpStatusCode.OK) throw new InvalidOperationException($"Could not approve the permit: {(int)status} {body}");
        (status, body) = await Send(HttpMethod.Post, $"/api/v1/permits/{id}/issue", new { }, ct);
        if (status != HttpStatusCode.OK) throw new InvalidOperationException($"Could not issue the permit: {(int)status} {body}");
        var documentId = JsonDocument.Parse(body).RootElement.GetProperty("documentId").GetString()!;
        (status, body) = await Send(HttpMethod.Get, $"/api/v1/permits/{id}/document", null, ct);
        if (status != HttpStatusCode.OK) throw new InvalidOperationException($"Could not read the signed permit: {(int)status} {body}");
        return (Encoding.UTF8.GetBytes(body), documentId);
    }

    public override async Task<(string, string?)> StepAsync(object worker, CancellationToken ct)
    {
        if (way == Way.Page)
        {
            using var response = await Http.GetAsync($"/Verify/{_documentId}", ct);
            var html = await response.Content.ReadAsStringAsync(ct);
            return ("verify page", response.StatusCode != HttpStatusCode.OK ? $"{(int)response.StatusCode}" : html.Contains("Genuine", StringComparison.Ordinal) ? null : "not genuine");
        }
        if (way == Way.Status)
        {
            using var response = await Http.GetAsync($"/Verify/{_documentId}/status", ct);
            var json = await response.Content.ReadAsStringAsync(ct);
            return ("verify status", response.StatusCode != HttpStatusCode.OK ? $"{(int)response.StatusCode}"
                : json.Contains("\"genuine\":true", StringComparison.Ordinal) && json.Contains("\"status\":\"valid\"", StringComparison.Ordinal) ? null : "not genuine and valid");
        }
        var content = new ByteArrayContent(_document);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/permits/verify", "AT", (int)worker, content, ct, readBody: true);
        if (status != HttpStatusCode.OK) return ("verify permit", $"{(int)status}");
        return ("verify permit", body.Contains("\"genuine\":true", StringComparison.Ordinal) ? null : "not genuine");
    }
}

/// <summary>
/// Issue 9: a mixed, realistic workload. Each worker is one person or national system at a time: officers sign in
/// through the pages (password then TOTP) and browse; national systems read lists, the change feed and submit records
/// in every module; border officers verify permits on the public page.
/// </summary>
internal sealed partial class Mixed(HttpClient http, Dictionary<string, List<string>> tokens) : Scenario(http, tokens)
{
    private static readonly string[] Officers = ["regulator.at@cordon.example", "regulator.in@cordon.example", "enforcement.in@cordon.example", "regulator.co@cordon.example"];
    private string _documentId = "";
    private readonly string _dispatch = InDays(10);

    private sealed class Worker(int index)
    {
        public int Index { get; } = index;
        public Random Random { get; } = new(index * 7919 + 17);
        public CookieContainer? Cookies { get; set; }
        public HttpClient? Browser { get; set; }
        public long FeedCursor { get; set; }
    }

    public override object NewWorker(int index) => new Worker(index);

    /// <summary>Only full sign-ins (scenario "signin").</summary>
    public bool OnlySignIns { get; init; }

    public override async Task PrepareAsync(CancellationToken ct)
    {
        if (OnlySignIns) return;
        var v = new VerifyPermit(Http, Tokens, VerifyPermit.Way.Page);
        await v.PrepareAsync(ct);
        _documentId = v.DocumentId;
    }

    private Dictionary<string, List<string>> Tokens { get; } = tokens;

    public override async Task<(string, string?)> StepAsync(object state, CancellationToken ct)
    {
        var w = (Worker)state;
        if (OnlySignIns) return await SignInAsync(w, ct);
        var dice = w.Random.Next(100);
        switch (dice)
        {
            case < 4: return await SignInAsync(w, ct);
            case < 16:
                if (w.Browser is null) return await SignInAsync(w, ct);
                return await PageAsync(w, w.Random.Next(3) switch { 0 => "/", 1 => "/Authorizations", _ => "/Notifications" }, ct);
            case < 28: return Read("list authorizations", await SendAsync(HttpMethod.Get, "/api/v1/authorizations?limit=20", "IN", w.Index, null, ct));
            case < 38: return Read("list notifications", await SendAsync(HttpMethod.Get, "/api/v1/preexport/notifications?limit=20", "IN", w.Index, null, ct));
            case < 46: return Read("search incidents", await SendAsync(HttpMethod.Get, "/api/v1/incidents?q=drums&channel=Precursors", "CO", w.Index, null, ct));
            case < 58:
            {
                var (status, body) = await SendAsync(HttpMethod.Get, $"/api/v1/feed?cursor={w.FeedCursor}&limit=100", "IN", w.Index, null, ct, readBody: true);
                if (status == HttpStatusCode.OK && NextCursor().Match(body) is { Success: true } m) w.FeedCursor = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                return Read("read feed", (status, body));
            }
            case < 66:
            {
                using var response = await Http.GetAsync($"/Verify/{_documentId}", ct);
                return ("verify page", response.StatusCode == HttpStatusCode.OK ? null : $"{(int)response.StatusCode}");
            }
            case < 78:
            {
                var (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/authorizations/import", Scenarios.PartyOf(w.Index), w.Index, Scenarios.ImportAuthorization(w.Index), ct);
                return ("issue authorization", Expect(status, HttpStatusCode.Created, body));
            }
            case < 90:
            {
                var (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/preexport/notifications", Scenarios.PartyOf(w.Index), w.Index, Scenarios.PreExportNotification(w.Index, _dispatch), ct);
                return ("file notification", Expect(status, HttpStatusCode.Created, body));
            }
            default:
            {
                var (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/incidents", "IN", w.Index, Scenarios.Incident(), ct);
                return ("post incident", Expect(status, HttpStatusCode.Created, body));
            }
        }
    }

    private static (string, string?) Read(string op, (HttpStatusCode Status, string Body) r) => (op, Expect(r.Status, HttpStatusCode.OK, r.Body));

    private async Task<(string, string?)> PageAsync(Worker w, string path, CancellationToken ct)
    {
        using var response = await w.Browser!.GetAsync(path, ct);
        await response.Content.ReadAsStringAsync(ct);
        return ("view page", response.StatusCode == HttpStatusCode.OK ? null : $"{(int)response.StatusCode} {path}");
    }

    /// <summary>The whole sign-in through the pages: log-in page, password, second-factor page, TOTP code.</summary>
    private async Task<(string, string?)> SignInAsync(Worker w, CancellationToken ct)
    {
        w.Browser?.Dispose();
        w.Cookies = new CookieContainer();
        var handler = new SocketsHttpHandler { CookieContainer = w.Cookies, UseCookies = true, AllowAutoRedirect = false };
        w.Browser = new HttpClient(handler, disposeHandler: true) { BaseAddress = Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var email = Officers[w.Random.Next(Officers.Length)];
        var login = await w.Browser.GetStringAsync("/Account/Login", ct);
        using var afterPassword = await w.Browser.PostAsync("/Account/Login", Form(login, ("Input.Email", email), ("Input.Password", DemoData.Password)), ct);
        if (afterPassword.StatusCode != HttpStatusCode.Redirect) return ("sign in", $"password {(int)afterPassword.StatusCode}");
        var next = afterPassword.Headers.Location!.ToString();
        var page = await w.Browser.GetStringAsync(next, ct);
        var code = new Totp(Base32Encoding.ToBytes(DemoData.TotpSecretFor(email))).ComputeTotp();
        using var done = await w.Browser.PostAsync(next, Form(page, ("Code", code)), ct);
        if (done.StatusCode != HttpStatusCode.Redirect) return ("sign in", $"code {(int)done.StatusCode}");
        return ("sign in", null);
    }

    private static FormUrlEncodedContent Form(string html, params (string Name, string Value)[] fields)
    {
        var token = AntiForgery().Match(html);
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token.Success) values.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        return new FormUrlEncodedContent(values);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();

    [GeneratedRegex("\"nextCursor\":(\\d+)")]
    private static partial Regex NextCursor();
}
