using Cordon.Application.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Cordon.Web.Infrastructure;

/// <summary>Shows a refused use case on a page: its message and each field's errors, in the user's language.</summary>
public static class OutcomeModelState
{
    /// <param name="headline">Already localized, replacing the outcome's message: for messages that carry figures, which
    /// the service writes in English for the API.</param>
    public static void AddOutcome<T>(this ModelStateDictionary state, Outcome<T> outcome, IStringLocalizer l, string fallback = "The request is not valid.", string? headline = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(l);
        state.AddModelError("", headline ?? l[outcome.Message ?? fallback]);
        foreach (var (field, messages) in outcome.Errors ?? new Dictionary<string, string[]>())
            foreach (var m in messages) state.AddModelError("", $"{field}: {l[m]}");
    }
}
