using Cordon.Application.Monitoring;
using Cordon.Web.Infrastructure;

namespace Cordon.Web.Features.Monitoring;

public static class MonitoringSetup
{
    /// <summary>The module's services and settings (section Monitoring), and its reminder job when scheduled jobs run on this node.</summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = new MonitoringSettings();
        configuration.GetSection("Monitoring").Bind(settings);
        services.AddSingleton(settings);
        services.AddScoped<SubmissionService>();
        services.AddScoped<CrossChecks>();
        services.AddScoped<UtilizationService>();
        services.AddScoped<TradePatternService>();
        services.AddScoped<MonitoringThreads>();
        services.AddScoped<MonitoringReminders>();
        services.AddScoped<MonitoringDemoData>();
        if (configuration.GetValue("Cordon:RunScheduledJobs", true))
            services.AddHostedService<MonitoringReminderJob>();
        return services;
    }
}

/// <summary>Reminders of forms not yet submitted as their deadlines near, hourly on one node.</summary>
public sealed class MonitoringReminderJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<MonitoringReminderJob> logger)
    : LeasedJob(scopes, clock, logger)
{
    protected override string Name => "monitoring-reminders";
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<MonitoringReminders>().RunAsync(ct);
}

/// <summary>Policy names as constants for page attributes (the same strings as <c>Policies.Module(Monitoring, …)</c>).</summary>
public static class MonitoringPolicies
{
    public const string View = "Module:Monitoring.View";
    public const string Submit = "Module:Monitoring.Submit";
}
