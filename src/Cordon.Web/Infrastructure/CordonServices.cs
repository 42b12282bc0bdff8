using System.Security.Claims;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Cordon.Application.Audit;
using Cordon.Application.Data;
using Cordon.Application.Demo;
using Cordon.Application.Exchange;
using Cordon.Application.Identity;
using Cordon.Application.Jobs;
using Cordon.Application.Notifications;
using Cordon.Application.Reference;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cordon.Web.Infrastructure;

public static class CordonServices
{
    public const string ApiOrCookieScheme = "ApiOrCookie";

    public static WebApplicationBuilder AddCordon(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var paths = CordonPaths.FromConfiguration(configuration);
        services.AddSingleton(paths);
        services.Configure<CordonOptions>(configuration.GetSection("Cordon"));
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddMemoryCache();

        services.AddCordonDatabase(configuration, paths);
        services.AddScoped<ICurrentActor, HttpCurrentActor>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditChainService>();
        services.AddSingleton(new AuditSigningKey(paths, configuration["Cordon:AuditKeyFile"]));
        services.AddScoped<Notifier>();
        services.AddScoped<Cordon.Application.Documents.AttachmentStore>();
        services.AddScoped<PartyExchange>();
        services.AddScoped<ChangeFeed>();
        services.AddScoped<JobLeases>();
        services.AddScoped<ReferenceData>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<PartyAdministration>();
        services.AddScoped<PlatformSetup>();
        services.AddScoped<DemoData>();
        Cordon.Application.Incidents.IncidentRegistration.AddIncidents(services);
        services.AddScoped<IdempotencyFilter>();
        services.AddScoped<Cordon.Web.Features.Account.SignInFlow>();
        services.AddScoped<Cordon.Web.Features.Admin.Invitations>();

        services.AddIdentity<CordonUser, CordonRole>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<CordonDbContext>()
            .AddClaimsPrincipalFactory<CordonClaimsFactory>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddDefaultTokenProviders();
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            // Revoked rights and "log out everywhere" take effect within a minute on every node.
            o.ValidationInterval = configuration.GetValue("Cordon:SessionRevalidationInterval", TimeSpan.FromMinutes(1));
            o.OnRefreshingPrincipal = ctx =>
            {
                foreach (var amr in ctx.CurrentPrincipal?.FindAll("amr") ?? [])
                    if (ctx.NewPrincipal?.Identity is ClaimsIdentity id && !id.HasClaim("amr", amr.Value)) id.AddClaim(new Claim("amr", amr.Value));
                return Task.CompletedTask;
            };
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "cordon.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            o.SlidingExpiration = true;
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, 401);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, 403);
        });
        services.AddAuthentication(o =>
            {
                // AddIdentity set the cookie as default for authenticate and challenge; the API also takes tokens.
                o.DefaultScheme = ApiOrCookieScheme;
                o.DefaultAuthenticateScheme = ApiOrCookieScheme;
                o.DefaultChallengeScheme = ApiOrCookieScheme;
                o.DefaultForbidScheme = ApiOrCookieScheme;
            })
            .AddPolicyScheme(ApiOrCookieScheme, "API token or cookie", o =>
                o.ForwardDefaultSelector = ctx => ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null);
        services.AddCordonAccess();

        services.AddDataProtection().SetApplicationName("Cordon")
            .PersistKeysToFileSystem(new DirectoryInfo(configuration["Cordon:DataProtectionKeysDirectory"] is { Length: > 0 } k ? k : Path.Combine(paths.KeysDirectory, "data-protection")));

        services.AddCordonLocalization();
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                // Only the sign-in steps are open; AllowAnonymous would override any Authorize on the same page.
                foreach (var page in new[] { "Login", "LoginTwoFactor", "LoginRecoveryCode", "Enroll", "SetPassword", "Logout", "AccessDenied" })
                    o.Conventions.AllowAnonymousToPage("/Account/" + page);
                o.Conventions.AuthorizeFolder("/Admin", Policies.UserAdministrator);
                o.Conventions.AllowAnonymousToPage("/Verify/Index");
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)));

        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)); // "0" is not a choice a caller made
            o.SerializerOptions.MaxDepth = 32;
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["requestId"] = ctx.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Cordon API";
            doc.Info.Description = "API for national systems: reference data, users and rights, audit, the change feed and webhooks. Every error is an RFC 7807 problem; every POST accepts an Idempotency-Key.";
            return Task.CompletedTask;
        }));

        services.AddHealthChecks()
            .AddCheck("live", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        var limits = configuration.GetSection("Cordon:RateLimits");
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = 429;
            o.AddPolicy("login", ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.GetValue("LoginPerMinute", 20), Window = TimeSpan.FromMinutes(1) }));
            o.AddPolicy("api", ctx => RateLimitPartition.GetTokenBucketLimiter(
                ctx.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? ctx.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.GetValue("ApiBurst", 2000),
                    TokensPerPeriod = limits.GetValue("ApiPerSecond", 1000),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.StatusCode = 429;
                var problems = ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext { HttpContext = ctx.HttpContext, ProblemDetails = { Status = 429, Title = "Too many requests; slow down and retry shortly." } });
            };
        });

        services.AddScoped<WebhookDispatcher>();
        services.AddScoped<EmailOutboxSender>();
        Cordon.Web.Features.PreExport.PreExportSetup.AddPreExport(services, configuration);
        AddTelemetry(builder);
        Cordon.Web.Features.Permits.PermitsSetup.AddPermits(services);
        Cordon.Web.Features.Authorizations.AuthorizationsSetup.AddAuthorizations(services, configuration);
        Cordon.Web.Features.Monitoring.MonitoringSetup.AddMonitoring(services, configuration);
        Cordon.Web.Features.Traceability.TraceabilitySetup.AddTraceability(services);
        Cordon.Web.Features.Incidents.IncidentsSetup.AddIncidentsWeb(services, configuration);
        services.AddHttpClient(WebhookDispatcher.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<LiveConnections>();
        services.AddHostedService<NotificationPusher>();
        services.AddHostedService<LedgerSweeper>(); // always: correctness, not a scheduled job (ADR 0020)
        // Tests switch the scheduled jobs off and run each job's work directly, deterministically.
        if (configuration.GetValue("Cordon:RunScheduledJobs", true))
        {
            services.AddHostedService<AuditCheckpointJob>();
            services.AddHostedService<EmailOutboxJob>();
            services.AddHostedService<WebhookJob>();
        }
        return builder;
    }

    /// <summary>
    /// OpenTelemetry traces (requests, outgoing HTTP, PostgreSQL, Cordon's own spans) and metrics, exported by
    /// OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; JSON logs with the request id when Cordon:JsonLogs is on.
    /// </summary>
    private static void AddTelemetry(WebApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("cordon"))
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsql().AddSource(Cordon.Application.Common.CordonTelemetry.Name))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter(Cordon.Application.Common.CordonTelemetry.Name));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) otel.UseOtlpExporter();
        if (builder.Configuration.GetValue("Cordon:JsonLogs", false))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' "; });
        }
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/notifications/stream"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Ready means the database answers a query, not merely that the process is up.</summary>
public sealed class DatabaseHealthCheck(CordonDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // A query on a real table proves both the connection and the schema.
            await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}
