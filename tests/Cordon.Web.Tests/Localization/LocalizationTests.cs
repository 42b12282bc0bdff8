using System.Collections;
using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Localization;

[Collection(SharedApp.Name)]
public partial class LocalizationTests(CordonApp app)
{
    private static readonly ResourceManager Resources = new("Cordon.Web.Resources.SharedResource", typeof(Cordon.Web.SharedResource).Assembly);

    private static Dictionary<string, string> Set(CultureInfo culture) =>
        Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    [Theory]
    [InlineData("fr")]
    [InlineData("ru")]
    [InlineData("es")]
    public void Every_string_is_translated(string language)
    {
        var neutral = Set(CultureInfo.InvariantCulture);
        var translated = Set(new CultureInfo(language));
        Assert.True(neutral.Count > 100, $"only {neutral.Count} strings in the neutral resources");
        var missing = neutral.Keys.Where(k => !translated.TryGetValue(k, out var v) || string.IsNullOrWhiteSpace(v)).ToList();
        Assert.True(missing.Count == 0, $"{language} lacks: {string.Join(" | ", missing.Take(20))}");
        var brokenPlaceholders = neutral.Where(kv => Placeholders(kv.Value) != Placeholders(translated[kv.Key])).Select(kv => kv.Key).ToList();
        Assert.True(brokenPlaceholders.Count == 0, $"{language} placeholders differ in: {string.Join(" | ", brokenPlaceholders)}");
    }

    private static string Placeholders(string s) => string.Join(",", Placeholder().Matches(s).Select(m => m.Value).Order(StringComparer.Ordinal));

    public static TheoryData<string, string> Pages => new()
    {
        { "fr", "/" }, { "fr", "/Admin/Users" }, { "fr", "/Admin/Audit" }, { "fr", "/Admin/ApiClients" }, { "fr", "/Reference/Substances" },
        { "fr", "/Notifications" }, { "fr", "/Account/Manage" }, { "fr", "/Admin/Parties" }, { "ru", "/Admin/Parties" }, { "ru", "/" }, { "ru", "/Admin/Users" }, { "es", "/" }, { "es", "/Admin/Users" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Main_pages_show_no_english_text_in_another_language(string language, string path)
    {
        var client = await app.SignInAsync("secretariat.admin@cordon.example");
        var html = await client.GetStringAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "culture=" + language);
        Assert.Contains($"<html lang=\"{language}\"", html, StringComparison.Ordinal);
        AssertNoEnglish(html, language, path);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("ru")]
    [InlineData("es")]
    public async Task The_sign_in_page_is_translated_before_signing_in(string language)
    {
        var r = await app.Anonymous().GetAsync($"/Account/Login?culture={language}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        AssertNoEnglish(await r.Content.ReadAsStringAsync(), language, "/Account/Login");
    }

    [Fact]
    public async Task The_choice_of_language_is_remembered_for_the_user()
    {
        var client = await app.SignInAsync("regulator.co@cordon.example");
        var home = await client.GetStringAsync("/");
        var r = await client.PostAsync("/language", CordonApp.Form(home, ("culture", "es"), ("returnUrl", "/")));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        // A new session on another browser starts in Spanish: the choice is on the profile, not only in the cookie.
        var other = await app.SignInAsync("regulator.co@cordon.example");
        Assert.Contains("<html lang=\"es\"", await other.GetStringAsync("/"), StringComparison.Ordinal);
        var back = await other.PostAsync("/language", CordonApp.Form(await other.GetStringAsync("/"), ("culture", "en"), ("returnUrl", "/")));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
    }

    [Fact]
    public void Password_rule_errors_speak_the_users_language()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("fr");
            using var scope = app.Services.CreateScope();
            var describer = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IdentityErrorDescriber>();
            Assert.Equal("Le mot de passe doit comporter au moins 12 caractères.", describer.PasswordTooShort(12).Description);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static void AssertNoEnglish(string html, string language, string path)
    {
        var neutral = Set(CultureInfo.InvariantCulture);
        var translated = Set(new CultureInfo(language));
        // English texts whose translation differs (so seeing them means a miss), long enough to be sentences or labels.
        var english = neutral.Where(kv => kv.Value.Length >= 4 && !kv.Value.Contains('{', StringComparison.Ordinal)
                                          && translated.TryGetValue(kv.Key, out var t) && t != kv.Value)
            .Select(kv => kv.Value).ToHashSet(StringComparer.Ordinal);
        // Scripts and <code> (identifiers such as audit actions and record types) are not prose.
        var prose = Regex.Replace(html, "<(script|code)[^>]*>.*?</\\1>", "", RegexOptions.Singleline);
        var texts = TextNode().Matches(prose)
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim()).Where(t => t.Length > 0).ToList();
        var leftovers = texts.Where(english.Contains).Distinct().ToList();
        Assert.True(leftovers.Count == 0, $"{path} in {language} still shows: {string.Join(" | ", leftovers)}");
    }

    [GeneratedRegex(@"\{\d+[^}]*\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(">([^<>]+)<")]
    private static partial Regex TextNode();
}
