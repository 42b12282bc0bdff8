using System.Net.Mail;
using System.Text;
using System.Text.Json;
using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Domain.Exchange;
using Cordon.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cordon.Web.Infrastructure;

/// <summary>Signs the audit chain head at intervals, so that a rewrite of the whole chain is detectable.</summary>
public sealed class AuditCheckpointJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CordonOptions> options, ILogger<AuditCheckpointJob> logger)
    : LeasedJob(scopes, clock, logger)
{
    protected override string Name => "audit-checkpoint";
    protected override TimeSpan Interval => options.Value.AuditCheckpointInterval;

    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<AuditChainService>().CheckpointAsync(ct);
}

/// <summary>Runs the e-mail outbox sender every ten seconds on one node.</summary>
public sealed class EmailOutboxJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<EmailOutboxJob> logger)
    : LeasedJob(scopes, clock, logger)
{
    protected override string Name => "email-outbox";
    protected override TimeSpan Interval => TimeSpan.FromSeconds(10);

    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<EmailOutboxSender>().SendDueAsync(ct);
}

/// <summary>
/// Sends the e-mail outbox through SMTP. Without an SMTP host the mails stay in the outbox (viewable by the
/// Secretariat administrator); when SMTP fails they are retried with back-off, never dropped silently.
/// </summary>
public sealed class EmailOutboxSender(CordonDbContext db, TimeProvider clock, IOptions<CordonOptions> options)
{
    /// <summary>
    /// Messages sent in one pass at most, so that a pass ends well within the job's lease (a mail to many is resumed by the next
    /// pass, where it stopped).
    /// </summary>
    public const int MessagesPerPass = 500;

    /// <summary>Sends what is due; returns how many mails were sent to all their recipients.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host)) return 0;
        var now = clock.GetUtcNow();
        var due = await db.OutboxEmails.Where(e => e.SentAt == null && e.FailedAt == null && e.NextAttemptAt <= now)
            .OrderBy(e => e.Id).Take(50).ToListAsync(ct);
        if (due.Count == 0) return 0;
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl, Timeout = 15_000 };
        if (smtp.UserName is not null) client.Credentials = new System.Net.NetworkCredential(smtp.UserName, smtp.Password);
        var sent = 0;
        var budget = MessagesPerPass;
        foreach (var mail in due)
        {
            if (budget == 0) break;
            var recipients = mail.Recipients;
            try
            {
                // Each recipient gets a message of their own: followers in other countries never see each other's addresses.
                for (; mail.SentCount < recipients.Count && budget > 0; mail.SentCount++, budget--)
                {
                    var to = recipients[mail.SentCount];
                    if (!MailAddress.TryCreate(to, out _))
                    {
                        mail.LastError = Limit($"{to}: not an e-mail address");
                        continue;
                    }
                    try
                    {
                        using var message = new MailMessage(smtp.From, to, mail.Subject, mail.Body);
                        await client.SendMailAsync(message, ct);
                    }
                    catch (SmtpFailedRecipientException ex)
                    {
                        // This address is refused (unknown mailbox…): noted, and the other recipients still get theirs.
                        mail.LastError = Limit($"{to}: {ex.Message}");
                    }
                }
                if (mail.SentCount >= recipients.Count)
                {
                    mail.SentAt = clock.GetUtcNow();
                    sent++;
                }
            }
            catch (Exception ex) when (ex is SmtpException or InvalidOperationException or FormatException or IOException)
            {
                // The server or the connection failed: the mail is retried later from the recipient it stopped at.
                // SmtpClient's own message ("Failure sending mail.") says little; the inner exception says why.
                Retry(mail, ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message, clock.GetUtcNow());
            }
            await db.SaveChangesAsync(ct);
        }
        return sent;
    }

    private static string Limit(string error) => error.Length > 1000 ? error[..1000] : error;

    private static void Retry(OutboxEmail mail, string error, DateTimeOffset now)
    {
        mail.Attempts++;
        mail.LastError = Limit(error);
        if (RetrySchedule.IsExhausted(mail.Attempts)) mail.FailedAt = now;
        else mail.NextAttemptAt = now + RetrySchedule.DelayAfter(mail.Attempts);
    }
}

/// <summary>Runs the webhook dispatcher every few seconds on one node.</summary>
public sealed class WebhookJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<WebhookJob> logger)
    : LeasedJob(scopes, clock, logger)
{
    protected override string Name => "webhooks";
    protected override TimeSpan Interval => TimeSpan.FromSeconds(5);

    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(ct);
}

/// <summary>POSTs feed items to national systems' webhooks, signed, retried with back-off until delivered or failed.</summary>
public sealed class WebhookDispatcher(CordonDbContext db, TimeProvider clock, IHttpClientFactory http)
{
    public const string HttpClientName = "webhooks";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await (
            from d in db.WebhookDeliveries
            join s in db.WebhookSubscriptions on d.SubscriptionId equals s.Id
            join f in db.FeedItems on d.FeedItemId equals f.Id
            where d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now
            orderby d.Id
            select new { Delivery = d, Subscription = s, Item = f }).Take(100).ToListAsync(ct);
        var client = http.CreateClient(HttpClientName);
        foreach (var x in due)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                id = x.Item.Id, x.Item.Module, x.Item.RecordType, x.Item.RecordId, x.Item.Event,
                party = x.Item.RecipientPartyCode, createdAt = x.Item.CreatedAt,
            }, Json);
            using var request = new HttpRequestMessage(HttpMethod.Post, x.Subscription.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Create(x.Subscription.Secret, clock.GetUtcNow().ToUnixTimeSeconds(), body));
            request.Headers.Add("Cordon-Delivery", x.Delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            string? error;
            IReadOnlyList<string> warnings = [];
            try
            {
                using var response = await client.SendAsync(request, ct);
                error = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
                // A national system may accept with warnings: 2xx and {"warnings": [...]} (ADR 0023); at most 64 KB is read.
                if (error is null && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
                    warnings = WebhookDelivery.ParseWarnings(await ReadAtMostAsync(response.Content, 64 * 1024, ct));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                error = ex.Message;
            }
            var d = x.Delivery;
            d.Attempts++;
            if (error is null)
            {
                d.State = warnings.Count > 0 ? WebhookDeliveryState.DeliveredWithWarnings : WebhookDeliveryState.Delivered;
                d.Warnings = WebhookDelivery.JoinWarnings(warnings);
                d.DeliveredAt = clock.GetUtcNow();
                await db.Deliveries.Where(del => del.Id == x.Item.DeliveryId && del.State == DeliveryState.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(del => del.State, DeliveryState.Delivered).SetProperty(del => del.DeliveredAt, d.DeliveredAt), ct);
            }
            else
            {
                d.LastError = error.Length > 1000 ? error[..1000] : error;
                if (RetrySchedule.IsExhausted(d.Attempts)) d.State = WebhookDeliveryState.Failed;
                else d.NextAttemptAt = clock.GetUtcNow() + RetrySchedule.DelayAfter(d.Attempts);
            }
            await db.SaveChangesAsync(ct);
        }
        return due.Count;
    }

    private static async Task<string?> ReadAtMostAsync(HttpContent content, int limit, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[limit + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0) length += read;
        return length > limit ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }
}
