using System.Collections.Concurrent;
using Cordon.Domain.Api;
using Cordon.Application.Identity;
using Cordon.Domain.Documents;
using Cordon.Domain.Exchange;
using Cordon.Domain.Identity;
using Cordon.Domain.Incidents;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cordon.Application.Data;

/// <summary>
/// Whether the directory (users, their roles and grants, API clients, signing keys, webhook subscriptions, the Parties'
/// incident channels, who follows what and how each user is alerted, and the register of article 12(10)(a) invocations,
/// ADR 0053) may be read from memory, and which generation of it is current (ADR 0050). A database's directory
/// is cacheable only while this node listens to its change signals: on PostgreSQL a trigger on every directory table notifies
/// <see cref="Channel"/> at commit, and <see cref="DirectoryChangeListener"/> moves the generation on when it hears it.
/// Saves through EF in this process move it on at once (<see cref="Reference.ReferenceChangeInterceptor"/>). While the
/// listener is not connected (SQLite, a lost connection) nothing is cached and every read goes to the database.
/// </summary>
public static class DirectoryChanges
{
    /// <summary>The PostgreSQL notification channel the directory tables' trigger notifies.</summary>
    public const string Channel = "cordon_directory";

    /// <summary>A cached entry is also dropped after this long, should a signal ever be missed.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    private sealed class State
    {
        public long Generation;
        public volatile bool Listening;
    }

    private static readonly ConcurrentDictionary<string, State> States = new(StringComparer.Ordinal);

    /// <summary>Moved on by any local change, for every database: a change seen here drops every cache at once.</summary>
    private static long _local;

    /// <summary>The current generation of the database's directory, or null when it must not be cached.</summary>
    public static long? GenerationOf(string database) =>
        States.TryGetValue(database, out var s) && s.Listening ? Interlocked.Read(ref s.Generation) + Interlocked.Read(ref _local) : null;

    /// <summary>A directory change was saved in this process: every cached entry is dropped.</summary>
    public static void Changed() => Interlocked.Increment(ref _local);

    internal static void Signalled(string database) => Interlocked.Increment(ref States.GetOrAdd(database, _ => new State()).Generation);

    internal static void Listening(string database, bool listening)
    {
        var s = States.GetOrAdd(database, _ => new State());
        // Changes made while nobody listened were not heard: a new generation drops what was cached before.
        Interlocked.Increment(ref s.Generation);
        s.Listening = listening;
    }

    internal static bool IsDirectory(object entity) =>
        entity is CordonUser or CordonRole or IdentityUserRole<Guid> or ModuleGrant or ApiClient or SigningKey or WebhookSubscription
        or IncidentChannelMembership or IncidentFollow or IncidentAlertPreference or Domain.PreExport.Invocation;
}

/// <summary>
/// Directory look-ups kept in memory between changes (ADR 0050), per database and key. An entry is used only if it was
/// loaded in the current generation (see <see cref="DirectoryChanges"/>) and is younger than
/// <see cref="DirectoryChanges.MaxAge"/>. Values are shared between requests: callers must not modify them.
/// </summary>
public sealed class DirectoryCache<TKey, TValue>(int capacity) where TKey : notnull
{
    private sealed record Entry(TValue Value, long Generation, long LoadedAt);

    private readonly ConcurrentDictionary<(string Database, TKey Key), Entry> _entries = new();

    public Task<TValue> GetAsync(CordonDbContext db, TKey key, Func<CordonDbContext, TKey, CancellationToken, Task<TValue>> load, CancellationToken ct) =>
        GetAsync(db, key, key, load, ct);

    /// <summary>As above, the loader given <paramref name="input"/> (what the key was made from) rather than the key.</summary>
    public async Task<TValue> GetAsync<TInput>(CordonDbContext db, TKey key, TInput input, Func<CordonDbContext, TInput, CancellationToken, Task<TValue>> load, CancellationToken ct)
    {
        var database = db.Database.GetConnectionString() ?? "";
        // Read before loading: a change signalled during the load leaves the entry in an old generation.
        var generation = DirectoryChanges.GenerationOf(database);
        if (generation is null) return await load(db, input, ct);
        if (_entries.TryGetValue((database, key), out var e) && e.Generation == generation
            && System.Diagnostics.Stopwatch.GetElapsedTime(e.LoadedAt) < DirectoryChanges.MaxAge)
            return e.Value;
        var loadedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var value = await load(db, input, ct);
        // Bounded: a full cache starts again rather than growing with the keys of one busy day.
        if (_entries.Count >= capacity) _entries.Clear();
        _entries[(database, key)] = new Entry(value, generation.Value, loadedAt);
        return value;
    }
}

/// <summary>
/// Listens to the directory's change signals on PostgreSQL (ADR 0050) on a connection of its own, and reconnects when
/// that connection is lost. The directory is cached only while it listens.
/// </summary>
public sealed class DirectoryChangeListener(string connectionString, ILogger<DirectoryChangeListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Keyed as the contexts see it, so that their caches find this listener's state.
        var database = connectionString;
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Its own small pool; keepalives find a connection that died without a word within seconds.
            ApplicationName = "cordon-directory-listener", KeepAlive = 10, Pooling = false, Multiplexing = false,
        };
        var retry = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                connection.Notification += (_, _) => DirectoryChanges.Signalled(database);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {DirectoryChanges.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                DirectoryChanges.Listening(database, true);
                retry = TimeSpan.FromSeconds(1);
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                DirectoryChanges.Listening(database, false);
                logger.LogWarning(e, "The directory's change signals are not heard; the directory is read from the database until they are (retry in {Retry}).", retry);
                try
                {
                    await Task.Delay(retry, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
        DirectoryChanges.Listening(database, false);
    }
}
