using System.Collections.Concurrent;
using Gacere.Messaging;
using Gacere.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gacere.IntegrationTests.Messaging;

/// <summary>
/// The relay's wake-ups: a commit reaches a pass that can publish its row at once, so no row waits for the poll
/// interval. The poll interval is an hour here, so a row whose wake-up was lost is never relayed within the test,
/// and each claim is asked what started it (the relay's observer): the outcome does not hang on how fast this
/// machine happens to be, only on whether the wake-up came. The time limits below only end a failing test.
/// The signal's own cases are unit tests (<c>Gacere.UnitTests.Messaging.OutboxSignalTests</c>).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RelayWakeUpTests(ServersFixture fixture) : HostedTest("wake")
{
    private static readonly TimeSpan NoPoll = TimeSpan.FromHours(1);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(60);
    private string _producerDb = null!;
    private string _consumerDb = null!;

    public override async Task InitializeAsync()
    {
        _producerDb = await fixture.CreateDatabaseAsync("producer");
        _consumerDb = await fixture.CreateDatabaseAsync("consumer");
    }

    private async Task<(IHost Producer, ClaimLog Claims, ConsumeProbe Probe)> StartAsync()
    {
        var claims = new ClaimLog();
        var producer = Keep(await MessagingHost.StartAsync<ProducerDbContext>(
            $"{Service}-producer", _producerDb, fixture.Servers.RabbitMqConnectionString,
            services: services => services.AddSingleton<IOutboxRelayObserver>(claims),
            settings: new Dictionary<string, string?>
            {
                ["Messaging:Outbox:PollInterval"] = NoPoll.ToString(),
                ["Messaging:Outbox:PipelinedPasses"] = "1",
            }));
        var probe = new ConsumeProbe();
        Keep(await TestHost.StartAsync<ConsumerDbContext>(
            $"{Service}-consumer", _consumerDb, fixture.Servers.RabbitMqConnectionString,
            bus => bus.AddConsumer<RecordingConsumer>(),
            services => services.AddSingleton(probe)));
        return (producer, claims, probe);
    }

    [Fact]
    public async Task The_first_event_of_a_type_not_yet_routed_is_published_at_once_whichever_pass_its_commit_woke()
    {
        // Only the lead pass may probe a type the broker has not routed yet; the single wake-up permit of before could
        // go to the pipelined pass, which left the row alone, and the lead pass slept for the poll interval.
        var (producer, claims, probe) = await StartAsync();
        await Task.Delay(500); // both passes have made their first (empty) claim and wait
        var admitted = TestHost.Admitted();

        await producer.WriteRegistrationAsync(admitted);

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(probe.DeliveriesOf(admitted.MemberId) == 1), GiveUp),
            "the event was never relayed: its commit's wake-up was lost (the next poll is an hour away)");
        // The row was claimed after a commit's wake-up (by the pipelined pass, which left it, and then by the lead
        // pass, or by the lead pass at once), never after a poll.
        Assert.Empty(claims.Causes(RelayWake.Poll));
        Assert.NotEmpty(claims.Causes(RelayWake.Commit));
        await Task.Delay(300);
        Assert.Equal(1, probe.DeliveriesOf(admitted.MemberId)); // once
    }

    [Fact]
    public async Task A_burst_from_eight_writers_while_both_passes_are_busy_is_relayed_without_any_row_waiting_for_a_poll()
    {
        const int writers = 8, perWriter = 25;
        var (producer, claims, probe) = await StartAsync();
        // The type is routed once, so that the burst exercises the two passes sharing the work.
        var first = TestHost.Admitted();
        await producer.WriteRegistrationAsync(first);
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(probe.DeliveriesOf(first.MemberId) == 1), GiveUp));

        var events = Enumerable.Range(0, writers * perWriter).Select(i => TestHost.Admitted($"Burst member {i}")).ToList();
        var burstStart = claims.Count;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            foreach (var admitted in events.Skip(w * perWriter).Take(perWriter))
            {
                await producer.WriteRegistrationAsync(admitted);
            }
        })));

        var ids = events.Select(e => e.MemberId).ToHashSet();
        Assert.True(await Eventually.HoldsAsync(
            () => Task.FromResult(probe.Deliveries.Count(d => ids.Contains(d.MemberId)) >= events.Count), GiveUp),
            $"{events.Count - probe.Deliveries.Count(d => ids.Contains(d.MemberId))} events of the burst were never relayed: a wake-up was lost (the next poll is an hour away)");
        var burst = claims.Since(burstStart);
        Assert.DoesNotContain(burst, c => c.Woken == RelayWake.Poll);
        Assert.Contains(burst, c => c.Woken == RelayWake.Commit);
        Assert.Equal(events.Count, burst.Sum(c => c.Rows)); // every row claimed once: the type is routed, none left or retried
        await Task.Delay(300);
        Assert.Equal(events.Count, probe.Deliveries.Count(d => ids.Contains(d.MemberId))); // delivered once each
    }

    /// <summary>What started each claim that found rows, in order.</summary>
    private sealed class ClaimLog : IOutboxRelayObserver
    {
        private readonly ConcurrentQueue<(RelayWake Woken, int Rows)> _claims = new();

        public int Count => _claims.Count;

        public List<(RelayWake Woken, int Rows)> Since(int index) => [.. _claims.Skip(index)];

        public List<(RelayWake Woken, int Rows)> Causes(RelayWake woken) => [.. _claims.Where(c => c.Woken == woken)];

        public Task PublishedAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken) => Task.CompletedTask;

        public void Claimed(IReadOnlyList<Guid> messageIds, RelayWake woken) => _claims.Enqueue((woken, messageIds.Count));
    }
}
