using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Cordon.Web.Infrastructure;

public static class Languages
{
    public static readonly string[] Supported = ["en", "fr", "ru", "es"];

    /// <summary>Each language's name in itself, for the language menu.</summary>
    public static readonly IReadOnlyDictionary<string, string> NativeNames = new Dictionary<string, string>
    {
        ["en"] = "English", ["fr"] = "Français", ["ru"] = "Русский", ["es"] = "Español",
    };

    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is var l && Supported.Contains(l) ? l : "en";

    public static bool IsSupported(string? language) => language is not null && Supported.Contains(language);

    /// <summary>Remembers the choice in the culture cookie for a year.</summary>
    public static void Remember(HttpResponse response, string language) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions { Expires = DateTimeOffset.UnixEpoch.AddYears(100), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = false });

    public static IServiceCollection AddCordonLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Supported.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }
}

/// <summary>Dates and times as users see them: ISO 8601, UTC, whatever the language.</summary>
public static class Iso
{
    public static string DateTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset? t) => t is { } v ? DateTime(v) : "";

    public static string Date(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
