using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gacere;
using Gacere.DevHost;
using Npgsql;

/// <summary>
/// Approval → visible in all three replicas, through the gateway: the secretariat admits fresh applications one at a
/// time, paced, and each approval's way is read afterwards from the timestamps the rows themselves carry, one clock
/// (every process runs on this machine): the bench's clock when it sent the approval; the member row's
/// <c>updated_at</c> (the handler's clock once the application was loaded); membership's outbox row
/// <c>created_at</c> (taken as the save began) and <c>sent_at</c> (after the broker's confirm, before the mark); each
/// replica's inbox row <c>processed_at</c> (the consumer's clock just before its save and commit, so the replica row
/// is visible about one round trip later). The replicas are polled only lightly while the run goes (every
/// <see cref="ConfirmPollMs"/> ms, one query at a time), to confirm the member is visible and as a coarse cross-check;
/// the old loop polled each database every ~1 ms from three loops at once (≈3,000 queries/s on 2 cores) and so loaded
/// the machine it measured.
/// </summary>
internal static class ReplicaVisibility
{
    private static readonly (string Service, string Database)[] Replicas =
    [
        (ResourceNames.PolicyMapping, ResourceNames.PolicyMappingDatabase),
        (ResourceNames.Partnerships, ResourceNames.PartnershipsDatabase),
        (ResourceNames.Events, ResourceNames.EventsDatabase),
    ];

    private const double TargetP95Ms = 25;
    private const int ConfirmPollMs = 10;

    public static async Task RunAsync(PlatformTopology topology, int approvals = 200, int perSecond = 5, int warmUps = 20)
    {
        Console.WriteLine();
        Console.WriteLine($"Approval → visible in all three replicas: {warmUps} warm-ups, then {approvals} approvals through the gateway, {perSecond}/s...");
        using var client = new HttpClient { BaseAddress = topology.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", DevTokens.Mint(topology.SigningKey, GacereRoles.Secretariat));

        // Submitted and put under review first, so that each measured request is the approval alone.
        var run = Guid.NewGuid().ToString("N")[..8];
        var applications = new List<Guid>();
        for (var i = 0; i < approvals + warmUps; i++)
        {
            using var submit = await client.PostAsync("/api/membership/applications", Json(Application(run, i)));
            submit.EnsureSuccessStatusCode();
            var id = (await submit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applicationId").GetGuid();
            using var review = await client.PostAsync($"/api/membership/applications/{id}/review", Json("{}"));
            review.EnsureSuccessStatusCode();
            applications.Add(id);
        }

        var replicas = new List<(string Service, NpgsqlConnection Connection, string Table, string Inbox)>();
        foreach (var (service, database) in Replicas)
        {
            var connection = new NpgsqlConnection(topology.Servers.PostgresConnectionString(database));
            await connection.OpenAsync();
            var schema = await SchemaOfAsync(connection, "member_replicas");
            replicas.Add((service, connection, $"\"{schema}\".member_replicas", $"\"{schema}\".inbox_messages"));
        }
        await using var membership = new NpgsqlConnection(topology.Servers.PostgresConnectionString(ResourceNames.MembershipDatabase));
        await membership.OpenAsync();
        var membershipSchema = await SchemaOfAsync(membership, "outbox_messages");

        var samples = new List<Sample>();
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        for (var i = 0; i < applications.Count; i++)
        {
            var due = Stopwatch.GetTimestamp();
            var sentAt = DateTimeOffset.UtcNow;
            var started = Stopwatch.GetTimestamp();
            using var approve = await client.PostAsync(
                $"/api/membership/applications/{applications[i]}/approval", Json("""{"category":"supporting_stakeholder"}"""));
            var answered = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            approve.EnsureSuccessStatusCode();
            var memberId = (await approve.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("memberId").GetGuid();
            var polled = await ConfirmAsync(replicas.Select(r => (r.Connection, r.Table)).ToList(), memberId, started);
            if (i >= warmUps) // the warm-ups settle the paths (connections, JIT of the consumers' first admissions, pools)
            {
                samples.Add(new Sample(memberId, sentAt, answered, polled));
            }
            var wait = interval - Stopwatch.GetElapsedTime(due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }

        // The rows' own timestamps, read after the run.
        var ways = new List<Way>();
        foreach (var sample in samples)
        {
            await using var command = new NpgsqlCommand(
                $"""
                SELECT o.id, m.updated_at, o.created_at, o.sent_at
                FROM "{membershipSchema}".members m
                JOIN "{membershipSchema}".outbox_messages o ON o.body::text LIKE '%' || m.id::text || '%' AND o.sent_at IS NOT NULL
                WHERE m.id = @member ORDER BY o.created_at LIMIT 1
                """, membership);
            command.Parameters.AddWithValue("member", sample.MemberId);
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                continue;
            }
            var messageId = reader.GetGuid(0);
            var (loaded, written, relayed) = (At(reader, 1), At(reader, 2), At(reader, 3));
            await reader.DisposeAsync();
            var processed = new DateTimeOffset?[replicas.Count];
            for (var k = 0; k < replicas.Count; k++)
            {
                await using var inbox = new NpgsqlCommand($"SELECT min(processed_at) FROM {replicas[k].Inbox} WHERE message_id = @id", replicas[k].Connection);
                inbox.Parameters.AddWithValue("id", messageId);
                processed[k] = await inbox.ExecuteScalarAsync() is DateTime at ? Utc(at) : null;
            }
            ways.Add(new Way(sample, loaded, written, relayed, processed));
        }
        foreach (var replica in replicas)
        {
            await replica.Connection.DisposeAsync();
        }

        static double Ms(DateTimeOffset from, DateTimeOffset? to) => to is { } t ? (t - from).TotalMilliseconds : double.NaN;
        var all = ways.Select(w => w.Processed.Any(p => p is null) ? double.NaN : w.Processed.Max(p => Ms(w.Sample.SentAt, p))).ToList();
        Console.WriteLine();
        Console.WriteLine($"Approval → visible in all three replicas, through the gateway ({samples.Count} approvals at {perSecond}/s after {warmUps} warm-ups; " +
                          "ms from sending the approval, from the rows' own timestamps; replicas confirmed by a light poll):");
        Console.WriteLine();
        Console.WriteLine("| figure | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | target |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        Row("visible in all three replicas (the last inbox row's clock)", all, $"p95 < {TargetP95Ms} ms: {(Percentile(all, 0.95) < TargetP95Ms ? "met" : "NOT met")}");
        for (var k = 0; k < replicas.Count; k++)
        {
            Row($"visible in {replicas[k].Service}", [.. ways.Select(w => Ms(w.Sample.SentAt, w.Processed[k]))], "");
        }
        Row("baseline: the approval's own response", [.. samples.Select(s => s.Answered)], "");
        Row($"cross-check: seen active in all three by the light poll (every {ConfirmPollMs} ms)", [.. samples.Select(s => s.Polled)], "");
        Row("stage: sent → application loaded (gateway, authentication, the application's query)", [.. ways.Select(w => Ms(w.Sample.SentAt, w.Loaded))], "");
        Row("stage: application loaded → outbox row written (domain work, audit, as the save begins)", [.. ways.Select(w => Ms(w.Loaded, w.Written))], "");
        Row("stage: outbox row written → response received (save, commit, cache eviction, response, gateway)", [.. ways.Select(w => w.Sample.Answered - Ms(w.Sample.SentAt, w.Written))], "");
        Row("stage: outbox row written → confirmed by the broker (commit, wake-up, claim, publish, confirm)", [.. ways.Select(w => Ms(w.Written, w.Relayed))], "");
        for (var k = 0; k < replicas.Count; k++)
        {
            Row($"stage: confirmed → {replicas[k].Service}'s inbox row (delivery, the consumer's transaction up to its save)", [.. ways.Select(w => Ms(w.Relayed, w.Processed[k]))], "");
        }
    }

    private sealed record Sample(Guid MemberId, DateTimeOffset SentAt, double Answered, double Polled);

    private sealed record Way(Sample Sample, DateTimeOffset Loaded, DateTimeOffset Written, DateTimeOffset Relayed, DateTimeOffset?[] Processed);

    /// <summary>Npgsql reads a timestamptz as a UTC DateTime when the type is not asked for.</summary>
    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static DateTimeOffset At(NpgsqlDataReader reader, int column) => reader.GetFieldValue<DateTimeOffset>(column);

    /// <summary>
    /// Milliseconds from <paramref name="started"/> until every replica holds the member as active (NaN after 10 s):
    /// one query at a time, every <see cref="ConfirmPollMs"/> ms, each replica asked until it has it.
    /// </summary>
    private static async Task<double> ConfirmAsync(List<(NpgsqlConnection Connection, string Table)> replicas, Guid memberId, long started)
    {
        var pending = new List<NpgsqlCommand>();
        foreach (var (connection, table) in replicas)
        {
            var command = new NpgsqlCommand($"SELECT status FROM {table} WHERE member_id = @id", connection);
            command.Parameters.AddWithValue("id", memberId);
            pending.Add(command);
        }
        try
        {
            while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
            {
                for (var k = pending.Count - 1; k >= 0; k--)
                {
                    if (await pending[k].ExecuteScalarAsync() is "active")
                    {
                        await pending[k].DisposeAsync();
                        pending.RemoveAt(k);
                    }
                }
                if (pending.Count == 0)
                {
                    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
                await Task.Delay(ConfirmPollMs);
            }
            return double.NaN;
        }
        finally
        {
            foreach (var command in pending)
            {
                await command.DisposeAsync();
            }
        }
    }

    private static async Task<string> SchemaOfAsync(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = @table ORDER BY table_schema LIMIT 1", connection);
        command.Parameters.AddWithValue("table", table);
        return await command.ExecuteScalarAsync() as string
            ?? throw new InvalidOperationException($"No {table} table in {connection.Database}.");
    }

    private static void Row(string name, IReadOnlyList<double> values, string target)
    {
        var valid = values.Where(v => !double.IsNaN(v)).ToList();
        var missing = values.Count - valid.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name}{(missing > 0 ? $" ({missing} missing)" : "")} | {Percentile(valid, 0.5):F1} | {Percentile(valid, 0.95):F1} | {Percentile(valid, 0.99):F1} | {(valid.Count == 0 ? double.NaN : valid.Max()):F1} | {target} |"));
    }

    private static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Application(string run, int i) => $$"""
        {"organisation":{"name":"Replica Visibility {{run}} {{i}}","orgType":"ngo_civil_society","countryIso3":"KEN"},
         "requestedCategory":"supporting_stakeholder",
         "focalPoint":{"name":"Amina Otieno","email":"amina.{{run}}.{{i}}@example.org"},
         "alternate":{"name":"Jonas Berg","email":"jonas.{{run}}.{{i}}@example.org"},
         "motivation":"We repair electronics in three cities and want to share what we learn."}
        """;
}
