using Cordon.Application.Authorizations;
using Cordon.Application.Documents;

namespace Cordon.Web.Features.Authorizations;

public static class AuthorizationsSetup
{
    public static IServiceCollection AddAuthorizations(this IServiceCollection services)
    {
        services.AddScoped<AuthorizationService>();
        services.AddScoped<IDocumentStatusSource, AuthorizationDocumentStatus>();
        services.AddScoped<EstimateRegister>();
        services.AddScoped<AuthorizationImport>();
        services.AddScoped<AuthorizationsDemoData>();
        return services;
    }
}

/// <summary>Policy names as constants for page attributes (the same strings as <c>Policies.Module(Authorizations, …)</c>).</summary>
public static class AuthorizationPolicies
{
    public const string View = "Module:Authorizations.View";
    public const string Submit = "Module:Authorizations.Submit";
}
