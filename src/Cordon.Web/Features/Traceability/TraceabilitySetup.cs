using Cordon.Application.Traceability;

namespace Cordon.Web.Features.Traceability;

public static class TraceabilitySetup
{
    /// <summary>The traceability module's services: library, keys, chains, statistics, demo library.</summary>
    public static IServiceCollection AddTraceability(this IServiceCollection services)
    {
        services.AddScoped<UimPatternLibrary>();
        services.AddScoped<TraceabilityKeys>();
        services.AddScoped<TraceabilityChains>();
        services.AddScoped<TraceabilityTransfers>();
        services.AddScoped<TraceabilityStatistics>();
        services.AddScoped<TraceabilityDemoData>();
        return services;
    }
}

/// <summary>Policy names as constants for page attributes (the same strings as <c>Policies.Module(Traceability, …)</c>).</summary>
public static class TraceabilityPolicies
{
    public const string View = "Module:Traceability.View";
    public const string Submit = "Module:Traceability.Submit";
    public const string Approve = "Module:Traceability.Approve";
}
