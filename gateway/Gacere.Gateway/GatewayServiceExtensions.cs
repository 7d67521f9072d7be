using Yarp.ReverseProxy.ServiceDiscovery;
using Yarp.ReverseProxy.Transforms;
using Gacere.ServiceDefaults;

namespace Gacere.Gateway;

internal static class GatewayServiceExtensions
{
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.AddInlineTransport();
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            // The correlation id reaches the services on the proxied request only: the client's headers stay as it sent them.
            .AddTransforms(transforms => transforms.AddRequestTransform(CorrelationId.Forward));
        builder.Services.AddSingleton<IDestinationResolver, ServiceDiscoveryDestinationResolver>();
        builder.Services.AddGatewayRateLimiting(builder.Configuration);
        builder.AddRedisConnection();
        builder.AddSharedOutputCache(EdgeCache.AddPolicies);
        // The gateway is the public door: its /health says only the status, to anyone.
        builder.Services.Configure<HealthDisclosure>(health => health.DetailsAllowed = false);
        // The public door enforces the platform's header limits exactly; the services behind it allow for what it adds.
        builder.Services.Configure<InputLimits>(limits => limits.AtEdge = true);
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
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        }).ConfigureEndpoints((endpoint, route) =>
        {
            // A route's own body limit as endpoint metadata: routing sets the server's limit for that route, and the
            // input policy (ServiceDefaults) refuses a larger declared body with a 413 problem naming the body before
            // anything is forwarded; a streamed body is cut off at the limit by the server. (A check of its own in
            // YARP's pipeline, once here, could never fire after the input policy.)
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
