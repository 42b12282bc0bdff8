using Cordon.Application.PreExport;
using Cordon.Web.Infrastructure;

namespace Cordon.Web.Features.PreExport;

public static class PreExportSetup
{
    /// <summary>The module's services, and its deadline job when scheduled jobs run on this node.</summary>
    public static IServiceCollection AddPreExport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<PreExportNotifications>();
        services.AddScoped<PreExportAttachments>();
        services.AddScoped<PreExportRegister>();
        services.AddScoped<PreExportDeadlines>();
        services.AddScoped<PreExportStatistics>();
        services.AddScoped<PreExportImport>();
        services.AddScoped<PreExportIncidents>();
        services.AddScoped<PreExportDemoData>();
        if (configuration.GetValue("Cordon:RunScheduledJobs", true))
        {
            services.AddHostedService<PreExportDeadlineJob>();
            services.AddHostedService<PreExportCountsJob>();
        }
        return services;
    }
}

/// <summary>Reminders before reply deadlines and "no reply by deadline" after them, every minute on one node.</summary>
public sealed class PreExportDeadlineJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PreExportDeadlineJob> logger)
    : LeasedJob(scopes, clock, logger)
{
    protected override string Name => "preexport-deadlines";
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<PreExportDeadlines>().RunAsync(ct);
}

/// <summary>
/// Folds the pending statistics deltas into the counters every five seconds on one node (ADR 35). The statistics are exact
/// without it (they add the pending deltas); folding keeps the pending rows few, so the pages stay fast.
/// </summary>
public sealed class PreExportCountsJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PreExportCountsJob> logger)
    : LeasedJob(scopes, clock, logger)
{
    protected override string Name => "preexport-counts";
    protected override TimeSpan Interval => TimeSpan.FromSeconds(5);

    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        PreExportCounts.FoldAllAsync(services.GetRequiredService<Cordon.Application.Data.CordonDbContext>(), ct);
}
