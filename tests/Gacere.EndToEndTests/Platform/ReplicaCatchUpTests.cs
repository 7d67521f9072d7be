using System.Diagnostics;
using Gacere.DevHost;
using Gacere.EndToEndTests.Membership;

namespace Gacere.EndToEndTests.Platform;

/// <summary>No start order: a subscriber that starts after membership has published still holds every member.</summary>
[Collection(MembershipFirstCollection.Name)]
public sealed class LateSubscriberTests(MembershipFirstFixture platform)
{
    private readonly MembershipClient _membership = new(platform);

    [Fact]
    public async Task A_subscriber_started_after_three_admissions_holds_all_three_within_5_seconds()
    {
        var admitted = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var (applicationId, _) = await _membership.SubmitValidAsync(MembershipClient.UniqueName("Late Subscriber Cooperative"));
            admitted.Add(await _membership.AdmitAsync(applicationId));
        }
        // No queue of policymapping exists yet: the events wait in membership's outbox, none confirmed as delivered.
        Assert.True(await platform.ScalarAsync(ResourceNames.MembershipDatabase,
            "SELECT count(*) FROM membership.outbox_messages WHERE sent_at IS NULL AND body->>'memberId' = ANY($1)",
            admitted.Select(id => id.ToString()).ToArray()) == 3, platform.RecentLog());

        await platform.Topology.StartServiceAsync(ResourceNames.PolicyMapping); // a fresh, empty database
        var started = Stopwatch.StartNew();

        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            foreach (var memberId in admitted)
            {
                if (await _membership.ReplicaStatusAsync("/api/policies", memberId) != "active")
                {
                    return false;
                }
            }
            return true;
        }, TimeSpan.FromSeconds(5)), $"not all three admitted members reached the late replica within 5 s\n{platform.RecentLog()}");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5.5), $"took {started.Elapsed}");
        // The seeded members, published at membership's first start when no subscriber existed, are there too.
        Assert.Equal("active", await _membership.ReplicaStatusAsync("/api/policies", await _membership.SeededMemberAsync("KEN")));
    }
}

/// <summary>Replicas rebuild themselves while the platform runs, and the broker's absence loses nothing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReplicaCatchUpTests(TopologyFixture platform)
{
    private static readonly (string Prefix, string Database, string Schema)[] Replicas =
    [
        ("/api/policies", ResourceNames.PolicyMappingDatabase, ResourceNames.PolicyMapping),
        ("/api/partnerships", ResourceNames.PartnershipsDatabase, ResourceNames.Partnerships),
        ("/api/events", ResourceNames.EventsDatabase, ResourceNames.Events),
    ];

    private readonly MembershipClient _membership = new(platform);

    [Fact]
    public async Task A_truncated_replica_table_refills_while_the_platform_runs()
    {
        // From a platform at rest: a test before this one may have stopped, paused or killed RabbitMQ, and /health is 200
        // again as soon as the broker answers, while MassTransit still reconnects receive endpoints (membership's snapshot
        // responder among them) for another 8 to 23 s in our logs. Requests sent meanwhile are lost and the refill would be timed
        // from the wrong moment: the likely cause of the failure seen once in two full runs.
        Assert.True(await Eventually.HoldsAsync(() => platform.MessagingAtRestAsync(ResourceNames.Membership), TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(500)),
            $"membership's broker and bus checks did not come back to Healthy (every receive endpoint connected)\n{platform.RecentLog()}");
        Assert.True(await Eventually.HoldsAsync(() => platform.MessagingAtRestAsync(ResourceNames.Events), TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(500)),
            $"events' broker and bus checks did not come back to Healthy (every receive endpoint connected)\n{platform.RecentLog()}");

        var members = await platform.ScalarAsync(ResourceNames.MembershipDatabase, "SELECT count(*) FROM membership.members");
        Assert.True(await Eventually.HoldsAsync(async () =>
            await platform.ScalarAsync(ResourceNames.EventsDatabase, "SELECT count(*) FROM events.member_replicas") == members,
            TimeSpan.FromSeconds(15)), "the replica was not complete to begin with");

        var kenya = await _membership.SeededMemberAsync("KEN");
        // Not read through the API right after the TRUNCATE (it was once asserted missing there): that raced the 2 s
        // catch-up, which can refill first. Whatever the table holds after the TRUNCATE, the catch-up wrote.
        await platform.ScalarAsync(ResourceNames.EventsDatabase, "TRUNCATE events.member_replicas");

        Assert.True(await Eventually.HoldsAsync(async () =>
            await platform.ScalarAsync(ResourceNames.EventsDatabase, "SELECT count(*) FROM events.member_replicas") == members,
            TimeSpan.FromSeconds(30)), $"the truncated replica did not refill\n{platform.RecentLog()}");
        Assert.Equal("active", await _membership.ReplicaStatusAsync("/api/events", kenya));
    }

    [Fact]
    public async Task Fifty_approvals_while_RabbitMQ_is_stopped_for_10_seconds_reach_every_replica_once()
    {
        const int approvals = 50;
        // Anonymous submissions are limited per address: spread them over three addresses of their own.
        var clients = new[] { "127.0.0.11", "127.0.0.12", "127.0.0.13" }.Select(platform.ClientFrom).ToArray();
        var applications = new List<Guid>();
        try
        {
            for (var i = 0; i < approvals; i++)
            {
                using var response = await _membership.SubmitAsync(
                    MembershipClient.Application(MembershipClient.UniqueName("Outage Repair Network")), client: clients[i % clients.Length]);
                Assert.True(response.IsSuccessStatusCode, await MembershipClient.Describe(response));
                using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                applications.Add(body.RootElement.GetProperty("applicationId").GetGuid());
            }
        }
        finally
        {
            Array.ForEach(clients, c => c.Dispose());
        }

        var members = new List<Guid>();
        var outage = Stopwatch.StartNew();
        for (var i = 0; i < approvals; i++)
        {
            if (i == 10)
            {
                await platform.Topology.Servers.StopServerAsync(ResourceNames.Messaging);
                outage.Restart();
            }
            members.Add(await _membership.AdmitAsync(applications[i]));
            if (i >= 10)
            {
                await Task.Delay(150); // the other forty approvals spread over the outage
            }
        }
        var remaining = TimeSpan.FromSeconds(10) - outage.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
        await platform.Topology.Servers.StartServerAsync(ResourceNames.Messaging);

        var ids = members.Select(id => id.ToString()).ToArray();
        foreach (var (prefix, database, schema) in Replicas)
        {
            Assert.True(await Eventually.HoldsAsync(async () =>
                await platform.ScalarAsync(database, $"SELECT count(*) FROM {schema}.member_replicas WHERE status = 'active' AND version = 1 AND member_id::text = ANY($1)", ids) == approvals,
                TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250)), $"{prefix}: not all {approvals} approvals arrived\n{platform.RecentLog()}");
        }

        // Every event itself arrived (not only the catch-up), and each was applied once: one inbox record per message.
        var messageIds = await MessageIdsAsync(ids);
        Assert.Equal(approvals, messageIds.Length);
        foreach (var (prefix, database, schema) in Replicas)
        {
            Assert.True(await Eventually.HoldsAsync(async () =>
                await platform.ScalarAsync(database, $"SELECT count(*) FROM {schema}.inbox_messages WHERE consumer = 'member-replica' AND message_id = ANY($1)", messageIds) == approvals,
                TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250)), $"{prefix}: not every event was consumed exactly once");
            Assert.Equal(approvals, await platform.ScalarAsync(database,
                $"SELECT count(DISTINCT member_id) FROM {schema}.member_replicas WHERE member_id::text = ANY($1)", ids));
        }
        Assert.Equal(0, await platform.ScalarAsync(ResourceNames.MembershipDatabase,
            "SELECT count(*) FROM membership.outbox_messages WHERE sent_at IS NULL AND body->>'memberId' = ANY($1)", ids));
    }

    private async Task<Guid[]> MessageIdsAsync(string[] memberIds)
    {
        await using var connection = new Npgsql.NpgsqlConnection(platform.Topology.Servers.PostgresConnectionString(ResourceNames.MembershipDatabase));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT id FROM membership.outbox_messages WHERE body->>'memberId' = ANY($1)", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = memberIds });
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }
        return [.. ids];
    }
}
