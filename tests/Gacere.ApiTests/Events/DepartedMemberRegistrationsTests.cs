extern alias events;

using System.Net;
using events::Gacere.Events.Data;
using Gacere.Contracts.Membership;
using Gacere.MemberReplica;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gacere.ApiTests.Events;

/// <summary>
/// Members leave, registrations follow: membership's suspension and withdrawal events, through RabbitMQ into the
/// service's own queue, cancel the member's registrations for meetings not yet held, once, and the waitlist moves up.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DepartedMemberRegistrationsTests(ServersFixture servers) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private EventsService _events = null!;

    public async Task InitializeAsync()
    {
        _events = await EventsService.StartAsync(servers);
        var bus = _events.Factory.Services.GetRequiredService<IBusControl>();
        // The queues are bound once the bus is up; an event published before that would have nowhere to go.
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(bus.CheckHealth().Status == BusHealthStatus.Healthy), Patience),
            "the bus did not start");
    }

    public async Task DisposeAsync() => await _events.DisposeAsync();

    private Task PublishAsync<T>(T message, Guid messageId) where T : class =>
        _events.Factory.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId);

    private static MemberSuspended Suspended(Guid memberId, long version) => new(
        memberId, "Government of Testland", "national_government", "KEN", "member", "suspended", new DateOnly(2027, 1, 15), version, "Dues unpaid for two years");

    [Fact]
    public async Task A_suspension_cancels_upcoming_registrations_once_moves_the_waitlist_up_and_reinstatement_resurrects_nothing()
    {
        var leaving = await _events.AddMemberAsync();
        var staying = await _events.AddMemberAsync();
        var meetingId = await _events.OpenMeetingAsync(capacity: 2);
        var leavingFirst = (await _events.RegisterOkAsync(meetingId, leaving, EventsService.Delegate(1))).GetProperty("id").GetGuid();
        var leavingSecond = (await _events.RegisterOkAsync(meetingId, leaving, EventsService.Delegate(2))).GetProperty("id").GetGuid();
        var waiting = await _events.RegisterOkAsync(meetingId, staying, EventsService.Delegate(3));
        Assert.Equal("registered", waiting.GetProperty("status").GetString());
        // A meeting already held keeps its record: the member's delegate did attend.
        var heldMeeting = await _events.OpenMeetingAsync(capacity: null);
        await _events.RegisterOkAsync(heldMeeting, leaving, EventsService.Delegate(4));
        await _events.MoveOkAsync(heldMeeting, "mark_held");

        var suspension = Suspended(leaving, version: 2);
        var messageId = NewId.NextGuid();
        await PublishAsync(suspension, messageId);
        await PublishAsync(suspension, messageId);            // a redelivery: the inbox skips it
        await PublishAsync(suspension, NewId.NextGuid());     // the same change again under another id: nothing left to cancel

        Assert.True(await Eventually.HoldsAsync(async () =>
            (await _events.RegistrationsAsync(meetingId)).Count(r => r.GetProperty("status").GetString() == "cancelled") == 2, Patience),
            "the suspended member's registrations were not cancelled");
        var registrations = await _events.RegistrationsAsync(meetingId);
        var stayingRow = registrations.Single(r => r.GetProperty("memberId").GetGuid() == staying);
        Assert.Equal("confirmed", stayingRow.GetProperty("status").GetString()); // the waitlist moved up
        Assert.All(registrations.Where(r => r.GetProperty("memberId").GetGuid() == leaving),
            r => Assert.Equal("The member was suspended on 2027-01-15: Dues unpaid for two years", r.GetProperty("cancellationReason").GetString()));
        Assert.Equal("confirmed", (await _events.RegistrationsAsync(heldMeeting)).Single().GetProperty("status").GetString());

        // Reinstated (a newer version): nothing comes back; the member may register again.
        await PublishAsync(new MemberReinstated(leaving, "Government of Testland", "national_government", "KEN", "member", "active",
            new DateOnly(2027, 3, 1), 3), NewId.NextGuid());
        await WaitForReplicaAsync(leaving, 3);
        await using var scope = _events.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        Assert.True(await Eventually.HoldsAsync(async () =>
            await db.Set<Gacere.Messaging.InboxMessage>().CountAsync(m => m.Consumer == "departed-member-registrations") == 3, Patience));
        foreach (var id in new[] { leavingFirst, leavingSecond })
        {
            var trail = await db.RegistrationTransitions.AsNoTracking().Where(t => t.RegistrationId == id).OrderBy(t => t.At).ToListAsync();
            var cancellation = Assert.Single(trail, t => t.To == events::Gacere.Events.Domain.RegistrationStatus.Cancelled);
            Assert.Equal("system:membership", cancellation.Actor);
            Assert.Equal(events::Gacere.Events.Domain.RegistrationStatus.Cancelled, trail[^1].To);
        }
        Assert.Equal(2, (await _events.RegistrationsAsync(meetingId)).Count(r => r.GetProperty("status").GetString() == "cancelled"));
    }

    /// <summary>
    /// The guard against a late suspension: registered after the reinstatement, a delegate keeps the seat when the
    /// older suspension arrives (again, under a new message id). Without the guard the suspension would cancel it.
    /// </summary>
    [Fact]
    public async Task A_late_suspension_older_than_the_reinstatement_cancels_nothing_registered_since()
    {
        var member = await _events.AddMemberAsync(version: 1);
        var meetingId = await _events.OpenMeetingAsync(capacity: null);
        await PublishAsync(new MemberReinstated(member, "Government of Testland", "national_government", "KEN", "member", "active",
            new DateOnly(2027, 3, 1), 3), NewId.NextGuid());
        await WaitForReplicaAsync(member, 3);
        var since = (await _events.RegisterOkAsync(meetingId, member, EventsService.Delegate(7))).GetProperty("id").GetGuid();

        await PublishAsync(Suspended(member, version: 2), NewId.NextGuid());

        await using var scope = _events.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        Assert.True(await Eventually.HoldsAsync(async () =>
            await db.Set<Gacere.Messaging.InboxMessage>().CountAsync(m => m.Consumer == "departed-member-registrations") == 2, Patience),
            "the late suspension was never consumed");
        var registration = Assert.Single(await _events.RegistrationsAsync(meetingId));
        Assert.Equal(since, registration.GetProperty("id").GetGuid());
        Assert.Equal("confirmed", registration.GetProperty("status").GetString());
        var replica = await db.Set<ReplicatedMember>().AsNoTracking().SingleAsync(m => m.MemberId == member);
        Assert.Equal(("active", 3L), (replica.Status, replica.Version)); // nor did it move the replica back
    }

    /// <summary>Once its registrations are cancelled, the suspended member cannot register again (409): the replica says so.</summary>
    [Fact]
    public async Task Once_a_suspension_has_cancelled_the_registrations_the_member_cannot_register_again()
    {
        var member = await _events.AddMemberAsync(version: 1);
        var meetingId = await _events.OpenMeetingAsync(capacity: null);
        await _events.RegisterOkAsync(meetingId, member, EventsService.Delegate(1));

        await PublishAsync(Suspended(member, version: 2), NewId.NextGuid());
        Assert.True(await Eventually.HoldsAsync(async () =>
            (await _events.RegistrationsAsync(meetingId)).Single().GetProperty("status").GetString() == "cancelled", Patience));

        using var again = await _events.RegisterAsync(meetingId, member, EventsService.Delegate(2));
        Assert.True(again.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(again));
    }

    [Fact]
    public async Task A_withdrawal_cancels_registrations_for_every_meeting_not_yet_held()
    {
        var member = await _events.AddMemberAsync();
        var open = await _events.OpenMeetingAsync(capacity: null);
        var postponed = await _events.OpenMeetingAsync(capacity: null);
        await _events.RegisterOkAsync(open, member, EventsService.Delegate(1));
        await _events.RegisterOkAsync(postponed, member, EventsService.Delegate(2));
        using (var moved = await _events.MoveAsync(postponed, "postpone", "Venue unavailable"))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        await PublishAsync(new MemberWithdrawn(member, "Government of Testland", "national_government", "KEN", "member", "withdrawn",
            new DateOnly(2027, 6, 30), 5, null), NewId.NextGuid());

        foreach (var meetingId in new[] { open, postponed })
        {
            Assert.True(await Eventually.HoldsAsync(async () =>
                (await _events.RegistrationsAsync(meetingId)).Single().GetProperty("status").GetString() == "cancelled", Patience));
            Assert.Equal("The member was withdrawn on 2027-06-30.",
                (await _events.RegistrationsAsync(meetingId)).Single().GetProperty("cancellationReason").GetString());
        }
    }

    private async Task WaitForReplicaAsync(Guid memberId, long version)
    {
        await using var scope = _events.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        Assert.True(await Eventually.HoldsAsync(async () =>
            await db.Set<ReplicatedMember>().AsNoTracking().AnyAsync(m => m.MemberId == memberId && m.Version >= version), Patience));
    }
}
