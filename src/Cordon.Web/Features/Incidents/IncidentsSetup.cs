using Cordon.Application.Incidents;
using Cordon.Web.Infrastructure;

namespace Cordon.Web.Features.Incidents;

public static class IncidentsSetup
{
    /// <summary>
    /// The search's counting limit, and the digest and counter jobs when scheduled jobs run on this node (the services are in
    /// <see cref="IncidentRegistration"/>).
    /// </summary>
    public static IServiceCollection AddIncidentsWeb(this IServiceCollection services, IConfiguration configuration)
    {
        var exactCount = configuration.GetValue("Cordon:Incidents:ExactCountLimit", IncidentQueries.ExactCountLimit);
        services.AddSingleton(new IncidentSearchLimits(Math.Max(1, exactCount)));
        if (configuration.GetValue("Cordon:RunScheduledJobs", true))
        {
            services.AddHostedService<IncidentDigestJob>();
            services.AddHostedService<IncidentStatisticsJob>();
        }
        return services;
    }
}

/// <summary>
/// Daily e-mail digests of incident alerts. It wakes hourly on the node holding its lease and sends what is due
/// (alerts of the days before, not yet sent), so each user gets at most one digest a day, once across nodes.
/// </summary>
public sealed class IncidentDigestJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IncidentDigestJob> logger)
    : LeasedJob(scopes, clock, logger)
{
    protected override string Name => "incident-digests";
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<IncidentDigests>().RunAsync(ct);
}

/// <summary>
/// Folds the dashboard's pending counter deltas into the counters every five seconds on one node (ADR 47). The dashboard is
/// exact without it (it adds the pending deltas); folding keeps the pending rows few, so it stays fast.
/// </summary>
public sealed class IncidentStatisticsJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IncidentStatisticsJob> logger)
    : LeasedJob(scopes, clock, logger)
{
    protected override string Name => "incident-statistics";
    protected override TimeSpan Interval => TimeSpan.FromSeconds(5);

    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        IncidentStatisticsWriter.FoldAllAsync(services.GetRequiredService<Cordon.Application.Data.CordonDbContext>(), ct);
}
