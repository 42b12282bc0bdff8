namespace Cordon.Client;

/// <summary>How patiently the client retries transient failures.</summary>
public sealed class CordonClientOptions
{
    /// <summary>Retries after the first attempt (so at most MaxRetries + 1 requests).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first back-off; it doubles with each retry.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A Retry-After longer than this is not waited for: the error is returned instead.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The clock for back-off delays; replace it in tests to retry without waiting.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
