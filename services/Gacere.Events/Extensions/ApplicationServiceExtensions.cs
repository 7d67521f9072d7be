using Gacere.Events.Data;
using Gacere.MemberReplica;
using Gacere.Messaging;
using Gacere.ServiceDefaults;

namespace Gacere.Events.Extensions;

internal static class ApplicationServiceExtensions
{
    public const string ServiceName = "events";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<EventsDbContext>("eventsdb", EventsDbContext.Schema);
        builder.Services.AddScoped<IDatabaseSeeder<EventsDbContext>, AnchorEventSeeder>();
        builder.Services.AddScoped<IDatabaseSeeder<EventsDbContext>, MeetingsOnRecordSeeder>();
        builder.Services.AddScoped<Gacere.Events.Registrations.RegistrationDesk>();
        builder.AddRedisConnection();
        // The validation source generator describes this project's request types (paging ranges) only
        // when it sees an AddValidation() call in this project.
        builder.Services.AddValidation();
        // Same reason for the OpenAPI XML comment generator: it reads this project's doc comments (and those of its
        // references) only at an AddOpenApi() call in this project. The document itself is AddServiceDefaults()'s.
        builder.Services.AddOpenApi();
        builder.AddMessaging<EventsDbContext>(ServiceName, bus =>
        {
            bus.AddMemberReplica<EventsDbContext>(ServiceName);
            bus.AddConsumer<IntegrationEvents.DepartedMemberRegistrations>().Endpoint(e => e.Name = IntegrationEvents.DepartedMemberRegistrations.QueueName);
        });
        return builder;
    }
}
