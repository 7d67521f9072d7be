using Gacere.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gacere.Testing;

/// <summary>
/// A service host with the platform's real messaging wiring over a database of the caller's model
/// (created with EnsureCreated, as test models have no migrations). Shared by tests and benchmarks.
/// </summary>
public static class MessagingHost
{
    public static async Task<IHost> StartAsync<TDbContext>(
        string serviceName,
        string connectionString,
        string messaging,
        Action<IBusRegistrationConfigurator>? consumers = null,
        Action<IServiceCollection>? services = null,
        IReadOnlyDictionary<string, string?>? settings = null) where TDbContext : DbContext
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:messaging"] = messaging });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Services.AddDbContextPool<TDbContext>((sp, options) => options
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor>()));
        services?.Invoke(builder.Services);
        builder.AddMessaging<TDbContext>(serviceName, consumers);

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TDbContext>().Database.EnsureCreatedAsync();
        }
        await host.StartAsync();
        await WaitForBusAsync(host);
        return host;
    }

    /// <summary>
    /// Services start without waiting for RabbitMQ (the outbox covers an absent broker), so a test must
    /// wait until the receive endpoints have declared and bound their queues: an event published before
    /// then would reach an exchange with no queue behind it.
    /// </summary>
    private static async Task WaitForBusAsync(IHost host)
    {
        var status = await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        if (status != BusHealthStatus.Healthy)
        {
            throw new TimeoutException($"The bus did not become healthy within 30 s: {status}");
        }
    }
}
