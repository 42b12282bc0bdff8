using System.Security.Claims;
using Cordon.Application.Data;
using Cordon.Application.Identity;
using Cordon.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Web.Features.Account;

public sealed record MeResponse(string Id, string Name, string? Email, string? Party, string? AuthorityId, IReadOnlyList<string> Roles, IReadOnlyList<string> Permissions, bool IsApiClient);

public static class AccountEndpoints
{
    public static void MapAccountApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(
                user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
                user.FindFirstValue(CordonClaims.DisplayName) ?? user.Identity?.Name ?? "",
                user.FindFirstValue(ClaimTypes.Email),
                user.PartyCode(),
                user.FindFirstValue(CordonClaims.Authority),
                user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
                user.FindAll(CordonClaims.Permission).Select(c => c.Value).Order(StringComparer.Ordinal).ToList(),
                user.HasClaim(c => c.Type == CordonClaims.ApiClient))))
            .WithName("GetMe").WithTags("Account").WithSummary("Who the caller is: Party, authority, roles and module rights.");
    }

    /// <summary>POST /language: the language menu. Remembers the choice in a cookie and on the user's profile.</summary>
    public static void MapLanguageEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/language", async Task<Results<RedirectHttpResult, ProblemHttpResult>> (
                [FromForm] string culture, [FromForm] string? returnUrl, HttpContext http, CordonDbContext db) =>
            {
                if (!Languages.IsSupported(culture))
                    return ProblemResults.Invalid($"Choose one of: {string.Join(", ", Languages.Supported)}.");
                Languages.Remember(http.Response, culture);
                if (http.User.UserId() is { } id)
                    await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredLanguage, culture));
                return TypedResults.LocalRedirect(SignInFlow.SafeReturnUrl(returnUrl));
            })
            .AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
    }
}
