using Gacere.DomainService;
using Gacere.PolicyMapping.Data;
using Gacere.ReferenceData;
using Gacere.PolicyMapping.IntegrationEvents;
using Gacere.PolicyMapping.Search;

namespace Gacere.PolicyMapping.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDomainService<PolicyMappingDbContext>(ResourceNames.PolicyMapping, ResourceNames.PolicyMappingDatabase, Subscriptions.Add);
        builder.Services.AddScoped<IDatabaseSeeder<PolicyMappingDbContext>, IndicatorSeeder>();
        builder.Services.AddSingleton(CountryReferenceData.Load());
        // The public's answers per question until the published set changes (Search/PolicyAnswerCache.cs).
        builder.Services.AddSingleton<PolicyAnswerCache>();
        // The source generators read only calls written in this project (see AddDomainService).
        builder.Services.AddValidation();
        builder.Services.AddOpenApi();
        return builder;
    }
}
