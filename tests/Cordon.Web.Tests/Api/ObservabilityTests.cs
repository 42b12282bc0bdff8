using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Web.Tests.Infrastructure;

namespace Cordon.Web.Tests.Api;

[Collection(SharedApp.Name)]
public class ObservabilityTests(CordonApp app)
{
    [Fact]
    public async Task Every_answer_carries_a_request_id_that_its_problem_body_repeats()
    {
        var r = await app.Anonymous().GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        var id = r.Headers.GetValues("X-Request-Id").Single();
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, problem.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task Security_headers_are_sent()
    {
        var r = await app.Anonymous().GetAsync("/Account/Login");
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("script-src 'self'", r.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audited_actions_are_counted_in_the_cordon_meter()
    {
        long counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Cordon" && instrument.Name == "cordon.audit.entries") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        listener.Start();
        var admin = await app.SignInAsync("admin.kz@cordon.example"); // the log-in itself is audited
        await admin.GetStringAsync("/api/v1/audit/export.csv");          // and so is the export
        Assert.True(Interlocked.Read(ref counted) >= 2, $"counted {counted}");
    }
}
