using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Microsoft.Extensions.Hosting;

namespace Gacere.ServiceDefaults;

/// <summary>
/// One Redis-backed output cache for the whole platform. Every host stores under the same key prefix, so
/// a tag evicted by the service that owns the data (membership, after a member change commits) also
/// evicts the copies the gateway keeps at the edge: nothing stale survives a change anywhere.
/// </summary>
public static class SharedOutputCache
{
    public const string InstanceName = "gacere:output:";

    /// <summary>
    /// How long an entry may live at most, in the service and at the gateway alike. A safety net only:
    /// the owner evicts its tag as soon as a change commits.
    /// </summary>
    public static readonly TimeSpan SafetyNetLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Tags are namespaced by the owning service: "{service}:{what}".</summary>
    public static class Tags
    {
        public const string MembershipDirectory = "membership:directory";
    }

    /// <summary>The query parameters the member directory reads: the only ones that vary its cached pages, at the edge and in membership.</summary>
    public static readonly string[] MembershipDirectoryQuery = ["category", "orgType", "country", "region", "page", "pageSize"];

    /// <summary>Needs <see cref="RedisExtensions.AddRedisConnection"/>; the cache reuses its one multiplexer.</summary>
    public static IHostApplicationBuilder AddSharedOutputCache(this IHostApplicationBuilder builder, Action<OutputCacheOptions> policies)
    {
        builder.Services.AddOutputCache(policies);
        builder.Services.AddStackExchangeRedisOutputCache(options => options.InstanceName = InstanceName);
        builder.Services.AddOptions<RedisOutputCacheOptions>().Configure<IConnectionMultiplexer>(
            (options, redis) => options.ConnectionMultiplexerFactory = () => Task.FromResult(redis));
        return builder;
    }
}
