using Gacere.Messaging;
using Gacere.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Gacere.DomainService;

public static class DomainServiceExtensions
{
    /// <summary>
    /// Everything a domain service is made of beyond the service defaults, in one call: its own database
    /// (<typeparamref name="TContext"/>'s schema and commit interceptors, migrations then seeders before traffic);
    /// the shared Redis connection; the clock; and the bus, with the outbox over <typeparamref name="TContext"/>,
    /// queues named after <paramref name="serviceName"/> and the consumers <paramref name="subscriptions"/> adds
    /// (the service's <c>IntegrationEvents/</c>).
    /// </summary>
    /// <remarks>
    /// Two calls stay in each service: <c>AddValidation()</c> and <c>AddOpenApi()</c>. Their source generators
    /// describe a project's request types and XML comments only at a call written in that project.
    /// </remarks>
    public static IHostApplicationBuilder AddDomainService<TContext>(
        this IHostApplicationBuilder builder,
        string serviceName,
        string database,
        Action<IBusRegistrationConfigurator>? subscriptions = null)
        where TContext : ServiceDbContext<TContext>, IServiceDbContext
    {
        builder.AddServiceDatabase<TContext>(database);
        builder.AddRedisConnection();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddMessaging<TContext>(serviceName, subscriptions);
        return builder;
    }
}
