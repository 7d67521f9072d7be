using Gacere.Events.Data;
using Gacere.MemberReplica;
using Gacere.Messaging;

namespace Gacere.Events.Extensions;

internal static class ApplicationServiceExtensions
{
    public const string ServiceName = "events";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<EventsDbContext>("eventsdb", EventsDbContext.Schema);
        builder.Services.AddScoped<IDatabaseSeeder<EventsDbContext>, AnchorEventSeeder>();
        builder.AddRedisConnection();
        builder.AddMessaging<EventsDbContext>(ServiceName, bus => bus.AddMemberReplica<EventsDbContext>(ServiceName));
        return builder;
    }
}
