using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Cordon.Application.Api;
using Cordon.Application.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cordon.Web.Infrastructure;

/// <summary>
/// Makes every API POST safe to retry. With an Idempotency-Key header, the POST runs in one transaction
/// together with the record of its answer; a retry with the same key replays that answer instead of
/// acting twice, and the same key with a different body is refused.
/// </summary>
public sealed class IdempotencyFilter(CordonDbContext db, TimeProvider clock, IOptions<JsonOptions> json) : IEndpointFilter
{
    public const string HeaderName = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Headers.TryGetValue(HeaderName, out var keyValues))
            return await next(context);
        var key = keyValues.ToString();
        if (key.Length is 0 or > 200)
            return ProblemResults.Invalid("The Idempotency-Key header must be 1 to 200 characters.");
        var caller = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
        var requestHash = await HashRequestAsync(http.Request);

        await using var scope = await db.BeginWriteAsync(http.RequestAborted);
        var previous = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Caller == caller && r.Key == key, http.RequestAborted);
        if (previous is not null)
        {
            if (previous.RequestHash != requestHash)
                return TypedResults.Problem(title: "This Idempotency-Key was already used for a different request.", detail: "Use a new key for a new request.", statusCode: 422);
            http.Response.Headers["Idempotent-Replayed"] = "true";
            if (previous.Location is not null) http.Response.Headers.Location = previous.Location;
            return Results.Content(previous.ResponseBody ?? "", "application/json", statusCode: previous.StatusCode);
        }

        var result = await next(context);
        // Results<A, B> wraps the result that was chosen; look inside it for status and value.
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        var status = inner is IStatusCodeHttpResult { StatusCode: { } s } ? s : 200;
        if (status is < 200 or > 299) return result; // nothing was written worth remembering; the scope rolls back

        var body = inner is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions) : null;
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            Caller = caller, Key = key, RequestHash = requestHash, StatusCode = status, ResponseBody = body,
            Location = LocationOf(inner),
            CreatedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
            await scope.CommitAsync(http.RequestAborted);
        }
        catch (DbUpdateException)
        {
            // The same key was committed by a concurrent request: this one is rolled back whole.
            return TypedResults.Problem(title: "A request with this Idempotency-Key is already being processed.", detail: "Retry it to receive its result.", statusCode: 409);
        }
        return result;
    }

    /// <summary>Created/Accepted results carry their Location as a property, with no shared interface for it.</summary>
    private static string? LocationOf(object? result) =>
        result?.GetType().GetProperty("Location")?.GetValue(result) as string;

    /// <summary>Parameter binding reads the body before filters run, so buffering must start earlier, in the pipeline.</summary>
    public static Task BufferKeyedPosts(HttpContext http, Func<Task> next)
    {
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.Headers.ContainsKey(HeaderName)) http.Request.EnableBuffering();
        return next();
    }

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.Body.Position = 0;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
            sha.AppendData(buffer, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
