using Gacere.Events.Data;
using Gacere.Events.Domain;
using Gacere.Messaging;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Gacere.Events.Calendars;

/// <summary>
/// The public calendars (the feed and each meeting's file) come from the platform's shared output cache: a poll
/// by a subscribed client reads Redis, not the database, and is not serialized and hashed again. The cached
/// response keeps its ETag, so the cache itself answers a matching <c>If-None-Match</c> with 304.
/// </summary>
public static class CalendarCache
{
    public const string PolicyName = "public-calendars";

    /// <summary>Every public calendar entry, evicted at once when any meeting changes.</summary>
    public const string Tag = "events:calendars";

    /// <param name="options">The output cache's options.</param>
    /// <param name="database">The events database's name: two deployments that share one Redis (a test run beside
    /// another, staging beside development) keep apart feeds that come from different databases.</param>
    public static void AddPolicy(OutputCacheOptions options, string database) =>
        options.AddPolicy(PolicyName, policy => policy
            .Expire(SharedOutputCache.SafetyNetLifetime)
            .SetVaryByQuery([]) // a junk query string must not mint an entry of its own
            .VaryByValue(_ => new KeyValuePair<string, string>("db", database))
            .Tag(Tag));

    /// <summary>The database name in the events connection string, the part of the key that tells deployments apart.</summary>
    public static string DatabaseOf(string? connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString ?? "").Database ?? ResourceNames.EventsDatabase;
}

/// <summary>
/// Evicts the public calendars once a save that changed a meeting has committed. A meeting's <see cref="Meeting.Sequence"/>
/// moves on every change a calendar shows, so a save that only counts a registration (the queue number) evicts nothing.
/// </summary>
internal sealed partial class CalendarCacheEvictor(IOutputCacheStore store, ILogger<CalendarCacheEvictor> logger) : AfterCommitInterceptor
{
    protected override bool Concerns(DbContext context) =>
        context.ChangeTracker.Entries<Meeting>().Any(e => e.State is EntityState.Added or EntityState.Deleted
            || (e.State == EntityState.Modified && e.Property(m => m.Sequence).IsModified));

    protected override async ValueTask OnCommittedAsync()
    {
        try
        {
            // Not the request's token: the change is committed, the eviction must not be abandoned with the request.
            await store.EvictByTagAsync(CalendarCache.Tag, CancellationToken.None);
            LogEvicted(CalendarCache.Tag);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException)
        {
            // The change stands; the cached calendars expire within the safety-net lifetime at worst.
            LogEvictionFailed(ex, CalendarCache.Tag, SharedOutputCache.SafetyNetLifetime.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Public calendars evicted (tag {Tag})")]
    private partial void LogEvicted(string tag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not evict the public calendars (tag {Tag}); they may be stale for up to {LifetimeSeconds} s")]
    private partial void LogEvictionFailed(Exception error, string tag, double lifetimeSeconds);
}
