using System.Net;
using System.Net.Http.Json;

namespace Cordon.Topology.Tests;

/// <summary>The submission the system tests write under load: an incident report, tagged so it can be counted.</summary>
internal static class Incidents
{
    public static object Report(string marker, string[] namedParties) => new
    {
        channel = "Precursors",
        type = "Seizure",
        occurredOn = "2026-11-01",
        place = "Mundra port",
        summary = $"Acetic anhydride in drums, consignment {marker}",
        substances = new[] { new { code = "PRE-3-4-MDP-2-P", name = (string?)null, quantity = 10m, unit = "kg", form = "liquid", purityPercent = (decimal?)null } },
        countries = new[] { new { code = "IN", role = "Origin" }, new { code = "AT", role = "Destination" } },
        companies = Array.Empty<string>(),
        persons = Array.Empty<string>(),
        modusOperandi = "",
        concealment = "",
        transport = "Sea",
        containerNumbers = new[] { marker },
        airwayBills = Array.Empty<string>(),
        actionable = false,
        language = "en",
        restricted = false,
        namedParties,
        preExportReference = (string?)null,
    };

    /// <summary>
    /// POSTs with an Idempotency-Key and retries, with the same key, whatever did not clearly succeed or fail
    /// (connection lost, 502 from the proxy, 503 during an outage), as a national system would.
    /// </summary>
    public static async Task<(HttpStatusCode Status, int Attempts, List<HttpStatusCode> Seen)> PostWithRetriesAsync(HttpClient client, string key, object body, TimeSpan giveUpAfter)
    {
        var seen = new List<HttpStatusCode>();
        var until = TimeProvider.System.GetUtcNow() + giveUpAfter;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents") { Content = JsonContent.Create(body) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await client.SendAsync(request);
                seen.Add(response.StatusCode);
                if (response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
                    || TimeProvider.System.GetUtcNow() > until)
                    return (response.StatusCode, attempt, seen);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                if (TimeProvider.System.GetUtcNow() > until) throw;
            }
            await Task.Delay(100);
        }
    }
}
