using Gacere.Membership.Domain;
using Gacere.Messaging;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
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

    public static void AddPolicy(OutputCacheOptions options) =>
        options.AddPolicy(PolicyName, policy => policy.Expire(Lifetime).SetVaryByQuery(VaryByQuery).Tag(Tag));
}

/// <summary>
/// Evicts the directory's cached pages once a save that touched a member has committed (all replicas
/// share the Redis store, so one eviction serves them all). Hooked into EF rather than each endpoint so
/// no member change, present or future, can leave the public directory stale.
/// </summary>
internal sealed partial class DirectoryCacheEvictor(IOutputCacheStore store, ILogger<DirectoryCacheEvictor> logger) : AfterCommitInterceptor
{
    protected override bool Concerns(DbContext context) =>
        context.ChangeTracker.Entries<Member>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);

    protected override ValueTask OnCommittedAsync() => EvictAsync();

    private async ValueTask EvictAsync()
    {
        try
        {
            // Not the request's token: the change is committed, the eviction must not be abandoned with the request.
            await store.EvictByTagAsync(DirectoryCache.Tag, CancellationToken.None);
            LogEvicted(DirectoryCache.Tag);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException)
        {
            // The change stands; the cached pages expire within DirectoryCache.Lifetime at worst.
            LogEvictionFailed(ex, DirectoryCache.Tag, DirectoryCache.Lifetime.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Directory cache evicted (tag {Tag})")]
    private partial void LogEvicted(string tag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not evict the directory cache (tag {Tag}); cached pages may be stale for up to {LifetimeSeconds} s")]
    private partial void LogEvictionFailed(Exception error, string tag, double lifetimeSeconds);
}
