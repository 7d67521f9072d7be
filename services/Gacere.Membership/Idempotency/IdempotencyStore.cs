using System.Security.Cryptography;
using System.Text.Json;
using StackExchange.Redis;

namespace Gacere.Membership.Idempotency;

/// <summary>The response a completed request gave, replayed verbatim to every repeat of its key.</summary>
public sealed record StoredResponse(int StatusCode, string? Location, string Body);

/// <summary>What a request finds when it claims its <c>Idempotency-Key</c>.</summary>
public abstract record IdempotencyClaim
{
    /// <summary>First use of the key: go ahead, then complete or release the claim.</summary>
    public sealed record Granted(string RedisKey, string Record) : IdempotencyClaim;

    /// <summary>The key already completed with the same request: answer with its response.</summary>
    public sealed record Replay(StoredResponse Response) : IdempotencyClaim;

    /// <summary>The same request under this key is still being processed.</summary>
    public sealed record InProgress : IdempotencyClaim;

    /// <summary>The key was used with a different request.</summary>
    public sealed record Mismatch : IdempotencyClaim;
}

/// <summary>
/// <c>Idempotency-Key</c> support over Redis. A key is claimed atomically (SET NX) with a short lease
/// while its request runs, then holds the response for 24 hours. Keys are
/// <c>membership:idempotency:{operation}:{key}</c>; the value is JSON with the request's fingerprint.
/// </summary>
public sealed class IdempotencyStore(IConnectionMultiplexer redis)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>Long enough for any request to finish; short enough that a crashed request does not block its key for a day.</summary>
    public static readonly TimeSpan InProgressLease = TimeSpan.FromMinutes(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    // Deletes the claim only while it is still ours (a lease that expired may have been claimed again).
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    /// <summary>Printable ASCII without spaces, at most 200 characters (UUIDs, ULIDs and the like).</summary>
    public static bool IsValidKey(string key) => key.Length is >= 1 and <= 200 && key.All(c => c is > ' ' and <= '~');

    /// <summary>SHA-256 of the request as the endpoint read it, so formatting or property order does not matter.</summary>
    public static string Fingerprint<TRequest>(TRequest request, JsonSerializerOptions options) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, options)));

    public static string RedisKey(string operation, string key) => $"membership:idempotency:{operation}:{key}";

    public async Task<IdempotencyClaim> ClaimAsync(string operation, string key, string fingerprint)
    {
        var db = redis.GetDatabase();
        var redisKey = RedisKey(operation, key);
        var claim = JsonSerializer.Serialize(new Record(State.InProgress, fingerprint, Guid.NewGuid(), null), Json);

        // A record can expire between a failed SET NX and the GET: try again a couple of times.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await db.StringSetAsync(redisKey, claim, InProgressLease, When.NotExists))
            {
                return new IdempotencyClaim.Granted(redisKey, claim);
            }
            var existing = await db.StringGetAsync(redisKey);
            if (existing.IsNullOrEmpty)
            {
                continue;
            }
            var record = JsonSerializer.Deserialize<Record>(existing.ToString(), Json)!;
            if (record.Fingerprint != fingerprint)
            {
                return new IdempotencyClaim.Mismatch();
            }
            return record is { State: State.Completed, Response: { } response }
                ? new IdempotencyClaim.Replay(response)
                : new IdempotencyClaim.InProgress();
        }
        return new IdempotencyClaim.InProgress();
    }

    public async Task CompleteAsync(IdempotencyClaim.Granted claim, StoredResponse response)
    {
        var claimed = JsonSerializer.Deserialize<Record>(claim.Record, Json)!;
        var completed = JsonSerializer.Serialize(claimed with { State = State.Completed, Response = response }, Json);
        await redis.GetDatabase().StringSetAsync(claim.RedisKey, completed, Retention);
    }

    /// <summary>Frees the key after a request that changed nothing (invalid input, failure), so the client may retry with it.</summary>
    public async Task ReleaseAsync(IdempotencyClaim.Granted claim) =>
        await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [claim.RedisKey], [claim.Record]);

    private enum State
    {
        InProgress,
        Completed,
    }

    private sealed record Record(State State, string Fingerprint, Guid ClaimId, StoredResponse? Response);
}
