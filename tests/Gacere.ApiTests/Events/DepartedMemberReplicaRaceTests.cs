extern alias events;

using events::Gacere.Events.Data;
using Gacere.Contracts.Membership;
using Gacere.MemberReplica;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Gacere.ApiTests.Events;

/// <summary>
/// A departure for a member the replica has no row for yet, while the replica's own consumer is inserting that very
/// row: the departure waits for the insert instead of colliding on the key, and applies once. Retries are off in this
/// service, so a collision would send the suspension to <c>_error</c> and leave the registration as it was.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DepartedMemberReplicaRaceTests(ServersFixture servers) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private EventsService _events = null!;

    public async Task InitializeAsync()
    {
        _events = await EventsService.StartAsync(servers, new Dictionary<string, string> { ["Messaging:RetryLimit"] = "0" });
        var bus = _events.Factory.Services.GetRequiredService<IBusControl>();
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(bus.CheckHealth().Status == BusHealthStatus.Healthy), Patience),
            "the bus did not start");
    }

    public async Task DisposeAsync() => await _events.DisposeAsync();

    private Task<long> ScalarAsync(string sql) => ServersFixture.ScalarAsync(_events.Factory.DatabaseConnectionString, sql);

    [Fact]
    public async Task A_suspension_with_no_replica_row_yet_and_a_concurrent_replica_insert_cancels_once_without_a_retry()
    {
        var member = await _events.AddMemberAsync(version: 1);
        var meetingId = await _events.OpenMeetingAsync(capacity: null);
        var registrationId = (await _events.RegisterOkAsync(meetingId, member, EventsService.Delegate(1))).GetProperty("id").GetGuid();
        // The registration stands; the replica row goes, as after a restore or before the replica has caught up.
        Assert.Equal(1, await ScalarAsync($"WITH gone AS (DELETE FROM events.member_replicas WHERE member_id = '{member}' RETURNING 1) SELECT count(*) FROM gone"));

        var suspension = new MemberSuspended(member, "Government of Testland", "national_government", "KEN", "member", "suspended",
            new DateOnly(2027, 1, 15), 2, "Dues unpaid");
        var messageId = NewId.NextGuid();
        await using (var connection = new NpgsqlConnection(_events.Factory.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var replicaInsert = await connection.BeginTransactionAsync();
            // The replica's consumer mid-way through the same suspension: the row is written, not yet committed.
            await using (var insert = new NpgsqlCommand("""
                INSERT INTO events.member_replicas (member_id, organisation_name, org_type, country_iso3, category, status, effective_date, version, updated_at)
                VALUES (@id, 'Government of Testland', 'national_government', 'KEN', 'member', 'suspended', DATE '2027-01-15', 2, now())
                """, connection, replicaInsert))
            {
                insert.Parameters.AddWithValue("id", member);
                await insert.ExecuteNonQueryAsync();
            }

            await _events.Factory.Services.GetRequiredService<IBus>().Publish(suspension, context => context.MessageId = messageId);
            // Both consumers of the suspension (the replica's and the departure's) now wait on that row's key.
            Assert.True(await Eventually.HoldsAsync(async () => await ScalarAsync(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= 2, Patience),
                "the consumers never reached the member's row");
            await replicaInsert.CommitAsync();
        }

        Assert.True(await Eventually.HoldsAsync(async () =>
            (await _events.RegistrationsAsync(meetingId)).Single().GetProperty("status").GetString() == "cancelled", Patience),
            "the suspension did not cancel the registration (a key collision with retries off sends it to _error)");
        await using var scope = _events.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        Assert.True(await Eventually.HoldsAsync(async () =>
            await db.Set<Gacere.Messaging.InboxMessage>().CountAsync(m => m.MessageId == messageId) == 2, Patience),
            "both consumers should have recorded the suspension once");
        Assert.Equal(1, await db.Set<Gacere.Messaging.InboxMessage>().CountAsync(m => m.MessageId == messageId && m.Consumer == "departed-member-registrations"));
        Assert.Equal(1, await db.RegistrationTransitions.CountAsync(t => t.RegistrationId == registrationId
            && t.To == events::Gacere.Events.Domain.RegistrationStatus.Cancelled));
        var replica = await db.Set<ReplicatedMember>().AsNoTracking().SingleAsync(m => m.MemberId == member);
        Assert.Equal(("suspended", 2L), (replica.Status, replica.Version));
    }
}
