using Cordon.Application.Traceability;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Traceability;

/// <summary>The Secretariat's statistics of traceability queries, from metadata only, with charts and exports.</summary>
[Authorize(Policy = Policies.SecretariatStaff)]
public sealed class StatisticsModel(TraceabilityStatistics statistics, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Parties { get; set; }

    public TraceabilityStatisticsReport? Report { get; private set; }

    public bool Invalid { get; private set; }

    public string Query => $"from={Uri.EscapeDataString(From ?? "")}&to={Uri.EscapeDataString(To ?? "")}&parties={Uri.EscapeDataString(Parties ?? "")}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (StatisticsQuery.Parse(From, To, Parties, clock, out var filter) is not null)
        {
            Invalid = true;
            return;
        }
        From = filter!.From.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        To = filter.To.AddDays(-1).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Report = await statistics.ReportAsync(filter, ct);
    }
}
