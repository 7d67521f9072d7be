using Microsoft.AspNetCore.OutputCaching;

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
        // Every query key varies the entry: the service validates the filters, the edge only remembers answers.
        options.AddPolicy(MembershipDirectory, policy => policy
            .Expire(SharedOutputCache.SafetyNetLifetime)
            .SetVaryByQuery("*")
            .Tag(SharedOutputCache.Tags.MembershipDirectory));
}
