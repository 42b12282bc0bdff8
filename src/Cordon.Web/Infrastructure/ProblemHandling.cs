using System.Text.Json;
using Cordon.Application.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Infrastructure;

/// <summary>
/// Turns what goes wrong into RFC 7807 problem details with a message a person can act on. Malformed
/// input is the caller's fault (400), a lost concurrent update is a conflict (409/412), and only a real
/// fault of ours is a 500, logged with the request id.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var http = httpContext;
        var (status, title, detail) = DatabaseOutage(exception) is { } outage ? outage : exception switch
        {
            BadHttpRequestException { InnerException: JsonException je } => (400, "The request body is not valid JSON for this endpoint.", je.Message),
            BadHttpRequestException bad => (bad.StatusCode, "The request is not valid.", bad.Message),
            JsonException je => (400, "The request body is not valid JSON for this endpoint.", je.Message),
            DbUpdateConcurrencyException => (409, "The record was changed by someone else meanwhile.", "Reload it and apply your change again."),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => (499, "The request was cancelled.", null),
            _ => (500, "An unexpected error occurred.", "It has been logged with the request id; please report it if it persists."),
        };
        if (status == 503) http.Response.Headers.RetryAfter = "5";
        if (status >= 500) log.LogError(exception, "Unhandled error on {Path}", http.Request.Path);
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>
    /// A database that cannot be reached, or cannot be written (disk full, read-only), is an outage: 503 with
    /// Retry-After, so clients retry with their idempotency keys instead of treating it as their own error.
    /// </summary>
    internal static (int, string, string?)? DatabaseOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.NpgsqlException { IsTransient: true }:
                case Npgsql.PostgresException { SqlState: "53100" or "53200" or "25006" or "57P01" or "57P02" or "57P03" }:
                    return (503, "The database is unavailable; retry shortly.", "Nothing was changed by this request.");
                case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 or 8 or 10 or 13 }:
                    return (503, "The database cannot be written to at the moment; retry shortly.", "Nothing was changed by this request.");
            }
        }
        return null;
    }
}

public static class ProblemResults
{
    public static ProblemHttpResult From<T>(Outcome<T> outcome) => outcome.Failure switch
    {
        Failure.NotFound => TypedResults.Problem(title: outcome.Message, statusCode: 404),
        Failure.Forbidden => TypedResults.Problem(title: outcome.Message, statusCode: 403),
        Failure.Conflict => TypedResults.Problem(title: outcome.Message, statusCode: 409),
        Failure.PreconditionFailed => TypedResults.Problem(title: outcome.Message, statusCode: 412),
        Failure.TooLarge => TypedResults.Problem(title: outcome.Message, statusCode: 413),
        Failure.Unsupported => TypedResults.Problem(title: outcome.Message, statusCode: 415),
        _ => Invalid(outcome.Message ?? "The request is not valid.", outcome.Errors),
    };

    public static ProblemHttpResult Invalid(string title, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var extensions = errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors };
        return TypedResults.Problem(title: title, statusCode: 400, extensions: extensions);
    }

    public static ProblemHttpResult NotFound(string what = "Not found.") => TypedResults.Problem(title: what, statusCode: 404);
}
