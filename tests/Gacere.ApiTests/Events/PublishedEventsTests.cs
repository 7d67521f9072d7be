extern alias events;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using events::Gacere.Events.Data;
using Gacere.Contracts.Events;
using Gacere.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gacere.ApiTests.Events;

/// <summary>
/// What Events publishes, seen by a real subscriber: another service's bus on the same RabbitMQ virtual host, with
/// its own queue bound to the three contracts. Each change arrives once, and is one outbox row of its commit.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class PublishedEventsTests(ServersFixture servers) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Received _received = new();
    private EventsService _events = null!;
    private IHost _subscriber = null!;

    public async Task InitializeAsync()
    {
        _events = await EventsService.StartAsync(servers);
        var messaging = _events.Factory.Services.GetRequiredService<IConfiguration>().GetConnectionString(MessagingExtensions.ConnectionName)!;
        // The subscriber's queue is bound before anything is published: the events are announcements, which an
        // exchange with no queue behind it would drop.
        _subscriber = await MessagingHost.StartAsync<SubscriberDbContext>(
            "subscriber", await servers.CreateDatabaseAsync("subscriber"), messaging,
            bus => bus.AddConsumer<EventsSubscriber>(), services => services.AddSingleton(_received));
    }

    public async Task DisposeAsync()
    {
        await _subscriber.StopAsync();
        _subscriber.Dispose();
        await _events.DisposeAsync();
    }

    [Fact]
    public async Task Announced_confirmed_confirmed_from_the_waitlist_and_cancelled_each_arrive_once()
    {
        var seated = await _events.AddMemberAsync();
        var waiting = await _events.AddMemberAsync();
        var meeting = await _events.PlanAsync(EventsService.Meeting(title: "Expert meeting on material footprints", capacity: 1));
        var meetingId = meeting.GetProperty("id").GetGuid();
        await _events.MoveOkAsync(meetingId, "announce", "open_registration");

        var first = (await _events.RegisterOkAsync(meetingId, seated, EventsService.Delegate(1))).GetProperty("id").GetGuid();
        var second = await _events.RegisterOkAsync(meetingId, waiting, EventsService.Delegate(2));
        Assert.Equal("registered", second.GetProperty("status").GetString());
        var secondId = second.GetProperty("id").GetGuid();
        using (var focalPoint = _events.FocalPoint(seated))
        using (var cancelled = await focalPoint.PostAsJsonAsync($"{EventsService.Prefix}/registrations/{first}/cancellation", new { reason = "Travel cancelled" }))
        {
            Assert.True(cancelled.StatusCode == HttpStatusCode.OK, await Responses.Describe(cancelled));
        }
        using (var cancelled = await _events.MoveAsync(meetingId, "cancel", "No quorum"))
        {
            Assert.True(cancelled.StatusCode == HttpStatusCode.OK, await Responses.Describe(cancelled));
        }

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(_received.About(meetingId).Count >= 4), Patience),
            $"the subscriber received {_received.About(meetingId).Count} of 4 events");
        await Task.Delay(TimeSpan.FromSeconds(2)); // anything sent twice would have arrived by now
        var received = _received.About(meetingId);

        var announced = Assert.Single(received.OfType<MeetingAnnounced>());
        Assert.Equal(("expert_meeting", "Expert meeting on material footprints", "online", "Europe/Brussels"),
            (announced.Type, announced.Title, announced.Format, announced.TimeZone));
        Assert.Equal(new DateTimeOffset(2027, 3, 10, 14, 0, 0, TimeSpan.FromHours(1)), announced.StartsAt);
        var confirmations = received.OfType<RegistrationConfirmed>().ToList();
        var direct = Assert.Single(confirmations, c => c.RegistrationId == first);
        Assert.Equal((seated, false), (direct.MemberId, direct.FromWaitlist));
        var promoted = Assert.Single(confirmations, c => c.RegistrationId == secondId);
        Assert.Equal((waiting, true, "Delegate 2"), (promoted.MemberId, promoted.FromWaitlist, promoted.DelegateName));
        Assert.Equal(2, confirmations.Count);
        var cancellation = Assert.Single(received.OfType<MeetingCancelled>());
        Assert.Equal(("No quorum", true), (cancellation.Reason, cancellation.WasPublic));
        Assert.True(cancellation.Sequence > announced.Sequence);
        Assert.Equal(4, received.Count);

        // One outbox row per change, each sent: nothing held back for want of a subscriber, nothing written twice.
        await using var scope = _events.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EventsDbContext>();
        var rows = await db.Set<OutboxMessage>().AsNoTracking().ToListAsync();
        Assert.Equal(
            [(nameof(MeetingAnnounced), 1), (nameof(MeetingCancelled), 1), (nameof(RegistrationConfirmed), 2)],
            rows.GroupBy(r => r.MessageType.Split(',')[0].Split('.')[^1]).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key, StringComparer.Ordinal));
        Assert.All(rows, r => Assert.NotNull(r.SentAt));
    }

    [Fact]
    public async Task A_draft_cancelled_before_it_was_announced_says_it_was_never_public_and_announces_nothing()
    {
        var meeting = await _events.PlanAsync(EventsService.Meeting(title: "Draft expert meeting"));
        var meetingId = meeting.GetProperty("id").GetGuid();
        using (var cancelled = await _events.MoveAsync(meetingId, "cancel", "Merged into another meeting"))
        {
            Assert.True(cancelled.StatusCode == HttpStatusCode.OK, await Responses.Describe(cancelled));
        }

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(_received.About(meetingId).Count >= 1), Patience));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var cancellation = Assert.IsType<MeetingCancelled>(Assert.Single(_received.About(meetingId)));
        Assert.False(cancellation.WasPublic);
    }
}

/// <summary>Every delivery the subscriber sees, before any deduplication.</summary>
public sealed class Received
{
    private readonly ConcurrentQueue<(Guid MeetingId, object Message)> _messages = new();

    public void Add(Guid meetingId, object message) => _messages.Enqueue((meetingId, message));

    public IReadOnlyList<object> About(Guid meetingId) => [.. _messages.Where(m => m.MeetingId == meetingId).Select(m => m.Message)];
}

public sealed class EventsSubscriber(Received received) :
    IConsumer<MeetingAnnounced>, IConsumer<MeetingCancelled>, IConsumer<RegistrationConfirmed>
{
    public Task Consume(ConsumeContext<MeetingAnnounced> context) => Record(context.Message.MeetingId, context.Message);

    public Task Consume(ConsumeContext<MeetingCancelled> context) => Record(context.Message.MeetingId, context.Message);

    public Task Consume(ConsumeContext<RegistrationConfirmed> context) => Record(context.Message.MeetingId, context.Message);

    private Task Record(Guid meetingId, object message)
    {
        received.Add(meetingId, message);
        return Task.CompletedTask;
    }
}

/// <summary>The subscribing service's database: only the outbox and inbox its messaging needs.</summary>
public sealed class SubscriberDbContext(DbContextOptions<SubscriberDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("subscriber");
        modelBuilder.AddOutboxAndInbox();
    }
}
