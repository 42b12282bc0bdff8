using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cordon.Web.Tests.Infrastructure;

namespace Cordon.Web.Tests.Monitoring;

/// <summary>Form D in litres (kept as entered, totalled in grams through the density) and charts saved as PNG.</summary>
[Collection(SharedApp.Name)]
public class MonitoringVolumeTests(CordonApp app)
{
    private static readonly string[] Rights = ["Monitoring.View", "Monitoring.Submit"];

    [Fact]
    public async Task Litres_are_accepted_for_liquids_kept_as_entered_and_refused_for_solids_on_their_line()
    {
        var colombia = await app.ApiClientAsync("CO", Rights);
        var r = await colombia.PostAsJsonAsync("/api/v1/monitoring/submissions", new
        {
            form = "D", year = 2093,
            lines = new object[]
            {
                new { section = "Trade", substance = "PRE-SULPHURIC-ACID", unit = "L", direction = "Import", partner = "IN", quantity = 1500 },
                new { section = "Trade", substance = "PRE-EPHEDRINE", unit = "L", direction = "Import", partner = "IN", quantity = 2 },
            },
        });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var saved = await r.Content.ReadFromJsonAsync<JsonElement>();
        var problem = Assert.Single(saved.GetProperty("problems").EnumerateArray());
        Assert.Equal(2, problem.GetProperty("line").GetInt32());
        Assert.Equal("Monitoring.Problem.Volume", problem.GetProperty("code").GetString());
        var id = saved.GetProperty("id").GetString();
        var read = await colombia.GetFromJsonAsync<JsonElement>($"/api/v1/monitoring/submissions/{id}");
        var first = read.GetProperty("lines").EnumerateArray().First();
        Assert.Equal("L", first.GetProperty("unit").GetString());
        Assert.Equal(1500m, first.GetProperty("quantity").GetDecimal());
    }

    [Fact]
    public async Task Profile_charts_are_saved_as_PNG_and_another_Party_gets_404()
    {
        var india = await app.ApiClientAsync("IN", Rights);
        var png = await india.GetAsync("/api/v1/monitoring/profiles/IN/charts/availability.png");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, (await png.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal(HttpStatusCode.NotFound, (await india.GetAsync("/api/v1/monitoring/profiles/IN/charts/availability.gif")).StatusCode);
        var austria = await app.ApiClientAsync("AT", Rights);
        Assert.Equal(HttpStatusCode.NotFound, (await austria.GetAsync("/api/v1/monitoring/profiles/IN/charts/availability.png")).StatusCode);
    }
}
