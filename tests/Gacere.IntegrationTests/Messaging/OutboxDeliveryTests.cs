using System.Diagnostics;
using Gacere.Contracts.Membership;
using Gacere.Messaging;
using Gacere.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

namespace Gacere.IntegrationTests.Messaging;

[Collection(ServersCollection.Name)]
public sealed class OutboxDeliveryTests(ServersFixture fixture) : HostedTest("test")
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private string _producerDb = null!;
    private string _consumerDb = null!;

    public override async Task InitializeAsync()
    {
        _producerDb = await fixture.CreateDatabaseAsync("producer");
        _consumerDb = await fixture.CreateDatabaseAsync("consumer");
    }

    private async Task<IHost> StartProducerAsync(Action<IServiceCollection>? services = null)
    {
        var host = await TestHost.StartAsync<ProducerDbContext>($"{Service}-producer", _producerDb, fixture.Servers.RabbitMqConnectionString, services: services);
        Keep(host);
        return host;
    }

    private async Task<(IHost Host, ConsumeProbe Probe)> StartConsumerAsync()
    {
        var probe = new ConsumeProbe();
        var host = await TestHost.StartAsync<ConsumerDbContext>(
            $"{Service}-consumer", _consumerDb, fixture.Servers.RabbitMqConnectionString,
            bus => bus.AddConsumer<RecordingConsumer>(),
            services => services.AddSingleton(probe));
        Keep(host);
        return (host, probe);
    }

    private Task<long> EffectsAsync(Guid memberId) =>
        ServersFixture.ScalarAsync(_consumerDb, $"SELECT count(*) FROM consumer.applied_changes WHERE member_id = '{memberId}'");

    private Task<long> PendingOutboxRowsAsync() =>
        ServersFixture.ScalarAsync(_producerDb, "SELECT count(*) FROM producer.outbox_messages WHERE sent_at IS NULL");

    [Fact]
    public async Task An_event_written_through_the_outbox_is_consumed_exactly_once_by_another_host()
    {
        var producer = await StartProducerAsync();
        var (_, probe) = await StartConsumerAsync();
        var admitted = TestHost.Admitted();

        await producer.WriteRegistrationAsync(admitted);

        Assert.True(await Eventually.HoldsAsync(async () => await EffectsAsync(admitted.MemberId) == 1, Patience), "the event never arrived");
        await Task.Delay(500); // a second, wrong delivery would land in this window
        Assert.Equal(1, await EffectsAsync(admitted.MemberId));
        Assert.Equal(1, probe.DeliveriesOf(admitted.MemberId));
        Assert.Equal(0, await PendingOutboxRowsAsync());
    }

    [Fact]
    public async Task Events_written_while_RabbitMQ_is_down_all_arrive_once_when_it_returns()
    {
        const int writes = 500;
        var producer = await StartProducerAsync();
        var (_, probe) = await StartConsumerAsync();
        var events = Enumerable.Range(0, writes).Select(i => TestHost.Admitted($"Outage member {i}")).ToList();

        await fixture.Servers.StopServerAsync(ResourceNames.Messaging);
        try
        {
            foreach (var admitted in events)
            {
                await producer.WriteRegistrationAsync(admitted); // each is its own business transaction
            }
            Assert.Equal(writes, await ServersFixture.ScalarAsync(_producerDb, "SELECT count(*) FROM producer.registrations"));
            Assert.Equal(writes, await PendingOutboxRowsAsync());
        }
        finally
        {
            await fixture.Servers.StartServerAsync(ResourceNames.Messaging);
        }

        var ids = string.Join(",", events.Select(e => $"'{e.MemberId}'"));
        Assert.True(await Eventually.HoldsAsync(
            async () => await ServersFixture.ScalarAsync(_consumerDb, $"SELECT count(DISTINCT member_id) FROM consumer.applied_changes WHERE member_id IN ({ids})") == writes,
            TimeSpan.FromSeconds(90)), "not every event arrived after RabbitMQ came back");
        await Task.Delay(1000);
        Assert.Equal(writes, await ServersFixture.ScalarAsync(_consumerDb, $"SELECT count(*) FROM consumer.applied_changes WHERE member_id IN ({ids})"));
        Assert.Equal(0, await PendingOutboxRowsAsync());
    }

    [Fact]
    public async Task The_same_message_delivered_twice_changes_the_consumers_state_once()
    {
        var (consumer, probe) = await StartConsumerAsync();
        var admitted = TestHost.Admitted();
        var messageId = NewId.NextGuid();
        var bus = consumer.Services.GetRequiredService<IBus>();

        await bus.Publish(admitted, context => context.MessageId = messageId);
        await bus.Publish(admitted, context => context.MessageId = messageId);

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(probe.DeliveriesOf(admitted.MemberId) >= 2), Patience), "both deliveries should reach the consumer");
        // The probe sees a delivery as it starts; the first one's transaction may still be committing.
        Assert.True(await Eventually.HoldsAsync(async () => await EffectsAsync(admitted.MemberId) >= 1, Patience), "the first delivery should take effect");
        await Task.Delay(500);
        Assert.Equal(1, await EffectsAsync(admitted.MemberId));
        Assert.Equal(1, await ServersFixture.ScalarAsync(_consumerDb, $"SELECT count(*) FROM consumer.inbox_messages WHERE message_id = '{messageId}'"));
    }

    [Fact]
    public async Task A_redelivery_the_handler_throws_on_is_acknowledged_as_a_duplicate_not_retried_into_the_error_queue()
    {
        var probe = new ConsumeProbe();
        var consumer = await TestHost.StartAsync<ConsumerDbContext>(
            $"{Service}-strict", _consumerDb, fixture.Servers.RabbitMqConnectionString,
            bus => bus.AddConsumer<StrictConsumer>(),
            services => services.AddSingleton(probe));
        Keep(consumer);
        await AssertRedeliveryAcknowledgedAsync(consumer, probe, $"{Service}-strict-strict_error");
    }

    /// <summary>
    /// A message delivered, then delivered again under its id once its effect is in: two deliveries, one effect, one inbox
    /// row, and nothing in <paramref name="errorQueue"/> (the redelivery acknowledged, not retried into it).
    /// </summary>
    private async Task AssertRedeliveryAcknowledgedAsync(IHost consumer, ConsumeProbe probe, string errorQueue)
    {
        var bus = consumer.Services.GetRequiredService<IBus>();
        var admitted = TestHost.Admitted();
        var messageId = NewId.NextGuid();

        await bus.Publish(admitted, context => context.MessageId = messageId);
        Assert.True(await Eventually.HoldsAsync(async () => await EffectsAsync(admitted.MemberId) == 1, Patience), "the first delivery should take effect");
        await bus.Publish(admitted, context => context.MessageId = messageId);

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(probe.DeliveriesOf(admitted.MemberId) >= 2), Patience), "the redelivery should reach the consumer");
        await Task.Delay(1000); // retries of the redelivery (50–200 ms apart here) would land in this window
        Assert.Equal(2, probe.DeliveriesOf(admitted.MemberId));
        Assert.Equal(1, await EffectsAsync(admitted.MemberId));
        Assert.Equal(1, await InboxRowsAsync(messageId));
        Assert.Equal(0u, await MessagesInQueueAsync(errorQueue));
    }

    [Fact]
    public async Task A_consumer_that_always_throws_dead_letters_the_message_and_keeps_consuming_others()
    {
        var (consumer, probe) = await StartConsumerAsync();
        await AssertPoisonDeadLetteredAsync(consumer, probe, $"{Service}-consumer-recording_error");
    }

    /// <summary>
    /// A message whose effect always fails, published before a healthy one: the healthy one takes effect; the poison one is
    /// tried once plus the configured retries, lands in <paramref name="errorQueue"/>, and leaves no effect and no inbox row.
    /// </summary>
    private async Task AssertPoisonDeadLetteredAsync(IHost consumer, ConsumeProbe probe, string errorQueue)
    {
        var bus = consumer.Services.GetRequiredService<IBus>();
        var poison = TestHost.Admitted(RecordingConsumer.Poison);
        var healthy = TestHost.Admitted();
        var poisonId = NewId.NextGuid();

        await bus.Publish(poison, context => context.MessageId = poisonId);
        await bus.Publish(healthy);

        Assert.True(await Eventually.HoldsAsync(async () => await EffectsAsync(healthy.MemberId) == 1, Patience), "the healthy message was not consumed");
        Assert.True(await Eventually.HoldsAsync(async () => await MessagesInQueueAsync(errorQueue) == 1, Patience), $"{errorQueue} should hold the poison message");
        Assert.Equal(poisonId, await PeekMessageIdAsync(errorQueue));
        // One first attempt plus the configured retries, then no more: no attempt was taken for a duplicate (on the
        // statement path each attempt's inbox row rolled back with its failing statement).
        Assert.Equal(3, probe.DeliveriesOf(poison.MemberId));
        Assert.Equal(0, await EffectsAsync(poison.MemberId));
        Assert.Equal(0, await InboxRowsAsync(poisonId));
    }

    private async Task<(IHost Host, ConsumeProbe Probe)> StartStatementConsumerAsync()
    {
        var probe = new ConsumeProbe();
        var host = await TestHost.StartAsync<ConsumerDbContext>(
            $"{Service}-statement", _consumerDb, fixture.Servers.RabbitMqConnectionString,
            bus => bus.AddConsumer<StatementConsumer>(),
            services => services.AddSingleton(probe));
        Keep(host);
        return (host, probe);
    }

    private Task<long> InboxRowsAsync(Guid messageId) =>
        ServersFixture.ScalarAsync(_consumerDb, $"SELECT count(*) FROM consumer.inbox_messages WHERE message_id = '{messageId}'");

    [Fact]
    public async Task A_statement_consumer_applies_a_message_delivered_twice_once_and_acknowledges_the_duplicate()
    {
        var (consumer, probe) = await StartStatementConsumerAsync();
        await AssertRedeliveryAcknowledgedAsync(consumer, probe, $"{Service}-statement-statement_error");
    }

    [Fact]
    public async Task A_statement_consumer_whose_statement_fails_keeps_no_inbox_row_and_dead_letters_the_message()
    {
        var (consumer, probe) = await StartStatementConsumerAsync();
        await AssertPoisonDeadLetteredAsync(consumer, probe, $"{Service}-statement-statement_error");
    }

    [Fact]
    public async Task A_relay_stopped_between_publishing_and_marking_sent_republishes_after_restart_and_the_inbox_keeps_the_effect_single()
    {
        var crash = new CrashAfterPublish();
        var doomedProducer = await StartProducerAsync(services => services.AddSingleton<IOutboxRelayObserver>(crash));
        var (_, probe) = await StartConsumerAsync();
        var admitted = TestHost.Admitted();

        await doomedProducer.WriteRegistrationAsync(admitted);
        await crash.Published.Task.WaitAsync(Patience);
        // The broker confirmed the message, the row is not marked: the process goes away now.
        await StopAsync(doomedProducer);
        Assert.Equal(1, await PendingOutboxRowsAsync());

        await StartProducerAsync();

        Assert.True(await Eventually.HoldsAsync(async () => await PendingOutboxRowsAsync() == 0, Patience), "the restarted relay did not publish the row again");
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(probe.DeliveriesOf(admitted.MemberId) == 2), Patience), "the consumer should see both publications");
        await Task.Delay(300);
        Assert.Equal(1, await EffectsAsync(admitted.MemberId));
    }

    [Fact]
    public async Task The_consumer_sees_the_trace_id_of_the_producer()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("Gacere.IntegrationTests");
        var producer = await StartProducerAsync();
        var (_, probe) = await StartConsumerAsync();
        var admitted = TestHost.Admitted();

        ActivityTraceId producerTrace;
        using (var request = source.StartActivity("approve application", ActivityKind.Server))
        {
            Assert.NotNull(request);
            producerTrace = request.TraceId;
            await producer.WriteRegistrationAsync(admitted);
        }

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(probe.DeliveriesOf(admitted.MemberId) == 1), Patience), "the event never arrived");
        var delivery = probe.Deliveries.Single(d => d.MemberId == admitted.MemberId);
        Assert.Equal(producerTrace, delivery.TraceId);
    }

    private async Task<uint> MessagesInQueueAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0; // not declared yet
        }
    }

    private async Task<Guid?> PeekMessageIdAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var message = await channel.BasicGetAsync(queue, autoAck: false);
        return message?.BasicProperties.MessageId is { } id ? Guid.Parse(id) : null;
    }

    private Task<IConnection> ConnectAsync() =>
        new ConnectionFactory { Uri = new Uri(fixture.Servers.RabbitMqConnectionString) }.CreateConnectionAsync();

    private sealed class CrashAfterPublish : IOutboxRelayObserver
    {
        public TaskCompletionSource Published { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task PublishedAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken)
        {
            if (messageIds.Count == 0)
            {
                return;
            }
            Published.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken); // never reaches "mark sent"
        }
    }
}
