using Cordon.Application.Documents;
using Cordon.Application.Permits;
using Cordon.Web.Features.Documents;

namespace Cordon.Web.Features.Permits;

public static class PermitsSetup
{
    /// <summary>The Permits module's services and the shared Documents signer (reused by Authorizations).</summary>
    public static IServiceCollection AddPermits(this IServiceCollection services)
    {
        services.AddDocuments();
        services.AddScoped<IDocumentStatusSource, PermitDocumentStatus>();
        services.AddScoped<PermitsService>();
        services.AddScoped<SpeciesReference>();
        services.AddScoped<PermitAnnualReport>();
        services.AddScoped<PermitsDemoData>();
        return services;
    }
}

/// <summary>Policy names as constants for page attributes (the same strings as <c>Policies.Module(Permits, …)</c>).</summary>
public static class PermitsPolicies
{
    public const string View = "Module:Permits.View";
    public const string Submit = "Module:Permits.Submit";
    public const string Approve = "Module:Permits.Approve";
}
