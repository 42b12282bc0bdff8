using System.Net;

namespace Cordon.Web.Tests.Infrastructure;

/// <summary>A browser's side of /notifications/stream (server-sent events), for tests that wait for one event.</summary>
public sealed class LiveStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private LiveStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    /// <summary>Opens the stream with a signed-in client and reads the "connected" event.</summary>
    public static async Task<LiveStream> OpenAsync(HttpClient client, CancellationToken ct)
    {
        var response = await client.GetAsync("/notifications/stream", HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        Assert.Equal("event: connected", await reader.ReadLineAsync(ct));
        return new LiveStream(response, reader);
    }

    /// <summary>
    /// The data of the first "notification" event whose data contains <paramref name="marker"/>; other events
    /// (other tests may notify the same user meanwhile) are skipped. Null if the stream ends first.
    /// </summary>
    public async Task<string?> NextNotificationWithAsync(string marker, CancellationToken ct)
    {
        string? eventType = null;
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) eventType = line[7..];
            if (line.StartsWith("data: ", StringComparison.Ordinal) && eventType == "notification" && line.Contains(marker, StringComparison.Ordinal))
                return line[6..];
        }
        return null;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
