namespace Cordon.Domain.Notifications;

/// <summary>
/// An in-app notification to one user. The text is stored as a message key and arguments, not as prose,
/// so that each reader sees it in the language they chose.
/// </summary>
public sealed class Notification
{
    public long Id { get; init; }
    public Guid UserId { get; init; }

    /// <summary>Resource key of the message, e.g. "Notification.UserRemoved".</summary>
    public required string MessageKey { get; init; }

    /// <summary>Arguments of the message, "|"-separated; formatted into the localized text.</summary>
    public string Arguments { get; init; } = "";
    public string? Link { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; set; }

    public string[] ArgumentList => Arguments.Length == 0 ? [] : Arguments.Split('|');

    public static string JoinArguments(IEnumerable<string> args) => string.Join('|', args.Select(a => a.Replace('|', '/')));
}

/// <summary>An e-mail waiting in the outbox. Sent by the background sender; retried until it goes.</summary>
public sealed class OutboxEmail
{
    public long Id { get; init; }
    public required string To { get; init; }
    public required string Subject { get; init; }
    public required string Body { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
    public string? LastError { get; set; }
}
