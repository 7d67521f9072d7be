using Yarp.ReverseProxy.ServiceDiscovery;
using Gacere.ServiceDefaults;

namespace Gacere.Gateway;

internal static class GatewayServiceExtensions
{
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddSingleton<IDestinationResolver, ServiceDiscoveryDestinationResolver>();
        builder.Services.AddGatewayRateLimiting(builder.Configuration);
        builder.AddRedisConnection();
        builder.AddSharedOutputCache(EdgeCache.AddPolicies);
        // The gateway is the public door: its /health says only the status, to anyone.
        builder.Services.Configure<HealthDisclosure>(health => health.DetailsAllowed = false);
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseMalformedHeaderRefusal();
        app.UseRateLimiter();
        // After the limiter: a cached answer still counts against the client's allowance.
        app.UseOutputCache();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseBodySizeLimit();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        }).ConfigureEndpoints((endpoint, route) =>
        {
            // A route's own body limit (the policy import's 16 MB) as endpoint metadata: routing then raises the
            // server's limit for that route before the input policy reads it, not only inside YARP's pipeline.
            if (route.MaxRequestBodySize is long limit and > 0)
            {
                endpoint.WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(limit));
            }
        });
        app.MapApiReference();

        // Anything no route claims is a 404 problem, not a 401 from the deny-by-default policy.
        app.MapFallback((HttpContext context) => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "No such route.",
            detail: $"The gateway has no route for {context.Request.Method} {context.Request.Path}."))
            .AllowAnonymous();
        return app;
    }
}
