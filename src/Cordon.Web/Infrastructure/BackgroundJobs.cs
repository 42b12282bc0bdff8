using Cordon.Application.Jobs;

namespace Cordon.Web.Infrastructure;

/// <summary>
/// A job that runs every <see cref="Interval"/> on whichever node holds its lease, so it runs once across
/// nodes. A crashed node's lease expires and another node takes over.
/// </summary>
public abstract class LeasedJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;

    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected abstract string Name { get; }
    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var leases = scope.ServiceProvider.GetRequiredService<JobLeases>();
                if (await leases.TryAcquireAsync(Name, _holder, Interval * 3 + TimeSpan.FromSeconds(30), stoppingToken))
                    await RunAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A failing run must not stop the schedule: log it and try again next interval.
                logger.LogError(ex, "Background job {Job} failed", Name);
            }
            try
            {
                await Task.Delay(Interval, Clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
