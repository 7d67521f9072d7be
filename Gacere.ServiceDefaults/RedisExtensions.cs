using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Microsoft.Extensions.Hosting;

namespace Gacere.ServiceDefaults;

public static class RedisExtensions
{
    /// <summary>The shared Redis from <c>ConnectionStrings:{name}</c> as one multiplexer, with a health check.</summary>
    public static IHostApplicationBuilder AddRedisConnection(this IHostApplicationBuilder builder, string name = ResourceNames.Cache)
    {
        var connectionString = builder.Configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not set: the host must inject the '{name}' Redis.");
        var options = ConfigurationOptions.Parse(connectionString);
        // Start and keep running while Redis is away; the health check reports it instead.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;

        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        // Connect while the host starts, not in the first request that needs Redis: Connect blocks its caller for up to
        // ConnectTimeout, and in the gateway a request's code runs on an I/O thread (gateway/Gacere.Gateway/Transport.cs).
        builder.Services.AddHostedService(services => new RedisConnectAtStart(services.GetRequiredService<IConnectionMultiplexer>()));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            name, services => new RedisHealthCheck(services.GetRequiredService<IConnectionMultiplexer>()),
            HealthStatus.Unhealthy, ["ready"], TimeSpan.FromSeconds(3)));
        return builder;
    }
}

/// <summary>Resolving it (at host start) is what connects the shared multiplexer; it has nothing else to do.</summary>
internal sealed class RedisConnectAtStart(IConnectionMultiplexer redis) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(redis);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Redis is unreachable", ex);
        }
    }
}
