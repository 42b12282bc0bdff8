using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cordon.Web.Infrastructure;

/// <summary>ETags from record versions, and the If-Match check that turns a lost update into a 412.</summary>
public static class Concurrency
{
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void SetETag(HttpContext http, long version) => http.Response.Headers.ETag = ETag(version);

    /// <summary>Null when the request may proceed; otherwise the problem to return (428 without If-Match, 412 on mismatch).</summary>
    public static ProblemHttpResult? CheckIfMatch(HttpRequest request, long currentVersion)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
            return TypedResults.Problem(title: "This update needs an If-Match header with the ETag you read.", statusCode: 428);
        var tags = ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.StartsWith("W/", StringComparison.Ordinal) ? t[2..] : t);
        if (tags.Contains("*") || tags.Contains(ETag(currentVersion))) return null;
        return TypedResults.Problem(title: "The record was changed since you read it.", detail: $"Its current ETag is {ETag(currentVersion)}; read it again and reapply your change.", statusCode: 412);
    }
}
