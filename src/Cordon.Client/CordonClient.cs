using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cordon.Client.Models;

namespace Cordon.Client;

/// <summary>
/// Typed client of the Cordon API (/api/v1) for national systems, authenticated by an API token ("cdn_...").
/// Every error becomes a <see cref="CordonApiException"/> carrying the server's RFC 7807 problem.
/// Transient failures (network errors, 502/503/504, 429) are retried with exponential back-off; POSTs
/// always carry an Idempotency-Key that stays the same across retries, so a retry never acts twice.
/// </summary>
public sealed class CordonClient : IDisposable
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string TokenPrefix = "cdn_";
    private const string ApiRoot = "api/v1/";

    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _baseAddress;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly CordonClientOptions _options;

    /// <param name="httpClient">Its BaseAddress is the site root (e.g. https://cordon.example/); it may come from IHttpClientFactory.</param>
    /// <param name="apiToken">The bearer token; leave null when the HttpClient already sends one.</param>
    public CordonClient(HttpClient httpClient, string? apiToken = null, CordonClientOptions? options = null)
        : this(httpClient, apiToken, options, ownsHttp: false)
    {
    }

    private CordonClient(HttpClient httpClient, string? apiToken, CordonClientOptions? options, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is not { IsAbsoluteUri: true } baseAddress)
            throw new ArgumentException("The HttpClient needs an absolute BaseAddress: the Cordon site's root URL.", nameof(httpClient));
        if (apiToken is not null && !apiToken.StartsWith(TokenPrefix, StringComparison.Ordinal))
            throw new ArgumentException($"A Cordon API token starts with '{TokenPrefix}'.", nameof(apiToken));
        _http = httpClient;
        _ownsHttp = ownsHttp;
        // Without the trailing slash, "https://host/cordon" + "api/v1/me" would resolve to "https://host/api/v1/me".
        _baseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _authorization = apiToken is null ? null : new AuthenticationHeaderValue("Bearer", apiToken);
        _options = options ?? new CordonClientOptions();
    }

    /// <summary>A client with its own HttpClient, disposed with it.</summary>
    public static CordonClient Create(Uri baseAddress, string apiToken, CordonClientOptions? options = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
#pragma warning disable CA2000 // the client owns and disposes it
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
#pragma warning restore CA2000
        try
        {
            return new CordonClient(http, apiToken, options, ownsHttp: true);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public Uri BaseAddress => _baseAddress;

    /// <summary>GET /me: the caller's Party, authority, roles and rights.</summary>
    public Task<MeResponse> GetMeAsync(CancellationToken ct = default) =>
        GetAsync<MeResponse>("me", ct);

    /// <summary>GET /reference/countries, optionally filtered by code or name.</summary>
    public async Task<IReadOnlyList<CountryDto>> ListCountriesAsync(string? q = null, CancellationToken ct = default) =>
        await GetAsync<List<CountryDto>>("reference/countries" + Query(("q", q)), ct);

    /// <summary>GET /reference/substances: one page; pass the page's NextCursor to get the next.</summary>
    public Task<SubstancePage> ListSubstancesAsync(string? q = null, SubstanceKind? kind = null, string? cursor = null, int? limit = null, CancellationToken ct = default) =>
        GetAsync<SubstancePage>("reference/substances" + Query(("q", q), ("kind", kind?.ToString()), ("cursor", cursor), ("limit", Invariant(limit))), ct);

    /// <summary>GET /reference/substances/{code}, with the ETag to send as If-Match when updating it.</summary>
    public async Task<Tagged<SubstanceDto>> GetSubstanceAsync(string code, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        using var response = await SendAsync(() => NewRequest(HttpMethod.Get, "reference/substances/" + Uri.EscapeDataString(code)), ct);
        var value = await ReadAsync<SubstanceDto>(response, ct);
        return new Tagged<SubstanceDto>(value, response.Headers.ETag?.ToString());
    }

    /// <summary>GET /feed: what was addressed to the caller's Party after the cursor (0 to start).</summary>
    public Task<FeedResponse> ReadFeedAsync(long cursor = 0, int? limit = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        return GetAsync<FeedResponse>("feed" + Query(("cursor", Invariant(cursor)), ("limit", Invariant(limit))), ct);
    }

    /// <summary>GET /webhooks: the Party's subscriptions (without their secrets).</summary>
    public async Task<IReadOnlyList<WebhookDto>> ListWebhooksAsync(CancellationToken ct = default) =>
        await GetAsync<List<WebhookDto>>("webhooks", ct);

    /// <summary>POST /webhooks. The returned Secret is shown only here: keep it to check the webhooks' signatures.</summary>
    public Task<WebhookDto> CreateWebhookAsync(string url, string? idempotencyKey = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        return PostAsync<NewWebhook, WebhookDto>("webhooks", new NewWebhook(url), idempotencyKey, ct);
    }

    /// <summary>GET /audit/checkpoints: signed audit chain heads and the platform's public key.</summary>
    public Task<CheckpointList> ListAuditCheckpointsAsync(CancellationToken ct = default) =>
        GetAsync<CheckpointList>("audit/checkpoints", ct);

    /// <summary>GET any API path (relative to /api/v1, e.g. "reference/units").</summary>
    public async Task<T> GetAsync<T>(string path, CancellationToken ct = default)
    {
        using var response = await SendAsync(() => NewRequest(HttpMethod.Get, path), ct);
        return await ReadAsync<T>(response, ct);
    }

    /// <summary>
    /// POST a JSON body to any API path (relative to /api/v1, e.g. "webhooks") and read the JSON answer.
    /// Sends <paramref name="idempotencyKey"/> (a new GUID when null) with every attempt, so retries are replays.
    /// </summary>
    public async Task<TRes> PostAsync<TReq, TRes>(string path, TReq body, string? idempotencyKey = null, CancellationToken ct = default)
    {
        using var response = await PostCoreAsync(path, body, idempotencyKey, ct);
        return await ReadAsync<TRes>(response, ct);
    }

    /// <summary>POST to an endpoint that answers with no body (204); same idempotency and retries.</summary>
    public async Task PostAsync<TReq>(string path, TReq body, string? idempotencyKey = null, CancellationToken ct = default)
    {
        using var response = await PostCoreAsync(path, body, idempotencyKey, ct);
        if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, ct);
    }

    private Task<HttpResponseMessage> PostCoreAsync<TReq>(string path, TReq body, string? idempotencyKey, CancellationToken ct)
    {
        var key = idempotencyKey ?? Guid.NewGuid().ToString();
        if (key.Length is 0 or > 200) throw new ArgumentException("An Idempotency-Key is 1 to 200 characters.", nameof(idempotencyKey));
        // Serialized once: the server compares the body of a retry with the first one's, byte for byte.
        var json = JsonSerializer.SerializeToUtf8Bytes(body, CordonJson.Options);
        return SendAsync(() =>
        {
            var request = NewRequest(HttpMethod.Post, path);
            request.Headers.Add(IdempotencyKeyHeader, key);
            request.Content = new ByteArrayContent(json) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
            return request;
        }, ct);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(_baseAddress, ApiPath(path)));
        request.Headers.Accept.Add(AcceptJson);
        if (_authorization is not null) request.Headers.Authorization = _authorization;
        return request;
    }

    /// <summary>"webhooks", "/webhooks" and "/api/v1/webhooks" all name the same endpoint.</summary>
    private static string ApiPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var p = path.TrimStart('/');
        return p.StartsWith("api/", StringComparison.OrdinalIgnoreCase) ? p : ApiRoot + p;
    }

    /// <summary>Sends a fresh copy of the request per attempt (a request message cannot be sent twice).</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> newRequest, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var canRetry = attempt < _options.MaxRetries;
            HttpResponseMessage response;
            using (var request = newRequest())
            {
                try
                {
                    response = await _http.SendAsync(request, ct);
                }
                catch (HttpRequestException) when (canRetry)
                {
                    await DelayAsync(Backoff(attempt), ct);
                    continue;
                }
                catch (TaskCanceledException ex) when (canRetry && !ct.IsCancellationRequested && ex.InnerException is TimeoutException)
                {
                    // HttpClient.Timeout, not the caller giving up: the server may be slow, try again.
                    await DelayAsync(Backoff(attempt), ct);
                    continue;
                }
            }
            if (canRetry && RetryDelay(response, attempt) is { } delay)
            {
                response.Dispose();
                await DelayAsync(delay, ct);
                continue;
            }
            return response;
        }
    }

    /// <summary>How long to wait before retrying this response; null when it is final.</summary>
    private TimeSpan? RetryDelay(HttpResponseMessage response, int attempt)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfter(response);
        var transient = status is 502 or 503 or 504 or 429
            // A conflict that says when to come back (e.g. the same key still being processed) is transient too.
            || (status == 409 && retryAfter is not null);
        if (!transient) return null;
        if (retryAfter is { } wait)
            return wait > _options.MaxRetryAfter ? null : wait;
        return Backoff(attempt);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - _options.TimeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    /// <summary>Doubling delay with ±20% jitter, so that many clients failing together do not retry together.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var initial = _options.InitialRetryDelay.TotalMilliseconds;
        var ms = Math.Min(initial * Math.Pow(2, attempt), _options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken ct) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _options.TimeProvider, ct);

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, ct);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(CordonJson.Options, ct)
                ?? throw new JsonException("The response body is empty (null).");
        }
        catch (JsonException ex)
        {
            throw new CordonApiException(response.StatusCode, new ApiProblem
            {
                Title = "The server's answer could not be read.",
                Status = (int)response.StatusCode,
                Detail = ex.Message,
            }, ex);
        }
    }

    private static async Task<CordonApiException> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(ct);
        ApiProblem? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is { } media && media.EndsWith("json", StringComparison.OrdinalIgnoreCase) && body.Length > 0)
        {
            try
            {
                problem = JsonSerializer.Deserialize<ApiProblem>(body, CordonJson.Options);
            }
            catch (JsonException)
            {
                // Not a problem document after all (e.g. a proxy's JSON): described from the status below.
            }
        }
        problem ??= new ApiProblem { Detail = body.Length == 0 ? null : Truncate(body, 500) };
        problem = problem with
        {
            Status = problem.Status ?? status,
            Title = problem.Title ?? (string.IsNullOrEmpty(response.ReasonPhrase) ? $"HTTP {status}" : response.ReasonPhrase),
            RequestId = problem.RequestId ?? (response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null),
        };
        return new CordonApiException(response.StatusCode, problem);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static string? Invariant(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrEmpty(value)) continue;
            query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        return query.ToString();
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
