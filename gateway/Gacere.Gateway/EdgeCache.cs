using Microsoft.AspNetCore.OutputCaching;
using Gacere.ServiceDefaults;

namespace Gacere.Gateway;

/// <summary>
/// Public, anonymous reads that the gateway answers from the platform's shared output cache without a
/// hop to the service. A route opts in with <c>"OutputCachePolicy"</c> in its configuration. Entries
/// carry the owning service's tag, so the service's eviction after a committed change removes them too.
/// </summary>
internal static class EdgeCache
{
    public const string MembershipDirectory = "membership-directory";

    public static void AddPolicies(OutputCacheOptions options) =>
        // Only the parameters the directory reads vary the entry: anything else a client adds is ignored by
        // the service too, and must not mint a new entry per junk value.
        options.AddPolicy(MembershipDirectory, policy => policy
            .Expire(SharedOutputCache.SafetyNetLifetime)
            .SetVaryByQuery(SharedOutputCache.MembershipDirectoryQuery)
            .Tag(SharedOutputCache.Tags.MembershipDirectory));
}
