using Gacere.MemberReplica;
using Gacere.Messaging;
using Gacere.Partnerships.Data;
using Gacere.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gacere.Partnerships.Extensions;

internal static class ApplicationServiceExtensions
{
    public const string ServiceName = "partnerships";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PartnershipsDbContext>("partnershipsdb", PartnershipsDbContext.Schema);
        builder.Services.AddScoped<IDatabaseSeeder<PartnershipsDbContext>, ExternalInitiativeSeeder>();
        builder.AddRedisConnection();
        builder.Services.AddSingleton(_ => Data.Reference.CountryReferenceData.Load());
        builder.Services.TryAddSingleton(TimeProvider.System);
        // The validation source generator describes this project's request types (paging ranges) only
        // when it sees an AddValidation() call in this project.
        builder.Services.AddValidation();
        // Same reason for the OpenAPI XML comment generator: it reads this project's doc comments (and those of its
        // references) only at an AddOpenApi() call in this project. The document itself is AddServiceDefaults()'s.
        builder.Services.AddOpenApi();
        builder.AddMessaging<PartnershipsDbContext>(ServiceName, bus =>
        {
            bus.AddMemberReplica<PartnershipsDbContext>(ServiceName);
            bus.AddConsumer<IntegrationEvents.PartnerWithdrawalConsumer>().Endpoint(endpoint => endpoint.Name = $"{ServiceName}-partner-withdrawal");
        });
        return builder;
    }
}
