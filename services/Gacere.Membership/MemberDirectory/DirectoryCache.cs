using System.Data.Common;
using System.Runtime.CompilerServices;
using Gacere.Membership.Domain;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gacere.Membership.MemberDirectory;

/// <summary>The output-cache policy of the public directory and the tag that evicts all its pages at once.</summary>
public static class DirectoryCache
{
    public const string PolicyName = "directory";
    /// <summary>Shared with the gateway's edge copies of the directory: one eviction clears both.</summary>
    public const string Tag = SharedOutputCache.Tags.MembershipDirectory;

    /// <summary>A safety net only: every committed member change evicts the tag right away.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static readonly string[] VaryByQuery = ["category", "orgType", "country", "region", "page", "pageSize"];

    public static void AddPolicy(OutputCacheOptions options) =>
        options.AddPolicy(PolicyName, policy => policy.Expire(Lifetime).SetVaryByQuery(VaryByQuery).Tag(Tag));
}

/// <summary>
/// Evicts the directory's cached pages once a save that touched a member has committed (all replicas
/// share the Redis store, so one eviction serves them all). Hooked into EF rather than each endpoint so
/// no member change, present or future, can leave the public directory stale.
/// </summary>
internal sealed partial class DirectoryCacheEvictor(IOutputCacheStore store, ILogger<DirectoryCacheEvictor> logger)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> AwaitingCommit = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Track(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Track(eventData.Context);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // Inside an explicit transaction nothing is visible yet: wait for the commit.
        if (eventData.Context is { Database.CurrentTransaction: null } context && AwaitingCommit.Remove(context))
        {
            await EvictAsync();
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { Database.CurrentTransaction: null } context && AwaitingCommit.Remove(context))
        {
            EvictAsync().AsTask().GetAwaiter().GetResult();
        }
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && AwaitingCommit.Remove(context))
        {
            await EvictAsync();
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && AwaitingCommit.Remove(context))
        {
            EvictAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    private static void Track(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<Member>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            AwaitingCommit.AddOrUpdate(context, context);
        }
    }

    private static void Forget(DbContext? context)
    {
        if (context is not null)
        {
            AwaitingCommit.Remove(context);
        }
    }

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
