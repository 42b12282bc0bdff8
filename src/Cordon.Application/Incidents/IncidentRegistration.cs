using Microsoft.Extensions.DependencyInjection;

namespace Cordon.Application.Incidents;

public static class IncidentRegistration
{
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        services.AddScoped<ReportIncident>();
        services.AddScoped<IncidentQueries>();
        services.AddScoped<IncidentFollowUp>();
        services.AddScoped<IncidentFollowing>();
        services.AddScoped<IncidentDemoData>();
        services.AddScoped<IncidentAttachments>();
        services.AddScoped<IncidentChannelMemberships>();
        services.AddScoped<IncidentAlerting>();
        services.AddScoped<EditIncident>();
        services.AddScoped<IncidentDigests>();
        return services;
    }
}
