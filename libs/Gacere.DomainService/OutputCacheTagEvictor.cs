using Gacere.Messaging;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gacere.DomainService;

/// <summary>
/// Evicts one tag of the shared output cache once a save that changed what the tag's entries show has committed
/// (every replica of a service shares the Redis store, so one eviction serves them all). Hooked into EF rather than
/// each endpoint, so no change, present or future, can leave a cached page stale. A service registers one per tag
/// with <see cref="OutputCacheTagEvictorExtensions.AddOutputCacheTagEvictor"/> and names it in its context's commit
/// interceptors, resolved by the tag.
/// </summary>
public sealed partial class OutputCacheTagEvictor(
    string tag, IReadOnlyList<Func<DbContext, bool>> triggers, IOutputCacheStore store, ILogger<OutputCacheTagEvictor> logger) : AfterCommitInterceptor
{
    public string Tag { get; } = tag;

    protected override bool Concerns(DbContext context)
    {
        foreach (var trigger in triggers)
        {
            if (trigger(context))
            {
                return true;
            }
        }
        return false;
    }

    protected override async ValueTask OnCommittedAsync()
    {
        try
        {
            // Not the request's token: the change is committed, the eviction must not be abandoned with the request.
            await store.EvictByTagAsync(Tag, CancellationToken.None);
            LogEvicted(Tag);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException)
        {
            // The change stands; the cached entries expire within the safety-net lifetime at worst.
            LogEvictionFailed(ex, Tag, SharedOutputCache.SafetyNetLifetime.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Output cache evicted (tag {Tag})")]
    private partial void LogEvicted(string tag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not evict the output cache (tag {Tag}); its entries may be stale for up to {LifetimeSeconds} s")]
    private partial void LogEvictionFailed(Exception error, string tag, double lifetimeSeconds);
}

/// <summary>Which pending changes evict a tag: any of the entity types named, each with its own condition.</summary>
public sealed class OutputCacheTagTriggers
{
    private readonly List<Func<DbContext, bool>> _triggers = [];

    internal IReadOnlyList<Func<DbContext, bool>> Triggers => _triggers;

    /// <summary>
    /// A <typeparamref name="TEntity"/> added, modified or deleted evicts the tag; with <paramref name="when"/>, only an
    /// entry it picks (e.g. a modification of the properties the cached pages show).
    /// </summary>
    public OutputCacheTagTriggers On<TEntity>(Func<EntityEntry<TEntity>, bool>? when = null) where TEntity : class
    {
        var evicts = when ?? (entry => entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        _triggers.Add(context => context.ChangeTracker.Entries<TEntity>().Any(evicts));
        return this;
    }
}

public static class OutputCacheTagEvictorExtensions
{
    /// <summary>
    /// Registers the evictor of <paramref name="tag"/> as a singleton keyed by the tag; the service's context adds
    /// <c>services.GetRequiredKeyedService&lt;OutputCacheTagEvictor&gt;(tag)</c> to its commit interceptors.
    /// </summary>
    public static IServiceCollection AddOutputCacheTagEvictor(this IServiceCollection services, string tag, Action<OutputCacheTagTriggers> triggers)
    {
        var on = new OutputCacheTagTriggers();
        triggers(on);
        if (on.Triggers.Count == 0)
        {
            throw new ArgumentException($"The evictor of '{tag}' names no entity type: it would never evict.", nameof(triggers));
        }
        services.AddKeyedSingleton(tag, (provider, _) => new OutputCacheTagEvictor(
            tag, on.Triggers, provider.GetRequiredService<IOutputCacheStore>(), provider.GetRequiredService<ILogger<OutputCacheTagEvictor>>()));
        return services;
    }
}
