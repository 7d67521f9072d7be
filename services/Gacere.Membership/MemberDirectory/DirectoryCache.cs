using Gacere.Membership.Domain;
using Gacere.DomainService;
using Microsoft.AspNetCore.OutputCaching;
using Gacere.ServiceDefaults;

namespace Gacere.Membership.MemberDirectory;

/// <summary>The output-cache policy of the public directory and the tag that evicts all its pages at once.</summary>
public static class DirectoryCache
{
    public const string PolicyName = "directory";
    /// <summary>Shared with the gateway's edge copies of the directory: one eviction clears both.</summary>
    public const string Tag = SharedOutputCache.Tags.MembershipDirectory;

    public static readonly TimeSpan Lifetime = SharedOutputCache.SafetyNetLifetime;

    public static readonly string[] VaryByQuery = SharedOutputCache.MembershipDirectoryQuery;

    /// <summary>
    /// The directory's cached pages are evicted once a save that touched a member has committed: no member change,
    /// present or future, can leave the public directory stale.
    /// </summary>
    public static void EvictOn(OutputCacheTagTriggers on) => on.On<Member>();

    public static void AddPolicy(OutputCacheOptions options) =>
        options.AddPolicy(PolicyName, policy => policy.Expire(Lifetime).SetVaryByQuery(VaryByQuery).Tag(Tag));
}
