using System.Text.Json;
using Gacere.PolicyMapping.Domain;
using Gacere.ServiceDefaults;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;

namespace Gacere.PolicyMapping.Search;

/// <summary>
/// The public's answers (a search page with its facets, a map) kept in this instance's memory per question until
/// what they are computed from changes. The database bumps <c>published_set_version</c> in the very statement that
/// changes a published instrument or a replica member (migration PublishedSetVersion); every request reads that one
/// row first (a primary-key read) and keys on it, so an answer is never older than the last commit, on any instance.
/// Only questions over published instruments are kept (a secretariat's question over drafts is always computed).
/// </summary>
/// <remarks>
/// Why not the platform's <c>SharedOutputCache</c> (Redis, tags evicted by the owner after a change commits): that
/// cache is right only once the eviction has run, which is after the commit and outside it, and nothing evicts when
/// the change is the replica's (a member event consumed) or a row written by COPY or by hand. Here the freshness test
/// is the version read from PostgreSQL on the same connection, just before the answer is used, and the version is
/// bumped by triggers inside the changing statement itself: no window after a commit, no writer that must remember to
/// evict, on any instance. The cost is one primary-key read per request and a per-instance miss after each change.
/// The gateway does not cache these routes (EdgeCache has only the member directory), so the answer is kept once.
/// </remarks>
public sealed class PolicyAnswerCache : IDisposable
{
    private const string VersionSql = "SELECT version FROM " + ResourceNames.PolicyMapping + ".published_set_version WHERE id = 1";

    // A few thousand answers of a few kilobytes each: bounded, and an answer of an old version ages out.
    private readonly MemoryCache _answers = new(new MemoryCacheOptions { SizeLimit = 2_000 });
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>The answer to <paramref name="question"/> for the published set as committed now, computed on a miss.</summary>
    internal async Task<T> GetOrComputeAsync<T>(
        NpgsqlConnection connection, PolicyFilter filter, string question, Func<Task<T>> compute, CancellationToken cancellationToken) where T : class
    {
        if (filter.Status != Vocabulary.Code(CurationStatus.Published))
        {
            return await compute();
        }
        long version;
        await using (var command = new NpgsqlCommand(VersionSql, connection))
        {
            version = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        var key = (version, question, JsonSerializer.Serialize(filter));
        if (_answers.TryGetValue(key, out T? cached) && cached is not null)
        {
            return cached;
        }
        var answer = await compute();
        _answers.Set(key, answer, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return answer;
    }

    public void Dispose() => _answers.Dispose();
}
