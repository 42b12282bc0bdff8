using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cordon.Domain.Exchange;

/// <summary>A national system's endpoint that receives the Party's feed items as signed POSTs.</summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; init; }
    public Guid AuthorityId { get; init; }
    public required string PartyCode { get; init; }
    public required string Url { get; set; }

    /// <summary>Shared secret for the HMAC signature; shown once at creation. Stored as given: the server must sign with it.</summary>
    public required string Secret { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DisabledAt { get; set; }
}

public enum WebhookDeliveryState
{
    Pending,
    Delivered,
    Failed,
    /// <summary>Accepted (2xx) by the national system, which answered with warnings (ADR 0023).</summary>
    DeliveredWithWarnings,
}

public sealed class WebhookDelivery
{
    public long Id { get; init; }
    public Guid SubscriptionId { get; init; }
    public long FeedItemId { get; init; }
    public WebhookDeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>The warnings a national system returned with its 2xx answer, one per line (ADR 0023).</summary>
    public string? Warnings { get; set; }

    public const int MaxWarningsLength = 4000;

    /// <summary>Reads the warnings of a 2xx answer: a JSON object <c>{"warnings": ["...", ...]}</c>; anything else has none.</summary>
    public static IReadOnlyList<string> ParseWarnings(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return [];
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("warnings", out var list) || list.ValueKind != System.Text.Json.JsonValueKind.Array) return [];
            return list.EnumerateArray()
                .Select(w => w.ValueKind == System.Text.Json.JsonValueKind.String ? w.GetString()! : w.GetRawText())
                .Select(w => new string(w.Where(c => !char.IsControl(c)).ToArray()).Trim()).Where(w => w.Length > 0).Take(50).ToList();
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }

    public static string? JoinWarnings(IReadOnlyList<string> warnings)
    {
        if (warnings.Count == 0) return null;
        var joined = string.Join("\n", warnings);
        return joined.Length > MaxWarningsLength ? joined[..MaxWarningsLength] : joined;
    }

    public static IReadOnlyList<string> SplitWarnings(string? warnings) => warnings is null ? [] : warnings.Split('\n');
}

/// <summary>The signature header a receiver checks: "t=unix-seconds,v1=hex(HMAC-SHA256(secret, t + '.' + body))".</summary>
public static class WebhookSignature
{
    public const string HeaderName = "Cordon-Signature";

    public static string Create(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data);
        return $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>Checks a header in constant time and refuses signatures older than <paramref name="tolerance"/>.</summary>
    public static bool Verify(string secret, string header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        long t = 0;
        string? v1 = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && long.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var ts)) t = ts;
            else if (part.StartsWith("v1=", StringComparison.Ordinal)) v1 = part[3..];
        }
        if (v1 is null || t == 0) return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - t) > tolerance.TotalSeconds) return false;
        var expected = Create(secret, t, body);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes($"t={t.ToString(CultureInfo.InvariantCulture)},v1={v1}"));
    }
}

/// <summary>Exponential back-off with a cap: 30 s, 1 min, 2 min... up to 6 h; failed after <see cref="MaxAttempts"/>.</summary>
public static class RetrySchedule
{
    public const int MaxAttempts = 12;

    public static TimeSpan DelayAfter(int attempts)
    {
        var seconds = 30 * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.FromHours(6).TotalSeconds));
    }

    public static bool IsExhausted(int attempts) => attempts >= MaxAttempts;
}
