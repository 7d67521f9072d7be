using Gacere.Membership.Apis;
using Gacere.Membership.Data;
using Gacere.Membership.Data.Reference;
using Gacere.Membership.Idempotency;
using Gacere.Membership.IntegrationEvents;
using Gacere.Membership.MemberDirectory;
using Gacere.Messaging;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
using Gacere.ServiceDefaults;

namespace Gacere.Membership.Extensions;

internal static class ApplicationServiceExtensions
{
    public const string ServiceName = "membership";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<MembershipDbContext>("membershipdb", MembershipDbContext.Schema);
        builder.Services.AddScoped<IDatabaseSeeder<MembershipDbContext>, VerifiedFactSeeder>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(CountryReferenceData.Load(CountryReferenceData.DefaultPath));

        builder.AddRedisConnection();
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.AddSharedOutputCache(DirectoryCache.AddPolicy);
        builder.Services.AddSingleton<IInterceptor, DirectoryCacheEvictor>();

        // The validation source generator only describes this project's request types when it sees an
        // AddValidation() call in this project; the one inside AddServiceDefaults() is in another assembly.
        builder.Services.AddValidation();
        // Same reason for the OpenAPI XML comment generator: it reads this project's doc comments (and those of its
        // references) only at an AddOpenApi() call in this project. The document itself is AddServiceDefaults()'s.
        builder.Services.AddOpenApi();

        // DOMAIN.md's codes on the wire ("national_government", "info_requested") come from the input policy
        // in ServiceDefaults: exactly one declared code, no numbers, no flag lists.

        // Membership publishes member changes and answers the replicas' catch-up requests.
        builder.AddMessaging<MembershipDbContext>(ServiceName, bus => bus.AddConsumer<MemberSnapshotResponder>());
        return builder;
    }
}
