using System.Collections.Concurrent;
using System.Diagnostics;
using Gacere.Messaging;
using Gacere.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gacere.IntegrationTests.Messaging;

/// <summary>
/// The relay's wake-ups: a commit reaches a pass that can publish its row at once, so no row waits for the poll
/// interval (set to 30 s here, longer than any of these tests, so a row that waited for it cannot pass unnoticed).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RelayWakeUpTests(ServersFixture fixture) : HostedTest("wake")
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(30);
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
                ["Messaging:Outbox:PollInterval"] = LongPoll.ToString(),
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
        await Task.Delay(300); // both passes have found nothing and wait
        var admitted = TestHost.Admitted();

        var started = Stopwatch.GetTimestamp();
        await producer.WriteRegistrationAsync(admitted);

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(probe.DeliveriesOf(admitted.MemberId) == 1), TimeSpan.FromSeconds(20)),
            "the event never arrived");
        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"the first event took {elapsed.TotalMilliseconds:F0} ms: it waited for a poll");
        Assert.Equal(0, claims.RowsClaimedAfter(RelayWake.Poll));
    }

    [Fact]
    public async Task A_burst_from_eight_writers_while_both_passes_are_busy_is_relayed_without_any_row_waiting_for_a_poll()
    {
        const int writers = 8, perWriter = 25;
        var (producer, claims, probe) = await StartAsync();
        // The type is routed once, so that the burst exercises the two passes sharing the work.
        var first = TestHost.Admitted();
        await producer.WriteRegistrationAsync(first);
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(probe.DeliveriesOf(first.MemberId) == 1), TimeSpan.FromSeconds(20)));

        var events = Enumerable.Range(0, writers * perWriter).Select(i => TestHost.Admitted($"Burst member {i}")).ToList();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            foreach (var admitted in events.Skip(w * perWriter).Take(perWriter))
            {
                await producer.WriteRegistrationAsync(admitted);
            }
        })));

        var ids = events.Select(e => e.MemberId).ToHashSet();
        Assert.True(await Eventually.HoldsAsync(
            () => Task.FromResult(probe.Deliveries.Count(d => ids.Contains(d.MemberId)) >= events.Count), LongPoll - TimeSpan.FromSeconds(5)),
            "not every event of the burst arrived before a poll could have fetched it");
        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.Equal(0, claims.RowsClaimedAfter(RelayWake.Poll));
        Assert.True(claims.RowsClaimedAfter(RelayWake.Commit) > 0);
        Assert.True(elapsed < LongPoll, $"the burst took {elapsed.TotalSeconds:F1} s");
        await Task.Delay(300);
        Assert.Equal(events.Count, probe.Deliveries.Count(d => ids.Contains(d.MemberId))); // once each
    }

    [Fact]
    public async Task A_commit_while_every_pass_is_busy_is_not_lost_and_each_commit_wakes_another_idle_pass()
    {
        var signal = new OutboxSignal();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // Busy: a pass read the generation before its claim, a commit came meanwhile: its wait returns at once.
        var seen = signal.Generation;
        signal.Notify();
        Assert.True(await signal.WaitAsync(seen, lead: false, LongPoll, cancel.Token).WaitAsync(TimeSpan.FromSeconds(1)));

        // Idle: two passes wait; two commits wake both, not one twice.
        seen = signal.Generation;
        var first = signal.WaitAsync(seen, lead: true, LongPoll, cancel.Token);
        var second = signal.WaitAsync(seen, lead: false, LongPoll, cancel.Token);
        signal.Notify();
        signal.Notify();
        Assert.True(await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(1)) is [true, true]);

        // The pipelined pass took a commit's wake-up but its row is the lead's: the lead is woken, even if busy then.
        seen = signal.Generation;
        var pipelined = signal.WaitAsync(seen, lead: false, LongPoll, cancel.Token);
        var lead = signal.WaitAsync(seen, lead: true, LongPoll, cancel.Token);
        signal.Notify();
        Assert.True(await pipelined.WaitAsync(TimeSpan.FromSeconds(1)));
        Assert.False(lead.IsCompleted);
        signal.WakeLead();
        Assert.True(await lead.WaitAsync(TimeSpan.FromSeconds(1)));
        signal.WakeLead(); // the lead is busy now: its next wait returns at once
        Assert.True(await signal.WaitAsync(signal.Generation, lead: true, LongPoll, cancel.Token).WaitAsync(TimeSpan.FromSeconds(1)));
    }

    /// <summary>What started each claim that found rows.</summary>
    private sealed class ClaimLog : IOutboxRelayObserver
    {
        private readonly ConcurrentQueue<(RelayWake Woken, int Rows)> _claims = new();

        public int RowsClaimedAfter(RelayWake woken) => _claims.Where(c => c.Woken == woken).Sum(c => c.Rows);

        public Task PublishedAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken) => Task.CompletedTask;

        public void Claimed(IReadOnlyList<Guid> messageIds, RelayWake woken) => _claims.Enqueue((woken, messageIds.Count));
    }
}
