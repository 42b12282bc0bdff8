using System.Net;

namespace Cordon.Client;

/// <summary>The API answered with an error; <see cref="Problem"/> holds what it said.</summary>
public sealed class CordonApiException : Exception
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public CordonApiException(HttpStatusCode status, ApiProblem problem, Exception? innerException = null)
        : base(Describe((int)status, problem), innerException)
    {
        StatusCode = status;
        Problem = problem;
    }

    public HttpStatusCode StatusCode { get; }

    public int Status => (int)StatusCode;

    public ApiProblem Problem { get; }

    public string? Title => Problem.Title;

    public string? Detail => Problem.Detail;

    public IReadOnlyDictionary<string, string[]> Errors => Problem.Errors ?? NoErrors;

    public string? RequestId => Problem.RequestId;

    /// <summary>One line: status, title, detail and the field errors.</summary>
    private static string Describe(int status, ApiProblem problem)
    {
        var text = $"{status} {problem.Title ?? "Error"}";
        if (!string.IsNullOrWhiteSpace(problem.Detail)) text += $" {problem.Detail}";
        if (problem.Errors is { Count: > 0 } errors)
            text += " (" + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) + ")";
        return text;
    }
}
