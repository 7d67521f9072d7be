using Gacere.Membership.Apis;
using Gacere.Membership.Data;
using Gacere.ReferenceData;
using Gacere.Membership.Idempotency;
using Gacere.Membership.IntegrationEvents;
using Gacere.Membership.MemberDirectory;
using Gacere.DomainService;
using StackExchange.Redis;
using Gacere.ServiceDefaults;

namespace Gacere.Membership.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDomainService<MembershipDbContext>(ResourceNames.Membership, ResourceNames.MembershipDatabase, Subscriptions.Add);
        builder.Services.AddScoped<IDatabaseSeeder<MembershipDbContext>, VerifiedFactSeeder>();
        builder.Services.AddSingleton(CountryReferenceData.Load());

        builder.Services.AddSingleton<IdempotencyStore>();
        builder.AddSharedOutputCache(DirectoryCache.AddPolicy);
        builder.Services.AddOutputCacheTagEvictor(DirectoryCache.Tag, DirectoryCache.EvictOn);

        // The validation source generator only describes this project's request types when it sees an
        // AddValidation() call in this project; the one inside AddServiceDefaults() is in another assembly.
        builder.Services.AddValidation();
        // Same reason for the OpenAPI XML comment generator: it reads this project's doc comments (and those of its
        // references) only at an AddOpenApi() call in this project. The document itself is AddServiceDefaults()'s.
        builder.Services.AddOpenApi();

        // DOMAIN.md's codes on the wire ("national_government", "info_requested") come from the input policy
        // in ServiceDefaults: exactly one declared code, no numbers, no flag lists.

        return builder;
    }
}
