using System.Linq.Expressions;

namespace Cordon.Domain.Notifications;

/// <summary>
/// The text of an in-app notification, stored once however many users receive it (ADR 52): an incident alerting fifty
/// followers writes one message and fifty narrow <see cref="Notification"/> rows. The text is a message key and arguments,
/// not prose, so that each reader sees it in the language they chose.
/// </summary>
public sealed class NotificationMessage
{
    public long Id { get; init; }

    /// <summary>Resource key of the message, e.g. "Notification.UserRemoved".</summary>
    public required string MessageKey { get; init; }

    /// <summary>Arguments of the message, "|"-separated; formatted into the localized text.</summary>
    public string Arguments { get; init; } = "";
    public string? Link { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public string[] ArgumentList => Arguments.Length == 0 ? [] : Arguments.Split('|');

    public static string JoinArguments(IEnumerable<string> args) => string.Join('|', args.Select(a => a.Replace('|', '/')));
}

/// <summary>
/// An in-app notification to one user: which message, and whether they have read it. Keyed by (user, message), the only
/// order in which it is read (the centre, the unread count, the live push).
/// </summary>
public sealed class Notification
{
    public Guid UserId { get; init; }
    public long MessageId { get; init; }
    public NotificationMessage Message { get; init; } = null!;
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>
/// An e-mail waiting in the outbox, to one recipient or to many (ADR 49): the same mail to every follower of an incident is one
/// row, not one per address. The sender sends each recipient a message of their own (no one sees the others' addresses) and
/// keeps its place in the list, so a retry resumes where the last attempt stopped.
/// </summary>
public sealed class OutboxEmail
{
    public long Id { get; init; }

    /// <summary>The recipients' addresses, one per line (see <see cref="Recipients"/> and <see cref="JoinRecipients"/>).</summary>
    public required string To { get; init; }
    public required string Subject { get; init; }
    public required string Body { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>How many of <see cref="Recipients"/>, in order, have been sent or refused by the mail server for good.</summary>
    public int SentCount { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
    public string? LastError { get; set; }

    public IReadOnlyList<string> Recipients => To.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The <see cref="To"/> of a mail to these addresses (an address holds no line break).</summary>
    public static string JoinRecipients(IEnumerable<string> addresses) =>
        string.Join('\n', addresses.Select(a => a.Trim()).Where(a => a.Length > 0 && !a.Contains('\n', StringComparison.Ordinal)).Distinct(StringComparer.OrdinalIgnoreCase));

    /// <summary>Mails of which <paramref name="address"/> is one of the recipients, as a query condition (translated to SQL).</summary>
    public static Expression<Func<OutboxEmail, bool>> AddressedTo(string address)
    {
        var line = "\n" + address + "\n";
        return e => ("\n" + e.To + "\n").Contains(line);
    }
}
