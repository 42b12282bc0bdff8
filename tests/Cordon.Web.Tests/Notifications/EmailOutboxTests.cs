using System.Net;
using System.Net.Sockets;
using Cordon.Application.Data;
using Cordon.Application.Notifications;
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

/// <summary>A deployment whose SMTP server answers (a <see cref="FakeSmtpServer"/> on loopback).</summary>
public sealed class SmtpUpApp : CordonApp
{
    public static readonly FakeSmtpServer Smtp = new();

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Cordon:Smtp:Host"] = "127.0.0.1",
        ["Cordon:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cordon:Smtp:EnableSsl"] = "false",
    };
}

/// <summary>One outbox row for many recipients (ADR 49): each gets a message of their own, a refused address does not stop the others, a failure resumes where it stopped.</summary>
public class EmailOutboxRecipientsTests(SmtpUpApp app) : IClassFixture<SmtpUpApp>
{
    private static FakeSmtpServer Smtp => SmtpUpApp.Smtp;

    /// <summary>Queues a mail after sending whatever else is due (the demo data's mails), so that the server sees only this one next.</summary>
    private async Task<long> QueueAsync(params string[] recipients)
    {
        Smtp.DropAfter = null;
        while (await SendAsync() > 0) { }
        Drain();
        return await app.WithDbAsync(async db =>
        {
            var mail = new OutboxEmail
            {
                To = OutboxEmail.JoinRecipients(recipients), Subject = "Alert", Body = "An incident", CreatedAt = DateTimeOffset.UnixEpoch,
                NextAttemptAt = DateTimeOffset.UnixEpoch,
            };
            db.OutboxEmails.Add(mail);
            await db.SaveChangesAsync();
            return mail.Id;
        });
    }

    private async Task<int> SendAsync()
    {
        var sent = 0;
        await app.WithScopeAsync(async s => sent = await s.GetRequiredService<EmailOutboxSender>().SendDueAsync(CancellationToken.None));
        return sent;
    }

    private static List<FakeSmtpServer.Message> Drain()
    {
        var messages = new List<FakeSmtpServer.Message>();
        while (Smtp.Received.TryDequeue(out var m)) messages.Add(m);
        return messages;
    }

    [Fact]
    public async Task Every_recipient_gets_a_message_of_their_own_and_a_refused_or_malformed_address_does_not_stop_the_others()
    {
        Smtp.Refused["nobody@cordon.example"] = true;
        var id = await QueueAsync("first@cordon.example", "not an address", "nobody@cordon.example", "second@cordon.example");

        Assert.Equal(1, await SendAsync());

        var messages = Drain();
        Assert.Equal(["first@cordon.example", "second@cordon.example"], messages.Select(m => Assert.Single(m.Recipients)));
        // Nobody sees another recipient's address.
        Assert.DoesNotContain("second@cordon.example", messages[0].Data, StringComparison.Ordinal);
        Assert.DoesNotContain("first@cordon.example", messages[1].Data, StringComparison.Ordinal);
        var mail = await app.WithDbAsync(db => db.OutboxEmails.SingleAsync(m => m.Id == id));
        Assert.NotNull(mail.SentAt);
        Assert.Equal(4, mail.SentCount);
        Assert.Contains("nobody@cordon.example", mail.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_failure_midway_is_retried_from_the_recipient_it_stopped_at()
    {
        var id = await QueueAsync("one@cordon.example", "two@cordon.example", "three@cordon.example");
        Smtp.DropAfter = 1;

        Assert.Equal(0, await SendAsync());
        var mail = await app.WithDbAsync(db => db.OutboxEmails.SingleAsync(m => m.Id == id));
        Assert.Null(mail.SentAt);
        Assert.Equal(1, mail.SentCount);
        Assert.Equal(1, mail.Attempts);
        Assert.Equal(["one@cordon.example"], Drain().SelectMany(m => m.Recipients));

        // When it is due again, the recipients not yet sent get theirs; the first is not sent twice.
        Smtp.DropAfter = null;
        await app.WithDbAsync(db => db.OutboxEmails.Where(m => m.Id == id).ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, DateTimeOffset.UnixEpoch)));
        Assert.Equal(1, await SendAsync());
        Assert.Equal(["two@cordon.example", "three@cordon.example"], Drain().SelectMany(m => m.Recipients));
        Assert.Equal(3, await app.WithDbAsync(db => db.OutboxEmails.Where(m => m.Id == id).Select(m => m.SentCount).SingleAsync()));

        // The Secretariat's outbox page lists the recipients.
        var secretariat = await app.SignInAsync("secretariat.admin@cordon.example");
        Assert.Contains("one@cordon.example, two@cordon.example, three@cordon.example", await secretariat.GetStringAsync("/Admin/Outbox"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notification_e_mailed_to_many_users_is_one_outbox_row_with_all_their_addresses()
    {
        var addresses = new[] { "many1@cordon.example", "many2@cordon.example", "many3@cordon.example" };
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<CordonDbContext>();
            await using var tx = await db.BeginWriteAsync();
            s.GetRequiredService<Notifier>().Email(addresses, "Notification.IncidentFollowed", ["test"], "/Incidents");
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        });
        var row = Assert.Single(await app.WithDbAsync(db => db.OutboxEmails.Where(OutboxEmail.AddressedTo("many2@cordon.example")).ToListAsync()));
        Assert.Equal(addresses, row.Recipients);
    }
}
