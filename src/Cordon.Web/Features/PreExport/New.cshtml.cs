using System.ComponentModel.DataAnnotations;
using Cordon.Application.Data;
using Cordon.Application.PreExport;
using Cordon.Domain.PreExport;
using Cordon.Domain.Reference;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Features.PreExport;

[Authorize(Policy = PreExportPolicies.Submit)]
public sealed class NewModel(PreExportNotifications notifications, CordonDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> l) : PageModel
{
    public sealed class InputModel
    {
        public string? ImportingCountry { get; set; }
        public string? TransitCountries { get; set; }
        public string? ExporterName { get; set; }
        public string? ExporterAddress { get; set; }
        public string? ImporterName { get; set; }
        public string? ImporterAddress { get; set; }
        public string? ConsigneeName { get; set; }
        public string? ConsigneeAddress { get; set; }
        public string? Substance { get; set; }
        public decimal? Quantity { get; set; }
        public string? Unit { get; set; } = "kg";
        public string? PointOfEntry { get; set; }
        public DateOnly? DispatchDate { get; set; }
        public string? Packaging { get; set; }
        public string? TransportMode { get; set; }
        public string? Route { get; set; }
        public string? PortOfExit { get; set; }
        public string? ExporterReference { get; set; }
        public string? ImportPermitReference { get; set; }
        public bool Confidential { get; set; }

        [Range(ReplyDeadline.MinDays, ReplyDeadline.MaxDays, ErrorMessage = "Between 1 and 90 days.")]
        public int ReplyWithinDays { get; set; } = ReplyDeadline.DefaultDays;
        public bool MultiShipment { get; set; }
        public DateOnly? ValidUntil { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "ImportingCountry")]
    public string? QueryCountry { get; set; }

    [BindProperty(SupportsGet = true, Name = "Substance")]
    public string? QuerySubstance { get; set; }

    public RuleCheck? Rule { get; private set; }
    public IReadOnlyList<ControlledSubstance> Substances { get; private set; } = [];
    public IReadOnlyList<Country> Countries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.ImportingCountry = QueryCountry;
        Input.Substance = QuerySubstance;
        Input.DispatchDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(14);
        await LoadAsync(ct);
    }

    /// <summary>Tells the exporter, before filing, whether the importing Government's invocation makes the notification mandatory.</summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        var i = Input;
        var outcome = await notifications.FileAsync(new NewNotification(
            i.ImportingCountry, (i.TransitCountries ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            i.ExporterName, i.ExporterAddress, i.ImporterName, i.ImporterAddress, i.ConsigneeName, i.ConsigneeAddress,
            [new NotificationLineInput(i.Substance, i.Quantity, i.Unit)], i.PointOfEntry, i.DispatchDate, i.Packaging, i.TransportMode, i.Route,
            i.PortOfExit, i.ExporterReference, i.ImportPermitReference, i.Confidential, i.ReplyWithinDays, i.MultiShipment, i.MultiShipment ? i.ValidUntil : null), ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddOutcome(outcome, l, "The notification is not complete or not valid.");
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = l["The notification was filed and sent."].Value;
        return Redirect($"/PreExport/Details?id={outcome.Value!.Notification.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Substances = await db.Substances.AsNoTracking()
            .Where(s => s.IsActive && (s.Kind == SubstanceKind.Precursor || s.Kind == SubstanceKind.NonScheduledChemical))
            .OrderBy(s => s.Kind).ThenBy(s => s.Name).ToListAsync(ct);
        Countries = await db.Countries.AsNoTracking().OrderBy(c => c.Alpha2).ToListAsync(ct);
        var country = Input.ImportingCountry?.Trim().ToUpperInvariant();
        if (country is { Length: 2 } && !string.IsNullOrWhiteSpace(Input.Substance))
            Rule = await notifications.CheckRuleAsync(country, [Input.Substance.Trim()], Input.DispatchDate ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
    }
}
