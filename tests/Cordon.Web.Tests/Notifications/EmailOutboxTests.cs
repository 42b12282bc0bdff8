using System.Net;
using System.Net.Sockets;
using Cordon.Domain.Notifications;
using Cordon.Web.Infrastructure;
using Cordon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Web.Tests.Notifications;

/// <summary>A deployment whose SMTP server is down: a port on loopback where nothing listens.</summary>
public sealed class SmtpDownApp : CordonApp
{
    public static readonly int DeadPort = FreePort();

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Cordon:Smtp:Host"] = "127.0.0.1",
        ["Cordon:Smtp:Port"] = DeadPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cordon:Smtp:EnableSsl"] = "false",
    };

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

public class EmailOutboxTests(SmtpDownApp app) : IClassFixture<SmtpDownApp>
{
    [Fact]
    public async Task A_mail_is_kept_and_retried_later_when_smtp_is_down()
    {
        var id = await app.WithDbAsync(async db =>
        {
            var mail = new OutboxEmail { To = "someone@cordon.example", Subject = "s", Body = "b", CreatedAt = DateTimeOffset.UnixEpoch, NextAttemptAt = DateTimeOffset.UnixEpoch };
            db.OutboxEmails.Add(mail);
            await db.SaveChangesAsync();
            return mail.Id;
        });
        await app.WithScopeAsync(s => s.GetRequiredService<EmailOutboxSender>().SendDueAsync(CancellationToken.None));
        var after = await app.WithDbAsync(db => db.OutboxEmails.SingleAsync(m => m.Id == id));
        Assert.Null(after.SentAt);
        Assert.Null(after.FailedAt);
        Assert.Equal(1, after.Attempts);
        Assert.NotNull(after.LastError);
        Assert.True(after.NextAttemptAt > TimeProvider.System.GetUtcNow());

        // Not due yet: a second run does not hammer the server.
        await app.WithScopeAsync(s => s.GetRequiredService<EmailOutboxSender>().SendDueAsync(CancellationToken.None));
        Assert.Equal(1, await app.WithDbAsync(db => db.OutboxEmails.Where(m => m.Id == id).Select(m => m.Attempts).SingleAsync()));

        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        Assert.Contains("someone@cordon.example", await secretariat.GetStringAsync("/Admin/Outbox"), StringComparison.Ordinal);
    }
}
