using System.Globalization;
using Cordon.Application.Data;
using Cordon.Application.Incidents;
using Cordon.Domain.Incidents;
using Cordon.Domain.Reference;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.Incidents;

/// <summary>
/// The report form: works on a phone and without JavaScript (plain POST); the draft is saved as the officer types.
/// With <c>?edit={id}</c> it corrects an incident of the officer's Party instead (no draft; the version read is checked).
/// </summary>
[Authorize(Policy = IncidentEndpoints.SubmitPolicy)]
public sealed class ReportModel(CordonDbContext db, ReportIncident report, EditIncident edit, IncidentQueries queries, IncidentFollowing following, Application.PreExport.PreExportIncidents preExport, IStringLocalizer<SharedResource> l, TimeProvider clock) : PageModel
{
    /// <summary>The incident being corrected, if any.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Edit { get; set; }

    /// <summary>The version of the incident the form was filled from; a later edit by someone else is refused.</summary>
    [BindProperty]
    public long? Version { get; set; }

    public const int SubstanceRows = 3;

    public sealed class SubstanceRow
    {
        public string? Name { get; set; }
        public string? Quantity { get; set; }
        public string? Unit { get; set; }
        public string? Form { get; set; }
        public string? Purity { get; set; }
    }

    public sealed class ReportInput
    {
        public IncidentChannel Channel { get; set; }
        public IncidentType Type { get; set; }
        public string? OccurredOn { get; set; }
        public string? Place { get; set; }
        public string? Summary { get; set; }
        public List<SubstanceRow> Substances { get; set; } = [];
        public string? Origin { get; set; }
        public string? Transit { get; set; }
        public string? Destination { get; set; }
        public string? Companies { get; set; }
        public string? Persons { get; set; }
        public string? ModusOperandi { get; set; }
        public string? Concealment { get; set; }
        public TransportMode Transport { get; set; }
        public string? ContainerNumbers { get; set; }
        public string? AirwayBills { get; set; }
        public bool Actionable { get; set; }
        public string? Language { get; set; }
        public bool Restricted { get; set; }
        public string? NamedParties { get; set; }
        public string? PreExportReference { get; set; }
        public Guid? PreExportNotificationId { get; set; }
    }

    [BindProperty]
    public ReportInput Input { get; set; } = new();

    public IReadOnlyList<string> Errors { get; private set; } = [];
    public IReadOnlyList<string> SubstanceNames { get; private set; } = [];
    public DateTimeOffset? DraftSavedAt { get; private set; }
    public bool DraftRestored { get; private set; }

    /// <summary>"Report as incident" from a pre-export notification: the form opens filled from it (and linked to it).</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Notification { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Edit is { } editId)
        {
            var incident = await queries.FindAsync(editId, ct);
            if (incident is null || incident.ReporterPartyCode != User.PartyCode()) return NotFound();
            Fill(incident);
            await LoadListsAsync(ct);
            return Page();
        }
        Input.Language = Languages.Current;
        Input.OccurredOn = Iso.Date(clock.GetUtcNow());
        if (Notification is { } notificationId)
        {
            var prefill = await preExport.PrefillAsync(notificationId, ct);
            if (prefill.Failure == Application.Common.Failure.NotFound) return NotFound();
            if (prefill.Failure == Application.Common.Failure.Forbidden) return Forbid();
            if (!prefill.Succeeded) return Redirect($"/PreExport/Details?id={notificationId}");
            Fill(prefill.Value!);
            await LoadListsAsync(ct);
            return Page();
        }
        var draft = await following.DraftAsync(ct);
        if (draft is not null)
        {
            // The draft is the form as posted (url-encoded); binding it again restores every field, with or without JavaScript.
            var values = new FormCollection(QueryHelpers.ParseQuery(draft.Content));
            await TryUpdateModelAsync(Input, "Input", new FormValueProvider(BindingSource.Form, values, CultureInfo.InvariantCulture));
            ModelState.Clear();
            DraftSavedAt = draft.SavedAt;
            DraftRestored = true;
        }
        await LoadListsAsync(ct);
        return Page();
    }

    private void Fill(IncidentInput p)
    {
        var inv = CultureInfo.InvariantCulture;
        Input.Channel = p.Channel ?? IncidentChannel.Precursors;
        Input.Type = p.Type ?? IncidentType.Other;
        Input.OccurredOn = p.OccurredOn?.ToString("yyyy-MM-dd", inv);
        Input.Place = p.Place;
        Input.Summary = p.Summary;
        Input.Substances = (p.Substances ?? []).Select(x => new SubstanceRow { Name = x.Name ?? x.Code, Quantity = x.Quantity?.ToString("0.######", inv), Unit = x.Unit }).ToList();
        string Join(CountryRole role) => string.Join(", ", (p.Countries ?? []).Where(c => c.Role == role).Select(c => c.Code));
        Input.Origin = Join(CountryRole.Origin);
        Input.Transit = Join(CountryRole.Transit);
        Input.Destination = Join(CountryRole.Destination);
        Input.Companies = string.Join("\n", p.Companies ?? []);
        Input.ModusOperandi = p.ModusOperandi;
        Input.Transport = p.Transport ?? TransportMode.Unknown;
        Input.Actionable = p.Actionable;
        Input.Restricted = p.Restricted;
        Input.NamedParties = string.Join(", ", p.NamedParties ?? []);
        Input.PreExportReference = p.PreExportReference;
        Input.PreExportNotificationId = p.PreExportNotificationId;
    }

    private void Fill(Incident i)
    {
        static string Join(IEnumerable<string> values, string separator) => string.Join(separator, values);
        Version = i.Version;
        Input = new ReportInput
        {
            Channel = i.Channel, Type = i.Type, OccurredOn = i.OccurredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Place = i.Place, Summary = i.Summary,
            Substances = i.Substances.Select(s => new SubstanceRow
            {
                Name = s.Name, Quantity = s.Quantity?.ToString("0.######", CultureInfo.InvariantCulture), Unit = s.Unit, Form = s.Form,
                Purity = s.PurityPercent?.ToString("0.####", CultureInfo.InvariantCulture),
            }).ToList(),
            Origin = Join(i.Countries.Where(c => c.Role == CountryRole.Origin).Select(c => c.CountryCode), ", "),
            Transit = Join(i.Countries.Where(c => c.Role == CountryRole.Transit).Select(c => c.CountryCode), ", "),
            Destination = Join(i.Countries.Where(c => c.Role == CountryRole.Destination).Select(c => c.CountryCode), ", "),
            Companies = Join(i.CompanyList, "\n"), Persons = Join(i.PersonList, "\n"), ModusOperandi = i.ModusOperandi, Concealment = i.Concealment,
            Transport = i.Transport, ContainerNumbers = Join(i.ContainerList, ", "), AirwayBills = Join(i.AirwayBillList, ", "), Actionable = i.Actionable,
            Language = i.Language, Restricted = i.Restricted, NamedParties = Join(i.NamedParties.Select(p => p.PartyCode), ", "), PreExportReference = i.PreExportReference,
        };
    }

    /// <summary>Saves the draft: called by incident-draft.js as the officer types, or by the "Save draft" button without JavaScript.</summary>
    public async Task<IActionResult> OnPostDraftAsync(CancellationToken ct)
    {
        var content = string.Join('&', Request.Form.Where(f => f.Key.StartsWith("Input.", StringComparison.Ordinal))
            .SelectMany(f => f.Value.Select(v => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(v ?? "")}")));
        var saved = await following.SaveDraftAsync(content, ct);
        if (Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal))
            return saved ? new JsonResult(new { saved = true }) : BadRequest();
        TempData["Flash"] = saved ? l["Draft saved."].Value : l["The draft is too long to save."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var errors = new List<string>();
        if (!ModelState.IsValid) errors.Add(l["Some fields are not valid."]);
        var substances = await db.Substances.AsNoTracking().Where(s => s.IsActive).Select(s => new { s.Code, s.Name, s.Synonyms }).ToListAsync(ct);
        var rows = new List<IncidentSubstanceInput>();
        foreach (var row in Input.Substances.Where(r => !string.IsNullOrWhiteSpace(r.Name)))
        {
            var name = row.Name!.Trim();
            var match = substances.FirstOrDefault(s => string.Equals(s.Code, name, StringComparison.OrdinalIgnoreCase))
                        ?? substances.FirstOrDefault(s => new ControlledSubstance { Code = s.Code, Name = s.Name, Synonyms = s.Synonyms }.IsKnownAs(name));
            var quantity = Number(row.Quantity, l["Quantity"], errors);
            var purity = Number(row.Purity, l["Purity (%)"], errors);
            rows.Add(new IncidentSubstanceInput(match?.Code, name, quantity, row.Unit, row.Form, purity));
        }
        DateOnly? date = null;
        if (DateOnly.TryParseExact(Input.OccurredOn?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) date = d;
        var countries = Codes(Input.Origin).Select(c => new IncidentCountryInput(c, CountryRole.Origin))
            .Concat(Codes(Input.Transit).Select(c => new IncidentCountryInput(c, CountryRole.Transit)))
            .Concat(Codes(Input.Destination).Select(c => new IncidentCountryInput(c, CountryRole.Destination))).ToList();
        if (errors.Count == 0)
        {
            var input = new IncidentInput(Input.Channel, Input.Type, date, Input.Place, Input.Summary, rows, countries,
                Lines(Input.Companies), Lines(Input.Persons), Input.ModusOperandi, Input.Concealment, Input.Transport,
                Items(Input.ContainerNumbers), Items(Input.AirwayBills), Input.Actionable, Input.Language, Input.Restricted, Codes(Input.NamedParties), Input.PreExportReference, Input.PreExportNotificationId);
            if (Edit is { } editId)
            {
                var edited = await edit.EditAsync(editId, input, Version, ct);
                if (edited.Failure == Application.Common.Failure.NotFound) return NotFound();
                if (edited.Succeeded)
                {
                    TempData["Flash"] = l["The incident was corrected; its earlier versions are kept in its history."].Value;
                    return RedirectToPage("Details", new { id = editId });
                }
                errors.Add(l[edited.Message ?? "The incident is not complete or not valid."]);
                errors.AddRange((edited.Errors ?? new Dictionary<string, string[]>()).SelectMany(e => e.Value).Select(m => l[m].Value));
                Errors = errors.Distinct().ToList();
                Response.StatusCode = edited.Failure == Application.Common.Failure.PreconditionFailed ? 409 : 400;
                await LoadListsAsync(ct);
                return Page();
            }
            var outcome = await report.ReportAsync(input, ct);
            if (outcome.Succeeded)
            {
                await following.DiscardDraftAsync(ct);
                TempData["Flash"] = l["The incident was reported and the Parties concerned were alerted."].Value;
                return RedirectToPage("Details", new { id = outcome.Value!.Id });
            }
            errors.Add(l[outcome.Message ?? "The incident is not complete or not valid."]);
            errors.AddRange((outcome.Errors ?? new Dictionary<string, string[]>()).SelectMany(e => e.Value).Select(m => l[m].Value));
        }
        Errors = errors.Distinct().ToList();
        Response.StatusCode = 400;
        await LoadListsAsync(ct);
        return Page();
    }

    private async Task LoadListsAsync(CancellationToken ct)
    {
        while (Input.Substances.Count < SubstanceRows) Input.Substances.Add(new SubstanceRow());
        SubstanceNames = await db.Substances.AsNoTracking().Where(s => s.IsActive && (s.Kind == SubstanceKind.Precursor || s.Kind == SubstanceKind.NewPsychoactiveSubstance || s.Kind == SubstanceKind.NonScheduledChemical))
            .OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(ct);
    }

    private static decimal? Number(string? text, string field, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) return v;
        errors.Add($"{field}: {text}");
        return null;
    }

    private static List<string> Codes(string? text) =>
        (text ?? "").Split([',', ';', ' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToUpperInvariant()).Distinct().ToList();

    private static List<string> Lines(string? text) =>
        (text ?? "").Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static List<string> Items(string? text) =>
        (text ?? "").Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
