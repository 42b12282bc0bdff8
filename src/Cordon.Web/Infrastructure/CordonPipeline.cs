using Cordon.Application.Demo;
using Cordon.Application.Identity;
using Cordon.Web.Features.Account;
using Cordon.Web.Features.Admin;
using Cordon.Web.Features.Exchange;
using Cordon.Web.Features.Notifications;
using Cordon.Web.Features.Reference;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Cordon.Web.Infrastructure;

public static class CordonPipeline
{
    public static async Task<WebApplication> UseCordonAsync(this WebApplication app)
    {
        await PrepareDatabaseAsync(app);

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.Use(SecurityHeaders);
        app.Use(IdempotencyFilter.BufferKeyedPosts);
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live") }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/reference", o => o.WithTitle("Cordon API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapRazorPages();

        var api = app.MapGroup("/api/v1")
            .RequireAuthorization()
            .RequireRateLimiting("api")
            .AddEndpointFilter<IdempotencyFilter>()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        api.MapAccountApi();
        api.MapReferenceApi();
        api.MapAdminApi();
        api.MapNotificationApi();
        api.MapExchangeApi();
        Cordon.Web.Features.Incidents.IncidentEndpoints.MapIncidentsApi(api);
        Cordon.Web.Features.PreExport.PreExportEndpoints.MapPreExportApi(api);
        Cordon.Web.Features.Permits.PermitsEndpoints.MapPermitsApi(api);
        Cordon.Web.Features.Authorizations.AuthorizationEndpoints.MapAuthorizationsApi(api);
        Cordon.Web.Features.Monitoring.MonitoringEndpoints.MapMonitoringApi(api);
        Cordon.Web.Features.Traceability.TraceabilityEndpoints.MapTraceabilityApi(api);
        Cordon.Web.Features.Verify.IndexModel.MapStatusEndpoint(app);
        app.MapLanguageEndpoint();
        app.MapNotificationStream();

        app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app));
        return app;
    }

    private static async Task PrepareDatabaseAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
            await scope.ServiceProvider.GetRequiredService<PlatformSetup>().EnsureAsync();
        if (scope.ServiceProvider.GetRequiredService<IOptions<CordonOptions>>().Value.SeedDemoData)
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
            await scope.ServiceProvider.GetRequiredService<Cordon.Application.PreExport.PreExportDemoData>().SeedAsync();
            await scope.ServiceProvider.GetRequiredService<Cordon.Application.Incidents.IncidentDemoData>().SeedAsync();
            await scope.ServiceProvider.GetRequiredService<Cordon.Application.Permits.PermitsDemoData>().SeedAsync();
            await scope.ServiceProvider.GetRequiredService<Cordon.Application.Authorizations.AuthorizationsDemoData>().SeedAsync();
            await scope.ServiceProvider.GetRequiredService<Cordon.Application.Monitoring.MonitoringDemoData>().SeedAsync();
            await scope.ServiceProvider.GetRequiredService<Cordon.Application.Traceability.TraceabilityDemoData>().SeedAsync();
        }
    }

    private static async Task SecurityHeaders(HttpContext http, Func<Task> next)
    {
        var h = http.Response.Headers;
        h["X-Content-Type-Options"] = "nosniff";
        h["X-Frame-Options"] = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h["X-Request-Id"] = http.TraceIdentifier;
        if (!http.Request.Path.StartsWithSegments("/api/reference"))
            h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        await next();
    }

    private static void PrintWelcome(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<CordonOptions>>().Value;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Cordon");
        var text = new System.Text.StringBuilder();
        text.AppendLine().AppendLine($"Cordon is running for {options.OrganisationName}.");
        foreach (var a in addresses) text.AppendLine($"  Open {a}");
        if (options.SeedDemoData)
        {
            text.AppendLine($"Demo log-ins (password for all: {DemoData.Password}; TOTP secrets are for the demo only):");
            foreach (var l in DemoData.Logins())
                text.AppendLine($"  {l.Email,-38} {l.Role,-28} {l.Party,-3} TOTP secret {l.TotpSecret}");
            text.AppendLine("Add a TOTP secret to any authenticator app, or run: dotnet run --project src/Cordon.Cli -- demo totp EMAIL");
        }
        Console.WriteLine(text.ToString());
        log.LogInformation("Cordon started on {Addresses}", string.Join(", ", addresses));
    }
}
