using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Gacere.Gateway;

/// <summary>Per-client limits: a client is its token's subject when signed in, else its address.</summary>
internal static class RateLimiting
{
    /// <summary>Anonymous writes (applications to join): few per client, since anyone can send them.</summary>
    public const string AnonymousWrites = "anonymous-writes";

    /// <summary>Everything else, per client.</summary>
    public const string PerClient = "per-client";

    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection("Gateway:RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(AnonymousWrites, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientOf(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.AnonymousWritesPerWindow,
                    Window = limits.Window,
                    QueueLimit = 0,
                }));
            options.AddPolicy(PerClient, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientOf(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.RequestsPerWindow,
                    Window = limits.Window,
                    QueueLimit = 0,
                }));
            options.OnRejected = WriteRejectionAsync;
        });
        return services;
    }

    private static string ClientOf(HttpContext context) =>
        context.User.FindFirstValue("sub") is { Length: > 0 } subject
            ? $"sub:{subject}"
            : $"ip:{context.Connection.RemoteIpAddress}";

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = rejected.HttpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"This client has sent too many requests; retry after {seconds} s.",
            },
        });
    }
}

internal sealed class RateLimitOptions
{
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    public int AnonymousWritesPerWindow { get; set; } = 10;
    public int RequestsPerWindow { get; set; } = 600;
}
