using Gacere.Events.Data;
using Gacere.Events.Domain;
using Gacere.DomainService;
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

    /// <summary>
    /// The public calendars are evicted once a save that changed a meeting has committed. A meeting's <see cref="Meeting.Sequence"/>
    /// moves on every change a calendar shows, so a save that only counts a registration (the queue number) evicts nothing.
    /// </summary>
    public static void EvictOn(OutputCacheTagTriggers on) =>
        on.On<Meeting>(e => e.State is EntityState.Added or EntityState.Deleted
            || (e.State == EntityState.Modified && e.Property(m => m.Sequence).IsModified));

    /// <summary>The database name in the events connection string, the part of the key that tells deployments apart.</summary>
    public static string DatabaseOf(string? connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString ?? "").Database ?? ResourceNames.EventsDatabase;
}
