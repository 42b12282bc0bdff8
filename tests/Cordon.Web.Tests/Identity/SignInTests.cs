using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Cordon.Application.Demo;
using Cordon.Domain.Notifications;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Cordon.Web.Tests.Identity;

[Collection(SharedApp.Name)]
public partial class SignInTests(CordonApp app)
{
    [Fact]
    public async Task A_demo_administrator_signs_in_with_password_and_totp()
    {
        var client = await app.SignInAsync("admin.at@cordon.example");
        var home = await client.GetStringAsync("/");
        Assert.Contains("National Administrator AT", home, StringComparison.Ordinal);
        var me = await client.GetFromJsonAsync<MeBody>("/api/v1/me");
        Assert.Equal("AT", me!.Party);
        Assert.Contains("NationalAdministrator", me.Roles);
    }

    [Fact]
    public async Task The_password_alone_gives_no_session()
    {
        var client = app.Anonymous();
        var login = await client.GetStringAsync("/Account/Login");
        var r = await client.PostAsync("/Account/Login", CordonApp.Form(login, ("Input.Email", "regulator.in@cordon.example"), ("Input.Password", DemoData.Password)));
        Assert.Contains("/Account/LoginTwoFactor", r.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Contains("/Account/Login", home.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_readable_message()
    {
        var client = app.Anonymous();
        var login = await client.GetStringAsync("/Account/Login");
        var r = await client.PostAsync("/Account/Login", CordonApp.Form(login, ("Input.Email", "regulator.co@cordon.example"), ("Input.Password", "wrong-Password-1!")));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("Invalid e-mail or password.", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_totp_code_is_refused()
    {
        var client = app.Anonymous();
        var login = await client.GetStringAsync("/Account/Login");
        var r = await client.PostAsync("/Account/Login", CordonApp.Form(login, ("Input.Email", "enforcement.co@cordon.example"), ("Input.Password", DemoData.Password)));
        var page = await client.GetStringAsync(r.Headers.Location!.ToString());
        var wrong = (int.Parse(CordonApp.CurrentTotp("enforcement.co@cordon.example"), System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000;
        var done = await client.PostAsync(r.Headers.Location!.ToString(), CordonApp.Form(page, ("Code", wrong.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("not valid", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var email = await NewUserWithPasswordAsync("locked");
        var client = app.Anonymous();
        string last = "";
        for (var i = 0; i < 6; i++)
        {
            var login = await client.GetStringAsync("/Account/Login");
            var r = await client.PostAsync("/Account/Login", CordonApp.Form(login, ("Input.Email", email), ("Input.Password", "Wrong-password-123!")));
            last = await r.Content.ReadAsStringAsync();
        }
        Assert.Contains("locked", last, StringComparison.Ordinal);
        // Even the right password is refused while locked.
        var again = await client.GetStringAsync("/Account/Login");
        var right = await client.PostAsync("/Account/Login", CordonApp.Form(again, ("Input.Email", email), ("Input.Password", NewPassword)));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task A_new_user_sets_a_password_enrols_totp_and_is_audited()
    {
        var email = await NewUserWithPasswordAsync("newcomer");
        var client = app.Anonymous();
        var login = await client.GetStringAsync("/Account/Login");
        var r = await client.PostAsync("/Account/Login", CordonApp.Form(login, ("Input.Email", email), ("Input.Password", NewPassword)));
        Assert.Contains("/Account/Enroll", r.Headers.Location!.ToString(), StringComparison.Ordinal);
        var enrol = await client.GetStringAsync(r.Headers.Location!.ToString());
        Assert.Contains("<svg", enrol, StringComparison.Ordinal); // the QR code
        var key = SharedKey().Match(enrol).Groups[1].Value;
        var code = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();
        var done = await client.PostAsync(r.Headers.Location!.ToString(), CordonApp.Form(enrol, ("Code", code)));
        Assert.Contains("/Account/RecoveryCodes", done.Headers.Location!.ToString(), StringComparison.Ordinal);
        var codes = await client.GetStringAsync(done.Headers.Location!.ToString());
        Assert.Equal(10, RecoveryCode().Count(codes));
        var me = await client.GetFromJsonAsync<MeBody>("/api/v1/me");
        Assert.Equal(email, me!.Email);

        var admin = await app.SignInAsync("admin.at@cordon.example");
        var audit = await admin.GetStringAsync("/api/v1/audit?limit=200");
        foreach (var action in new[] { "user.created", "password.set", "totp.enrolled", "login.succeeded" })
            Assert.Contains(action, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_session_of_the_user()
    {
        var first = await app.SignInAsync("regulator.kz@cordon.example");
        var second = await app.SignInAsync("regulator.kz@cordon.example");
        var manage = await first.GetStringAsync("/Account/Manage");
        var r = await first.PostAsync("/Account/Manage?handler=LogoutEverywhere", CordonApp.Form(manage));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        var email = await NewUserWithPasswordAsync("recovery");
        var client = app.Anonymous();
        var login = await client.GetStringAsync("/Account/Login");
        var r = await client.PostAsync("/Account/Login", CordonApp.Form(login, ("Input.Email", email), ("Input.Password", NewPassword)));
        var enrol = await client.GetStringAsync(r.Headers.Location!.ToString());
        var key = SharedKey().Match(enrol).Groups[1].Value;
        var done = await client.PostAsync(r.Headers.Location!.ToString(), CordonApp.Form(enrol, ("Code", new Totp(Base32Encoding.ToBytes(key)).ComputeTotp())));
        var codes = RecoveryCode().Matches(await client.GetStringAsync(done.Headers.Location!.ToString())).Select(m => m.Groups[1].Value).ToList();

        async Task<HttpResponseMessage> UseCode(string recovery)
        {
            var c = app.Anonymous();
            var l = await c.GetStringAsync("/Account/Login");
            await c.PostAsync("/Account/Login", CordonApp.Form(l, ("Input.Email", email), ("Input.Password", NewPassword)));
            var page = await c.GetStringAsync("/Account/LoginRecoveryCode");
            return await c.PostAsync("/Account/LoginRecoveryCode", CordonApp.Form(page, ("RecoveryCode", recovery)));
        }
        Assert.Equal(HttpStatusCode.Redirect, (await UseCode(codes[0])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await UseCode(codes[0])).StatusCode); // refused the second time
    }

    internal const string NewPassword = "Brand-new-Passw0rd!";

    /// <summary>Creates a user of AT through the API and sets the password through the e-mailed link.</summary>
    private async Task<string> NewUserWithPasswordAsync(string name)
    {
        var admin = await app.SignInAsync("admin.at@cordon.example");
        var authority = await app.WithDbAsync(db => db.Authorities.Where(a => a.PartyCode == "AT").Select(a => a.Id).FirstAsync());
        var email = $"{name}.{Guid.NewGuid():N}@cordon.example";
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email, displayName = "Test " + name, authorityId = authority, nationalAdministrator = false, permissions = new[] { "Permits.View" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var mail = await app.WithDbAsync(db => db.OutboxEmails.Where(OutboxEmail.AddressedTo(email)).SingleAsync());
        var link = SetPasswordLink().Match(mail.Body).Groups[1].Value;
        var anon = app.Anonymous();
        var page = await anon.GetStringAsync(link);
        var r = await anon.PostAsync(link, CordonApp.Form(page, ("Password", NewPassword), ("Confirm", NewPassword)));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return email;
    }

    [GeneratedRegex("<code id=\"shared-key\">([A-Z2-7]+)</code>")]
    private static partial Regex SharedKey();

    [GeneratedRegex("<li>([a-zA-Z0-9]{4,5}-[a-zA-Z0-9]{4,5})</li>")]
    private static partial Regex RecoveryCode();

    [GeneratedRegex(@"https?://[^/\s]+(/Account/SetPassword\?\S+)")]
    private static partial Regex SetPasswordLink();

    private sealed record MeBody(string Id, string Name, string? Email, string? Party, string? AuthorityId, List<string> Roles, List<string> Permissions, bool IsApiClient);
}
