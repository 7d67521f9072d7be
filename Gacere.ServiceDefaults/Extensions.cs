using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gacere.ServiceDefaults;

/// <summary>The cross-cutting wiring every GACERE service and the gateway start with.</summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    private const string LiveTag = "live";

    /// <summary>Telemetry, health, service discovery, resilient HTTP clients, JWT auth, OpenAPI and problem details.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureConsoleLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        // Issue 13 (memory): one collection once start-up is over gives back the heap start-up grew (see the class).
        builder.Services.AddStartupMemoryRelease();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.AddDefaultAuthentication();
        builder.AddInputPolicy();
        builder.Services.AddGacereOpenApi();
        builder.Services.AddValidation();
        // Binding failures become exceptions in every environment so that the handler can name the field.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DomainRefusalHandler>();

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // The trace id lets an operator find the failing request in the dashboard from a client's report.
            var traceId = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Extensions.TryAdd("traceId", traceId);
            InputPolicy.NameTheOversizedBody(context.ProblemDetails);
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                ValidationErrorNames.Rename(validation.Errors);
            }
        });
        return builder;
    }

    /// <summary>
    /// One JSON object per console line, UTC timestamp, and the trace and span id of the current activity
    /// in its scopes: a request can be followed across the gateway, the outbox, the broker and every
    /// consumer in plain log files (the DevHost's), not only in a dashboard. Aspire shows the same lines.
    /// </summary>
    public static TBuilder ConfigureConsoleLogging<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            options.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(TelemetryNames.GacereWildcard, TelemetryNames.MassTransit))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, TelemetryNames.GacereWildcard, TelemetryNames.MassTransit)
                .AddAspNetCoreInstrumentation(options =>
                    // Health probes arrive every few seconds from every host: they would drown real traces.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath) &&
                        !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation()
                .AddNpgsql());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddBoundedHealthChecks(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Error handling, the input policy, auth middleware, OpenAPI and the health endpoints. Health is mapped
    /// in every environment because hosts and operators probe it; see <see cref="HealthResponseWriter"/> for who sees details.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseInputPolicy();

        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteForCaller,
        }).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteStatusOnly,
        }).AllowAnonymous();

        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
