using Cordon.Application.Common;
using Cordon.Application.Documents;
using Cordon.Domain.Documents;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cordon.Web.Features.Documents;

public sealed record AttachmentDto(Guid Id, string FileName, string ContentType, long Size, string Sha256, string? PartyCode, DateTimeOffset CreatedAt)
{
    public static AttachmentDto From(Attachment a) => new(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.PartyCode, a.CreatedAt);
}

/// <summary>The same three attachment endpoints for every module's records: list, upload (multipart, field "file"), download.</summary>
public static class AttachmentEndpoints
{
    public static void MapAttachmentsApi<TAttachments>(this RouteGroupBuilder records, string recordName, string viewPolicy, string submitPolicy)
        where TAttachments : IRecordAttachments
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentException.ThrowIfNullOrEmpty(recordName);
        // Resolved by hand: the route analyzer cannot follow a generic type parameter as a handler argument.
        static IRecordAttachments Service(HttpContext http) => http.RequestServices.GetRequiredService<TAttachments>();
        var operation = char.ToUpperInvariant(recordName[0]) + recordName[1..]; // "incident" -> "Incident" in operation ids
        records.MapGet("/{id:guid}/attachments", async Task<Results<Ok<List<AttachmentDto>>, ProblemHttpResult>> (Guid id, HttpContext http, CancellationToken ct) =>
            await Service(http).ListAsync(id, ct) is { } list
                ? TypedResults.Ok(list.Select(AttachmentDto.From).ToList())
                : ProblemResults.NotFound($"No such {recordName}."))
            .RequireAuthorization(viewPolicy).WithName($"List{operation}Attachments")
            .WithSummary($"The files attached to the {recordName}.");

        // Multipart upload: national systems authenticate with a token and browsers send SameSite=Strict cookies,
        // so the anti-forgery token that forms carry is not needed here (docs/security.md).
        records.MapPost("/{id:guid}/attachments", async Task<Results<Created<AttachmentDto>, ProblemHttpResult>> (Guid id, HttpRequest request, CancellationToken ct) =>
        {
            if (!request.HasFormContentType) return ProblemResults.Invalid("Send the file as multipart/form-data in a field named \"file\".");
            var form = await request.ReadFormAsync(ct);
            if (form.Files.GetFile("file") is not { } file) return ProblemResults.Invalid("Send the file as multipart/form-data in a field named \"file\".");
            await using var stream = file.OpenReadStream();
            var outcome = await Service(request.HttpContext).AddAsync(id, file.FileName, stream, ct);
            return outcome.Succeeded
                ? TypedResults.Created($"{request.Path}/{outcome.Value!.Id}", AttachmentDto.From(outcome.Value))
                : ProblemResults.From(outcome);
        }).RequireAuthorization(submitPolicy).DisableAntiforgery().WithName($"Add{operation}Attachment")
          .WithSummary($"Attach a photo (JPEG, PNG, TIFF) or PDF document of at most 10 MB to the {recordName}; the kind is checked from the content.");

        records.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (Guid id, Guid attachmentId, HttpContext http, CancellationToken ct) =>
            await Service(http).OpenAsync(id, attachmentId, ct) is { } file
                ? TypedResults.File(file.Bytes, file.Attachment.ContentType, file.Attachment.FileName)
                : ProblemResults.NotFound("No such attachment."))
            .RequireAuthorization(viewPolicy).WithName($"Get{operation}Attachment");
    }
}
