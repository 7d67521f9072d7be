using Gacere.MemberReplica;
using Gacere.Messaging;
using Gacere.PolicyMapping.Data;
using Gacere.ServiceDefaults;

namespace Gacere.PolicyMapping.Extensions;

internal static class ApplicationServiceExtensions
{
    public const string ServiceName = "policymapping";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PolicyMappingDbContext>("policymappingdb", PolicyMappingDbContext.Schema);
        builder.Services.AddScoped<IDatabaseSeeder<PolicyMappingDbContext>, IndicatorSeeder>();
        builder.AddRedisConnection();
        builder.Services.AddSingleton(Data.Reference.CountryReferenceData.Load(Data.Reference.CountryReferenceData.DefaultPath));
        // The validation source generator describes this project's request types (paging ranges) only
        // when it sees an AddValidation() call in this project.
        builder.Services.AddValidation();
        // Same reason for the OpenAPI XML comment generator: it reads this project's doc comments (and those of its
        // references) only at an AddOpenApi() call in this project. The document itself is AddServiceDefaults()'s.
        builder.Services.AddOpenApi();
        builder.AddMessaging<PolicyMappingDbContext>(ServiceName, bus => bus.AddMemberReplica<PolicyMappingDbContext>(ServiceName));
        return builder;
    }
}
