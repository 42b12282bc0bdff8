using Cordon.Application.Common;
using Cordon.Domain.Documents;
using Microsoft.AspNetCore.Http.Metadata;

namespace Cordon.Web.Infrastructure;

/// <summary>
/// Bulk imports and table downloads over HTTP, for every module alike: an import takes CSV (UTF-8) or an Excel
/// workbook as the request body or as the file of a form; a download route ends in <c>.{format}</c> and answers
/// <c>.csv</c> or <c>.xlsx</c>.
/// </summary>
public static class TabularHttp
{
    public static async Task<Outcome<TabularData>> ReadAsync(HttpRequest request, string? sheet = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > UploadLimits.MaxBytes) return TooLarge();
        if (!request.HasFormContentType) return await TabularFile.ReadAsync(request.Body, sheet, ct);
        var form = await request.ReadFormAsync(ct);
        return form.Files.Count == 0
            ? Outcome<TabularData>.Invalid("Send the file as the request body, or as the file of a multipart form.")
            : await ReadAsync(form.Files[0], sheet, ct);
    }

    /// <summary>A file chosen on a page.</summary>
    public static async Task<Outcome<TabularData>> ReadAsync(IFormFile? file, string? sheet = null, CancellationToken ct = default)
    {
        if (file is null || file.Length == 0) return Outcome<TabularData>.Invalid("Choose a CSV file or an Excel workbook (.xlsx).");
        if (file.Length > UploadLimits.MaxBytes) return TooLarge();
        await using var stream = file.OpenReadStream();
        return await TabularFile.ReadAsync(stream, sheet, ct);
    }

    private static Outcome<TabularData> TooLarge() => Outcome<TabularData>.TooLarge("The file is too large (10 MB at most).");

    /// <summary>
    /// Declares what an import endpoint takes. Routing refuses other content types with 415 (the declaration is
    /// enforced, not only documented), so every import must say it takes all three.
    /// </summary>
    public static TBuilder AcceptsTable<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AcceptsMetadata(["text/csv", TabularFile.XlsxContentType, "multipart/form-data"], typeof(byte[])));

    /// <summary>The format a download route's <c>{format}</c> names: csv or xlsx.</summary>
    public static TabularFormat? Format(string? format) => format?.ToLowerInvariant() switch
    {
        null or "" or "csv" => TabularFormat.Csv,
        "xlsx" => TabularFormat.Xlsx,
        _ => null,
    };

    public static Task<IResult> FileAsync(string? format, string name, IReadOnlyList<string> headers, IEnumerable<object?[]> rows, CancellationToken ct = default) =>
        FileAsync(format, name, headers, rows.ToAsyncEnumerable(), ct);

    /// <summary>The table as a file download in the format asked for; 404 for any other extension, as for a file that does not exist.</summary>
    public static async Task<IResult> FileAsync(string? format, string name, IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows, CancellationToken ct = default)
    {
        if (Format(format) is not { } f) return ProblemResults.NotFound("Tables download as .csv or .xlsx.");
        var (bytes, contentType, fileName) = await TabularFile.WriteAsync(f, name, headers, rows, ct);
        return TypedResults.File(bytes, contentType, fileName);
    }
}
