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
/// time, paced, and for each the three services' replica rows are polled (every ~1 ms, straight from their databases)
/// until all three hold the member as active. Beside it, in the same run, the approval's own response time, and
/// per stage from the rows' own timestamps: membership's outbox row written → marked sent (after the broker's
/// confirm), and marked sent → each consumer's inbox row (written just before its commit).
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

    public static async Task RunAsync(PlatformTopology topology, int approvals = 50, int perSecond = 5)
    {
        Console.WriteLine();
        Console.WriteLine($"Approval → visible in all three replicas: {approvals} approvals through the gateway, {perSecond}/s...");
        using var client = new HttpClient { BaseAddress = topology.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", DevTokens.Mint(topology.SigningKey, GacereRoles.Secretariat));

        // Submitted and put under review first, so that each measured request is the approval alone.
        var run = Guid.NewGuid().ToString("N")[..8];
        var applications = new List<Guid>();
        for (var i = 0; i < approvals + 2; i++)
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
        var outbox = $"\"{await SchemaOfAsync(membership, "outbox_messages")}\".outbox_messages";

        var samples = new List<Sample>();
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        for (var i = 0; i < applications.Count; i++)
        {
            var due = Stopwatch.GetTimestamp();
            var started = Stopwatch.GetTimestamp();
            using var approve = await client.PostAsync(
                $"/api/membership/applications/{applications[i]}/approval", Json("""{"category":"supporting_stakeholder"}"""));
            var answered = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            approve.EnsureSuccessStatusCode();
            var memberId = (await approve.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("memberId").GetGuid();
            var visible = await Task.WhenAll(replicas.Select(r => PollAsync(r.Connection, r.Table, memberId, started)));
            if (i >= 2) // the first two warm the paths (connections, JIT of the consumers' first admission)
            {
                samples.Add(new Sample(memberId, answered, visible));
            }
            var wait = interval - Stopwatch.GetElapsedTime(due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }

        // Stage timestamps from the rows themselves (one clock: every process runs on this machine).
        var stages = new List<(double Relay, double[] Consume)>();
        foreach (var sample in samples)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT id, created_at, sent_at FROM {outbox} WHERE body::text LIKE '%' || @member || '%' AND sent_at IS NOT NULL ORDER BY created_at LIMIT 1", membership);
            command.Parameters.AddWithValue("member", sample.MemberId.ToString());
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                continue;
            }
            var (messageId, created, sent) = (reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2));
            await reader.DisposeAsync();
            var consumed = new double[replicas.Count];
            for (var k = 0; k < replicas.Count; k++)
            {
                await using var inbox = new NpgsqlCommand($"SELECT min(processed_at) FROM {replicas[k].Inbox} WHERE message_id = @id", replicas[k].Connection);
                inbox.Parameters.AddWithValue("id", messageId);
                // Npgsql reads a timestamptz as a UTC DateTime when the type is not asked for.
                consumed[k] = await inbox.ExecuteScalarAsync() is DateTime at
                    ? (new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) - sent).TotalMilliseconds
                    : double.NaN;
            }
            stages.Add(((sent - created).TotalMilliseconds, consumed));
        }
        foreach (var replica in replicas)
        {
            await replica.Connection.DisposeAsync();
        }

        var all = samples.Select(s => s.Visible.Max()).ToList();
        Console.WriteLine();
        Console.WriteLine($"Approval → visible in all three replicas, through the gateway ({samples.Count} approvals at {perSecond}/s, replicas polled every ~1 ms; ms from sending the approval):");
        Console.WriteLine();
        Console.WriteLine("| figure | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | target |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        Row("visible in all three replicas", all, $"p95 < {TargetP95Ms} ms: {(Percentile(all, 0.95) < TargetP95Ms ? "met" : "NOT met")}");
        for (var k = 0; k < replicas.Count; k++)
        {
            Row($"visible in {replicas[k].Service}", [.. samples.Select(s => s.Visible[k])], "");
        }
        Row("baseline: the approval's own response", [.. samples.Select(s => s.Answered)], "");
        Row("stage: outbox row written → marked sent (relay: claim, publish, confirm, mark)", [.. stages.Select(s => s.Relay)], "");
        for (var k = 0; k < replicas.Count; k++)
        {
            Row($"stage: marked sent → {replicas[k].Service}'s inbox row (may be < 0: consumed before the mark)", [.. stages.Select(s => s.Consume[k]).Where(v => !double.IsNaN(v))], "");
        }
    }

    private sealed record Sample(Guid MemberId, double Answered, double[] Visible);

    /// <summary>Milliseconds from <paramref name="started"/> until the replica holds the member as active (NaN after 10 s).</summary>
    private static async Task<double> PollAsync(NpgsqlConnection connection, string table, Guid memberId, long started)
    {
        await using var command = new NpgsqlCommand($"SELECT status FROM {table} WHERE member_id = @id", connection);
        command.Parameters.AddWithValue("id", memberId);
        await command.PrepareAsync();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
        {
            if (await command.ExecuteScalarAsync() is "active")
            {
                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            await Task.Delay(1);
        }
        return double.NaN;
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
            $"| {name}{(missing > 0 ? $" ({missing} never seen within 10 s)" : "")} | {Percentile(valid, 0.5):F1} | {Percentile(valid, 0.95):F1} | {Percentile(valid, 0.99):F1} | {(valid.Count == 0 ? double.NaN : valid.Max()):F1} | {target} |"));
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
