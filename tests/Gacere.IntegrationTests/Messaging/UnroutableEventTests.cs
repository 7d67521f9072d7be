using System.Collections.Concurrent;
using Gacere.Messaging;
using Gacere.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gacere.IntegrationTests.Messaging;

/// <summary>An event published before any subscriber's queue exists is not dropped: it waits in the outbox.</summary>
[Collection(ServersCollection.Name)]
public sealed class UnroutableEventTests(ServersFixture fixture) : HostedTest("late")
{
    private string _producerDb = null!;
    private string _consumerDb = null!;

    public override async Task InitializeAsync()
    {
        _producerDb = await fixture.CreateDatabaseAsync("producer");
        _consumerDb = await fixture.CreateDatabaseAsync("consumer");
    }

    [Fact]
    public async Task An_event_no_queue_is_bound_for_stays_pending_and_arrives_once_a_subscriber_binds()
    {
        var producer = await TestHost.StartAsync<ProducerDbContext>($"{Service}-producer", _producerDb, fixture.Servers.RabbitMqConnectionString);
        Keep(producer);
        var probe = new LateSubscriberProbe(Guid.NewGuid());
        await using (var scope = producer.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProducerDbContext>();
            db.AddIntegrationEvent(probe);
            await db.SaveChangesAsync();
        }

        // Without the mandatory flag RabbitMQ confirms a message it routes nowhere, and the row is marked sent.
        Assert.True(await Eventually.HoldsAsync(async () => await AttemptsAsync() >= 2, TimeSpan.FromSeconds(15)),
            "the relay should have tried (and been refused) at least twice");
        Assert.Equal(1, await ServersFixture.ScalarAsync(_producerDb, "SELECT count(*) FROM producer.outbox_messages WHERE sent_at IS NULL"));
        Assert.Equal(1, await ServersFixture.ScalarAsync(_producerDb,
            "SELECT count(*) FROM producer.outbox_messages WHERE last_error LIKE 'No queue is bound%'"));

        var received = new ConcurrentQueue<Guid>();
        var consumer = await TestHost.StartAsync<ConsumerDbContext>(
            $"{Service}-consumer", _consumerDb, fixture.Servers.RabbitMqConnectionString,
            bus => bus.AddConsumer<LateSubscriberConsumer>(),
            services => services.AddSingleton(received));
        Keep(consumer);

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(received.Contains(probe.Id)), TimeSpan.FromSeconds(15)),
            "the pending event never reached the subscriber that bound later");
        Assert.True(await Eventually.HoldsAsync(
            async () => await ServersFixture.ScalarAsync(_producerDb, "SELECT count(*) FROM producer.outbox_messages WHERE sent_at IS NULL") == 0,
            TimeSpan.FromSeconds(5)), "the delivered row should be marked sent");
        await Task.Delay(500);
        Assert.Single(received, id => id == probe.Id);
    }

    private Task<long> AttemptsAsync() =>
        ServersFixture.ScalarAsync(_producerDb, "SELECT coalesce(max(attempts), 0) FROM producer.outbox_messages");
}

/// <summary>A message type only this test publishes and subscribes to, so no other test's queue is bound for it.</summary>
[MessageUrn("gacere:tests:late-subscriber-probe:v1")]
public sealed record LateSubscriberProbe(Guid Id);

public sealed class LateSubscriberConsumer(ConcurrentQueue<Guid> received) : IConsumer<LateSubscriberProbe>
{
    public Task Consume(ConsumeContext<LateSubscriberProbe> context)
    {
        received.Enqueue(context.Message.Id);
        return Task.CompletedTask;
    }
}
