using System.Text.Json;
using Cordon.Application.Incidents;
using Cordon.Domain.Incidents;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Incidents;

/// <summary>Every version of an incident: who changed what, when, and the content of each version. Nothing is ever deleted.</summary>
[Authorize(Policy = IncidentEndpoints.ViewPolicy)]
public sealed class HistoryModel(IncidentQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public IReadOnlyList<IncidentRevision> Versions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var history = await queries.HistoryAsync(Id, ct);
        if (history is null) return NotFound();
        Versions = history.OrderByDescending(v => v.Version).ToList();
        return Page();
    }

    /// <summary>The fields of a version's content, as name and text, for display.</summary>
    public static IEnumerable<(string Name, string Value)> Fields(IncidentRevision revision)
    {
        using var doc = JsonDocument.Parse(revision.Content);
        var list = new List<(string, string)>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Name is "id" or "reporterPartyCode") continue;
            list.Add((p.Name, p.Value.ValueKind switch
            {
                JsonValueKind.Array => string.Join("; ", p.Value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object
                    ? string.Join(" ", e.EnumerateObject().Where(x => x.Value.ValueKind != JsonValueKind.Null).Select(x => x.Value.ToString()))
                    : e.ToString())),
                JsonValueKind.Null => "",
                _ => p.Value.ToString(),
            }));
        }
        return list;
    }
}
