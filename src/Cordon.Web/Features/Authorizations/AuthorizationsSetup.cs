using Cordon.Application.Authorizations;
using Cordon.Application.Documents;
using Cordon.Web.Infrastructure;

namespace Cordon.Web.Features.Authorizations;

public static class AuthorizationsSetup
{
    /// <summary>The module's services, and its expiry job when scheduled jobs run on this node.</summary>
    public static IServiceCollection AddAuthorizations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<AuthorizationService>();
        services.AddScoped<IDocumentStatusSource, AuthorizationDocumentStatus>();
        services.AddScoped<EstimateRegister>();
        services.AddScoped<AuthorizationImport>();
        services.AddScoped<AuthorizationExpiry>();
        services.AddScoped<AuthorizationsDemoData>();
        if (configuration.GetValue("Cordon:RunScheduledJobs", true))
            services.AddHostedService<AuthorizationExpiryJob>();
        return services;
    }
}

/// <summary>Stores the expiry of authorizations past their validity, hourly, on one node (the lease).</summary>
public sealed class AuthorizationExpiryJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AuthorizationExpiryJob> logger)
    : LeasedJob(scopes, clock, logger)
{
    public const string JobName = "authorization-expiry";

    protected override string Name => JobName;
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<AuthorizationExpiry>().RunAsync(ct);
}

/// <summary>Policy names as constants for page attributes (the same strings as <c>Policies.Module(Authorizations, …)</c>).</summary>
public static class AuthorizationPolicies
{
    public const string View = "Module:Authorizations.View";
    public const string Submit = "Module:Authorizations.Submit";
}
