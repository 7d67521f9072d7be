using Gacere.DomainService;
using Gacere.Partnerships.Data;
using Gacere.ReferenceData;
using Gacere.Partnerships.IntegrationEvents;

namespace Gacere.Partnerships.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDomainService<PartnershipsDbContext>(ResourceNames.Partnerships, ResourceNames.PartnershipsDatabase, Subscriptions.Add);
        builder.Services.AddScoped<IDatabaseSeeder<PartnershipsDbContext>, ExternalInitiativeSeeder>();
        builder.Services.AddSingleton(_ => CountryReferenceData.Load());
        // The source generators read only calls written in this project (see AddDomainService).
        builder.Services.AddValidation();
        builder.Services.AddOpenApi();
        return builder;
    }
}
