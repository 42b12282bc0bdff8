using Cordon.Application.Data;
using Cordon.Application.PreExport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.PreExport;

[Authorize(Policy = PreExportPolicies.View)]
public sealed class IndexModel(PreExportNotifications notifications, CordonDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Direction { get; set; }

    public IReadOnlyList<NotificationSummary> Items { get; private set; } = [];
    public Dictionary<string, string> Countries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Direction is not ("incoming" or "outgoing" or "marked")) Direction = null;
        Items = await notifications.ListAsync(Direction, null, 500, ct);
        Countries = await PreExportPolicies.CountryNamesAsync(db, Items.SelectMany(i => i.TransitCountries.Append(i.ExportingCountry).Append(i.ImportingCountry)), ct);
    }
}
