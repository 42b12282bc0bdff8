using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Cordon.Client.Traceability;

namespace Cordon.Cli.Connector;

/// <summary>
/// GS1 EPCIS 2.0 REST query interface: <c>GET {endpoint}/events?MATCH_anyEPC=epc1,epc2,…</c> answered by a JSON-LD
/// EPCISQueryDocument (<c>epcisBody.queryResults.resultsBody.eventList</c>), following <c>Link: rel="next"</c> pages on
/// the same server. A UIM becomes an EPC through <see cref="EpcTemplate"/> (how the Party's repository names a pack).
/// Events map to the reply template: the commissioning ObjectEvent gives the date, place, facility, machine and time of
/// manufacture (and ILMD product data); shipping/receiving events the first customer, warehousing and shipping, later
/// purchasers and the shipment route.
/// </summary>
public sealed class EpcisAdapter(HttpClient http, Uri endpoint, string epcTemplate, string? bearerToken = null, int batchSize = 20) : ITraceSystemAdapter
{
    public string Name => "epcis";

    public string EpcTemplate { get; } = epcTemplate.Contains("{uim}", StringComparison.Ordinal) ? epcTemplate : throw new ArgumentException("The EPC template contains {uim}.", nameof(epcTemplate));

    private string Base => endpoint.AbsoluteUri.TrimEnd('/');

    public string Epc(string uim) => EpcTemplate.Replace("{uim}", uim, StringComparison.Ordinal);

    public NationalQuery Plan(IReadOnlyList<string> uims, IReadOnlyList<string> wanted)
    {
        var requests = uims.Chunk(Math.Max(1, batchSize))
            .Select(batch => $"GET {Base}/events?MATCH_anyEPC={string.Join(',', batch.Select(u => Uri.EscapeDataString(Epc(u))))}")
            .ToList();
        return new NationalQuery(Name, Base, requests, uims, wanted);
    }

    public async Task<IReadOnlyList<UimAnswer>> QueryAsync(NationalQuery approved, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(approved);
        var events = new List<JsonElement>();
        foreach (var line in approved.Requests)
        {
            // Only what was approved, and only on the configured repository.
            var url = line.StartsWith("GET ", StringComparison.Ordinal) ? line[4..] : throw new InvalidDataException($"Not an approved EPCIS request: {line}");
            if (!url.StartsWith(Base + "/events?", StringComparison.Ordinal)) throw new InvalidDataException($"{url} is not on the configured EPCIS repository {Base}.");
            for (Uri? next = new(url); next is not null;)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, next);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/ld+json"));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                request.Headers.Add("GS1-EPCIS-Version", "2.0.0");
                if (bearerToken is { Length: > 0 }) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
                using var response = await http.SendAsync(request, ct);
                if (!response.IsSuccessStatusCode) throw new HttpRequestException($"The EPCIS repository answered {(int)response.StatusCode} to {next}.");
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
                if (doc.RootElement.TryGetProperty("epcisBody", out var body) && body.TryGetProperty("queryResults", out var results)
                    && results.TryGetProperty("resultsBody", out var rb) && rb.TryGetProperty("eventList", out var list) && list.ValueKind == JsonValueKind.Array)
                    events.AddRange(list.EnumerateArray().Select(e => e.Clone()));
                else throw new InvalidDataException("The EPCIS repository did not answer with an EPCISQueryDocument.");
                next = NextPage(response, next);
            }
        }
        var byEpc = approved.Uims.ToDictionary(Epc, _ => new List<JsonElement>(), StringComparer.Ordinal);
        foreach (var e in events)
            foreach (var id in Identifiers(e).Distinct())
                if (byEpc.TryGetValue(id, out var bucket)) bucket.Add(e);
        return approved.Uims.Select(u => Answer(u, byEpc[Epc(u)], approved.Wanted)).ToList();
    }

    private Uri? NextPage(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        foreach (var link in links.SelectMany(l => l.Split(',')))
        {
            var parts = link.Split(';');
            if (parts.Length < 2 || !parts.Skip(1).Any(p => p.Trim().Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase) || p.Trim().Equals("rel=next", StringComparison.OrdinalIgnoreCase))) continue;
            var target = new Uri(current, parts[0].Trim().Trim('<', '>'));
            return target.AbsoluteUri.StartsWith(Base + "/events", StringComparison.Ordinal) ? target : null;
        }
        return null;
    }

    private static IEnumerable<string> Identifiers(JsonElement e)
    {
        foreach (var list in new[] { "epcList", "childEPCs", "inputEPCList", "outputEPCList" })
            if (e.TryGetProperty(list, out var a) && a.ValueKind == JsonValueKind.Array)
                foreach (var x in a.EnumerateArray()) if (x.ValueKind == JsonValueKind.String) yield return x.GetString()!;
        if (e.TryGetProperty("parentID", out var p) && p.ValueKind == JsonValueKind.String) yield return p.GetString()!;
    }

    private UimAnswer Answer(string uim, List<JsonElement> events, IReadOnlyList<string> wanted)
    {
        if (events.Count == 0) return new UimAnswer(uim, false, new Dictionary<string, string>(), $"No EPCIS event for this UIM in {Base}.");
        var ordered = events.OrderBy(Time).ToList();
        var fields = ReplyTemplate.Letters.ToDictionary(l => l, _ => "");
        var commissioning = ordered.FirstOrDefault(e => Step(e) == "commissioning");
        if (commissioning.ValueKind == JsonValueKind.Object)
        {
            var place = Id(commissioning, "bizLocation") ?? Id(commissioning, "readPoint") ?? "";
            fields["a"] = Join(Iso(commissioning)?[..10], place);
            fields["b"] = Id(commissioning, "bizLocation") ?? "";
            fields["c"] = Id(commissioning, "readPoint") ?? "";
            fields["d"] = Iso(commissioning) ?? "";
            if (commissioning.TryGetProperty("ilmd", out var ilmd) && ilmd.ValueKind == JsonValueKind.Object)
            {
                fields["g"] = string.Join("; ", ilmd.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                    .Select(p => $"{p.Name}: {p.Value}"));
                fields["f"] = ilmd.EnumerateObject().FirstOrDefault(p => p.Name.Contains("market", StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } m ? m.GetString()! : "";
            }
        }
        var moves = ordered.Where(e => Step(e) is "shipping" or "departing" or "receiving" or "arriving" or "storing" or "accepting").ToList();
        fields["h"] = string.Join("\n", moves.Select(e => Join(Iso(e), Step(e), Id(e, "readPoint") ?? Id(e, "bizLocation"), Transactions(e))));
        var shipments = ordered.Where(e => Step(e) is "shipping" or "departing").ToList();
        if (shipments.Count > 0)
        {
            var first = shipments[0];
            fields["e"] = Join(Party(first, "destinationList", "owning_party") ?? Party(first, "destinationList", "possessing_party"), Transactions(first));
            fields["i"] = string.Join("; ", shipments.Skip(1).Select(s => Party(s, "destinationList", "owning_party")).OfType<string>().Distinct());
            var last = shipments[^1];
            fields["j"] = Join("shipped " + Iso(last), "from " + (Party(last, "sourceList", "location") ?? Id(last, "readPoint") ?? "?"),
                "to " + (Party(last, "destinationList", "location") ?? "?"), "consignee " + (Party(last, "destinationList", "owning_party") ?? "?"));
        }
        return new UimAnswer(uim, true, ReplyTemplate.Keep(fields, wanted), $"{events.Count} EPCIS event(s) in the national system.");
    }

    private static string Join(params string?[] parts) => string.Join(", ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    /// <summary>CBV 2.0 business steps may come bare ("shipping"), as URN or as the Web vocabulary URI.</summary>
    private static string Step(JsonElement e)
    {
        if (!e.TryGetProperty("bizStep", out var s) || s.ValueKind != JsonValueKind.String) return "";
        var v = s.GetString()!;
        foreach (var prefix in new[] { "urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-", "https://gs1.org/voc/Bizstep-", "cbv:BizStep-" })
            if (v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return v[prefix.Length..].ToLowerInvariant();
        return v.ToLowerInvariant();
    }

    private static DateTimeOffset Time(JsonElement e) =>
        e.TryGetProperty("eventTime", out var t) && DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue;

    private static string? Iso(JsonElement e) => Time(e) is var t && t != DateTimeOffset.MinValue ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : null;

    private static string? Id(JsonElement e, string property) =>
        e.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("id", out var id) ? id.GetString() : null;

    private static string? Party(JsonElement e, string list, string type)
    {
        if (!e.TryGetProperty(list, out var a) || a.ValueKind != JsonValueKind.Array) return null;
        var field = list == "sourceList" ? "source" : "destination";
        foreach (var x in a.EnumerateArray())
            if (x.TryGetProperty("type", out var t) && (t.GetString() ?? "").EndsWith(type, StringComparison.OrdinalIgnoreCase) && x.TryGetProperty(field, out var v))
                return v.GetString();
        return null;
    }

    private static string Transactions(JsonElement e)
    {
        if (!e.TryGetProperty("bizTransactionList", out var a) || a.ValueKind != JsonValueKind.Array) return "";
        return string.Join(", ", a.EnumerateArray().Select(x => $"{(x.TryGetProperty("type", out var t) ? t.GetString() : "bt")} {x.GetProperty("bizTransaction").GetString()}"));
    }
}
