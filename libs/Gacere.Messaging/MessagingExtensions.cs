using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Gacere.Messaging;

public static class MessagingExtensions
{
    public const string ConnectionName = ResourceNames.Messaging;
    public const string BusHealthName = "bus";
    public const string OutboxHealthName = "outbox";

    /// <summary>
    /// MassTransit over the RabbitMQ in <c>ConnectionStrings:messaging</c> with publisher confirms, durable
    /// queues named <c>{service}-{consumer}</c>, bounded concurrency, retries then <c>_error</c>; plus the
    /// outbox relay over <typeparamref name="TDbContext"/>. Register the database first.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TDbContext>(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configureConsumers = null) where TDbContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not set: the host must inject the RabbitMQ '{ConnectionName}'.");
        var broker = RabbitMqAddress.Parse(connectionString);

        builder.Services.Configure<MessagingOptions>(builder.Configuration.GetSection(MessagingOptions.SectionName));
        var options = builder.Configuration.GetSection(MessagingOptions.SectionName).Get<MessagingOptions>() ?? new MessagingOptions();

        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.TryAddSingleton(services => new OutboxCommitInterceptor(services.GetRequiredService<OutboxSignal>()));
        builder.Services.TryAddSingleton(services => new MessagingTelemetry(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), serviceName));
        builder.Services.AddHostedService<OutboxRelay<TDbContext>>();
        builder.Services.TryAddSingleton(TimeProvider.System);

        // Health: the broker answers now (503 when not), and events leave the outbox in time (Degraded when not).
        builder.Services.TryAddSingleton(_ => new BrokerHealthCheck(broker));
        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(
                ConnectionName, services => services.GetRequiredService<BrokerHealthCheck>(), HealthStatus.Unhealthy, ["ready"], TimeSpan.FromSeconds(2)))
            .AddCheck<OutboxBacklogHealthCheck>(OutboxHealthName, HealthStatus.Degraded, ["ready"]);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            configureConsumers?.Invoke(bus);

            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Exponential(options.RetryLimit, options.RetryMinInterval, options.RetryMaxInterval, options.RetryMinInterval);
                    // A message that can never succeed goes to _error on its first delivery.
                    retry.Ignore<MessageWithoutIdException>();
                });
                endpoint.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
                endpoint.PrefetchCount = options.PrefetchCount;
            });

            bus.ConfigureHealthCheckOptions(health =>
            {
                // MassTransit's view of its endpoints; whether the broker answers is the "messaging" check's.
                health.Name = BusHealthName;
                health.MinimalFailureStatus = HealthStatus.Unhealthy;
                health.Tags.Add("ready");
            });

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
                {
                    host.Username(broker.Username);
                    host.Password(broker.Password);
                    host.PublisherConfirmation = true;
                    host.RequestedConnectionTimeout(TimeSpan.FromSeconds(5));
                });
                rabbit.ConfigureEndpoints(context);
            });
        });

        builder.Services.Configure<MassTransitHostOptions>(host =>
        {
            // The service starts even while RabbitMQ is away: the outbox holds events and health says why.
            host.WaitUntilStarted = false;
            host.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }
}

/// <summary>An <c>amqp://user:pass@host:port/vhost</c> address as the hosts inject it.</summary>
internal sealed record RabbitMqAddress(string Host, ushort Port, string VirtualHost, string Username, string Password)
{
    public static RabbitMqAddress Parse(string connectionString)
    {
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps" or "rabbitmq"))
        {
            throw new InvalidOperationException("ConnectionStrings:messaging must be an amqp://user:pass@host:port address.");
        }
        var credentials = uri.UserInfo.Split(':', 2);
        var vhost = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        return new RabbitMqAddress(
            uri.Host,
            (ushort)(uri.IsDefaultPort || uri.Port <= 0 ? 5672 : uri.Port),
            vhost.Length == 0 ? "/" : vhost,
            credentials.Length > 0 && credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : "guest",
            credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "guest");
    }
}
