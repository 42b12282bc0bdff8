using Cordon.Application.Data;
using Cordon.Application.Incidents;
using Cordon.Domain.Incidents;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Incidents;

[Authorize(Policy = IncidentEndpoints.ViewPolicy)]
public sealed class DetailsModel(CordonDbContext db, IncidentQueries queries, IncidentFollowUp followUp, IncidentAttachments attachments, Application.PreExport.PreExportIncidents preExport, IAuthorizationService authorization, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public IncidentDetails Details { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> CountryNames { get; private set; } = new Dictionary<string, string>();
    public bool CanSubmit { get; private set; }

    /// <summary>Officers of the reporting Party may correct the incident.</summary>
    public bool CanEdit => CanSubmit && Details.Incident.ReporterPartyCode == User.PartyCode();
    public Features.Documents.AttachmentsPanel AttachmentsPanel { get; private set; } = null!;
    public string? Error { get; private set; }

    /// <summary>The notification the incident was reported from, when the viewer may see it (else the link is not shown).</summary>
    public (Guid Id, string Reference)? PreExportLink { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCommentAsync(string? text, bool requestsAssistance, CancellationToken ct)
    {
        if (!await MaySubmitAsync()) return Forbid();
        var outcome = await followUp.CommentAsync(Id, text, requestsAssistance, ct);
        if (outcome.Failure == Application.Common.Failure.NotFound) return NotFound();
        if (outcome.Succeeded) return RedirectToPage(new { id = Id });
        return await ShowErrorAsync(outcome.Message, ct);
    }

    public async Task<IActionResult> OnPostLinkAsync(string? to, LinkReason reason, CancellationToken ct)
    {
        if (!await MaySubmitAsync()) return Forbid();
        if (!Guid.TryParse(to?.Trim(), out var target)) return await ShowErrorAsync("Enter the identifier of the incident to link.", ct);
        var outcome = await followUp.LinkAsync(Id, target, reason, ct);
        if (outcome.Succeeded) return RedirectToPage(new { id = Id });
        if (outcome.Failure == Application.Common.Failure.NotFound && await queries.FindAsync(Id, ct) is null) return NotFound();
        return await ShowErrorAsync(outcome.Message, ct);
    }

    /// <summary>Attaches a photo or document (multipart form; works without JavaScript).</summary>
    public async Task<IActionResult> OnPostAttachAsync(IFormFile? file, CancellationToken ct)
    {
        if (!await MaySubmitAsync()) return Forbid();
        if (file is null) return await ShowErrorAsync("Choose a file to attach.", ct);
        await using var stream = file.OpenReadStream();
        var outcome = await attachments.AddAsync(Id, file.FileName, stream, ct);
        if (outcome.Failure == Application.Common.Failure.NotFound) return NotFound();
        if (outcome.Succeeded) return RedirectToPage(new { id = Id });
        return await ShowErrorAsync(outcome.Message, ct);
    }

    public async Task<IActionResult> OnGetAttachmentAsync(Guid attachmentId, CancellationToken ct)
    {
        if (await attachments.OpenAsync(Id, attachmentId, ct) is not { } file) return NotFound();
        return File(file.Bytes, file.Attachment.ContentType, file.Attachment.FileName);
    }

    private async Task<IActionResult> ShowErrorAsync(string? message, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Error = l[message ?? "The request is not valid."];
        Response.StatusCode = 400;
        return Page();
    }

    private async Task<bool> MaySubmitAsync() => (await authorization.AuthorizeAsync(User, IncidentEndpoints.SubmitPolicy)).Succeeded;

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var details = await queries.ReadAsync(Id, ct);
        if (details is null) return false;
        Details = details;
        var codes = details.Incident.Countries.Select(c => c.CountryCode).ToList();
        var lang = Languages.Current;
        CountryNames = (await db.Countries.AsNoTracking().Where(c => codes.Contains(c.Alpha2)).ToListAsync(ct)).ToDictionary(c => c.Alpha2, c => c.NameIn(lang));
        CanSubmit = await MaySubmitAsync();
        if (details.Incident.PreExportNotificationId is { } nid && await preExport.VisibleReferenceAsync(nid, ct) is { } reference) PreExportLink = (nid, reference);
        AttachmentsPanel = new(Id, "/Incidents/Details", await attachments.ListAsync(Id, ct) ?? [], CanSubmit);
        return true;
    }
}
