using Cordon.Application.Traceability;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Web.Features.Traceability;

/// <summary>Version 1: browse and search the UIM library to find the Party most likely to have issued a code.</summary>
[Authorize(Policy = TraceabilityPolicies.View)]
public sealed class LibraryModel(UimPatternLibrary library) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Party { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    public IReadOnlyList<PatternView> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Party = Party?.Trim().ToUpperInvariant() is { Length: 2 } p ? p : null;
        Search = Search is { Length: > 200 } ? Search[..200] : Search;
        Items = await library.ListAsync(Party, Search, false, ct);
    }

    public static string Shape(PatternView p) => p.Segments is { } segments
        ? string.Join(" + ", segments.Select(s => s.Literal ?? $"{s.Alphabet} {(s.Min == s.Max ? s.Min.ToString() : $"{s.Min}–{s.Max}")}"))
        : "/" + p.Regex + "/";
}
