using Cordon.Application.Common;
using Cordon.Application.Data;
using Cordon.Application.PreExport;
using Cordon.Domain.PreExport;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.PreExport;

[Authorize(Policy = PreExportPolicies.View)]
public sealed class DetailsModel(PreExportNotifications notifications, PreExportAttachments attachments, PreExportIncidents incidents, CordonDbContext db, IAuthorizationService authorization, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public PreExportAnswerKind? AnswerKind { get; set; }

    [BindProperty]
    public string? AnswerText { get; set; }

    [BindProperty]
    public string? InformationText { get; set; }

    [BindProperty]
    public PreExportMark? MarkKind { get; set; }

    [BindProperty]
    public string? MarkReason { get; set; }

    public NotificationView Notification { get; private set; } = null!;
    public Dictionary<string, string> Countries { get; private set; } = [];
    public bool MayAnswer { get; private set; }
    public bool MaySubmit { get; private set; }

    /// <summary>The exporting or importing Party's officer with the Incidents Submit right may report a marked notification as an incident.</summary>
    public bool MayReportIncident { get; private set; }

    /// <summary>Incidents reported from this notification that the viewer may see.</summary>
    public IReadOnlyList<LinkedIncidentView> Incidents { get; private set; } = [];

    /// <summary>Null for transit Parties, who do not see the commercial documents.</summary>
    public Features.Documents.AttachmentsPanel? AttachmentsPanel { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAcknowledgeAsync(CancellationToken ct) =>
        await ActAsync(PreExportPolicies.Submit, () => notifications.AcknowledgeAsync(Id, ct), "Receipt acknowledged.", ct);

    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken ct) =>
        await ActAsync(PreExportPolicies.Approve, () => notifications.AnswerAsync(Id, new AnswerInput(AnswerKind, AnswerText), null, ct), "The answer was sent to the exporting country.", ct);

    public async Task<IActionResult> OnPostInformationAsync(CancellationToken ct) =>
        await ActAsync(PreExportPolicies.Submit, () => notifications.ProvideInformationAsync(Id, new InformationInput(InformationText, null), ct), "The information was sent to the importing country.", ct);

    public async Task<IActionResult> OnPostMarkAsync(CancellationToken ct) =>
        await ActAsync(PreExportPolicies.Submit, () => notifications.MarkAsync(Id, new MarkInput(MarkKind, MarkReason), ct), "The mark was recorded and the Secretariat informed.", ct);

    /// <summary>Attaches a document (multipart form; works without JavaScript).</summary>
    public async Task<IActionResult> OnPostAttachAsync(IFormFile? file, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, PreExportPolicies.Submit)).Succeeded) return Forbid();
        if (file is null) return await ShowErrorAsync("Choose a file to attach.", ct);
        await using var stream = file.OpenReadStream();
        var outcome = await attachments.AddAsync(Id, file.FileName, stream, ct);
        if (outcome.Failure == Failure.NotFound) return NotFound();
        if (outcome.Failure == Failure.Forbidden) return Forbid();
        if (!outcome.Succeeded) return await ShowErrorAsync(outcome.Message, ct);
        TempData["Message"] = l["The document was attached."].Value;
        return Redirect($"/PreExport/Details?id={Id}#attachments");
    }

    public async Task<IActionResult> OnGetAttachmentAsync(Guid attachmentId, CancellationToken ct) =>
        await attachments.OpenAsync(Id, attachmentId, ct) is { } file ? File(file.Bytes, file.Attachment.ContentType, file.Attachment.FileName) : NotFound();

    private async Task<IActionResult> ShowErrorAsync(string? message, CancellationToken ct)
    {
        ModelState.AddModelError("", l[message ?? "The request is not valid."]);
        Response.StatusCode = 400;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<IActionResult> ActAsync(string policy, Func<Task<Outcome<NotificationView>>> action, string done, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, policy)).Succeeded) return Forbid();
        var outcome = await action();
        if (outcome.Failure == Failure.NotFound) return NotFound();
        if (outcome.Failure == Failure.Forbidden) return Forbid();
        if (!outcome.Succeeded)
        {
            ModelState.AddOutcome(outcome, l);
            return await LoadAsync(ct) ? Page() : NotFound();
        }
        TempData["Message"] = l[done].Value;
        return Redirect($"/PreExport/Details?id={Id}");
    }

    private const string Incidents_View = Features.Incidents.IncidentEndpoints.ViewPolicy;
    private const string Incidents_Submit = Features.Incidents.IncidentEndpoints.SubmitPolicy;

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await notifications.GetAsync(Id, ct) is not { } n) return false;
        Notification = n;
        Countries = await PreExportPolicies.CountryNamesAsync(db, n.TransitCountries.Append(n.ExportingCountry).Append(n.ImportingCountry), ct);
        MayAnswer = n.Role == PreExportRole.Importer && (await authorization.AuthorizeAsync(User, PreExportPolicies.Approve)).Succeeded;
        MaySubmit = n.Role != PreExportRole.Secretariat && (await authorization.AuthorizeAsync(User, PreExportPolicies.Submit)).Succeeded;
        var mayViewIncidents = (await authorization.AuthorizeAsync(User, Incidents_View)).Succeeded;
        Incidents = await incidents.LinkedAsync(Id, mayViewIncidents, ct) ?? [];
        MayReportIncident = n.Mark != PreExportMark.None && n.Role is PreExportRole.Exporter or PreExportRole.Importer
            && (await authorization.AuthorizeAsync(User, Incidents_Submit)).Succeeded;
        AttachmentsPanel = await attachments.ListAsync(Id, ct) is { } files ? new(Id, "/PreExport/Details", files, MaySubmit) : null;
        return true;
    }
}
