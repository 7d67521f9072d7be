using Gacere.DomainService;
using Gacere.Events.Calendars;
using Gacere.ServiceDefaults;
using Gacere.Events.Data;
using Gacere.Events.IntegrationEvents;
using Gacere.Events.Registrations;

namespace Gacere.Events.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDomainService<EventsDbContext>(ResourceNames.Events, ResourceNames.EventsDatabase, Subscriptions.Add);
        builder.Services.AddScoped<IDatabaseSeeder<EventsDbContext>, AnchorEventSeeder>();
        builder.Services.AddScoped<IDatabaseSeeder<EventsDbContext>, MeetingsOnRecordSeeder>();
        builder.Services.AddScoped<RegistrationDesk>();
        var database = CalendarCache.DatabaseOf(builder.Configuration.GetConnectionString(ResourceNames.EventsDatabase));
        builder.AddSharedOutputCache(options => CalendarCache.AddPolicy(options, database));
        builder.Services.AddOutputCacheTagEvictor(CalendarCache.Tag, CalendarCache.EvictOn);
        // The source generators read only calls written in this project (see AddDomainService).
        builder.Services.AddValidation();
        builder.Services.AddOpenApi();
        return builder;
    }
}
