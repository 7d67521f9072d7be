using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Hosting;

namespace Gacere.ServiceDefaults;

/// <summary>Who may read the health checks' details (names, timings, errors) rather than the status alone.</summary>
public sealed class HealthDisclosure
{
    /// <summary>
    /// False for a public door (the gateway): whoever can reach its <c>/health</c> is anonymous. Services
    /// are reached only by their host's probes (loopback in the DevHost, the cluster network in production).
    /// </summary>
    public bool DetailsAllowed { get; set; } = true;
}

/// <summary>
/// Details only in Development, only where the options allow them, and never to a request that came
/// through a proxy: anyone else learns the status and nothing about what stands behind it.
/// </summary>
internal static class HealthResponseWriter
{
    public static Task WriteForCaller(HttpContext context, HealthReport report) =>
        MayReadDetails(context) ? WriteDetailed(context, report) : WriteStatusOnly(context, report);

    internal static bool MayReadDetails(HttpContext context) =>
        context.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment() &&
        context.RequestServices.GetRequiredService<IOptions<HealthDisclosure>>().Value.DetailsAllowed &&
        !context.Request.Headers.ContainsKey("X-Forwarded-For");

    public static Task WriteStatusOnly(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(report.Status.ToString());
    }

    public static Task WriteDetailed(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString(),
                    durationMs = entry.Value.Duration.TotalMilliseconds,
                    description = entry.Value.Description ?? entry.Value.Exception?.Message,
                }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
