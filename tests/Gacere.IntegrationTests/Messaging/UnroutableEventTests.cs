using System.Collections.Concurrent;
using Gacere.Contracts;
using Gacere.Messaging;
using Gacere.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gacere.IntegrationTests.Messaging;

/// <summary>An event published before any subscriber's queue exists is not dropped: it waits in the outbox. An announcement does not.</summary>
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
    public async Task Events_no_queue_is_bound_for_stay_pending_behind_one_probe_and_arrive_once_a_subscriber_binds()
    {
        var producer = await TestHost.StartAsync<ProducerDbContext>($"{Service}-producer", _producerDb, fixture.Servers.RabbitMqConnectionString);
        Keep(producer);
        var probes = Enumerable.Range(0, 12).Select(_ => new LateSubscriberProbe(Guid.NewGuid())).ToList();
        await using (var scope = producer.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProducerDbContext>();
            foreach (var probe in probes)
            {
                db.AddIntegrationEvent(probe);
            }
            await db.SaveChangesAsync();
        }

        // Without the mandatory flag RabbitMQ confirms a message it routes nowhere, and the rows are marked sent.
        Assert.True(await Eventually.HoldsAsync(async () => await AttemptsAsync() >= 2, TimeSpan.FromSeconds(15)),
            "the relay should have tried (and been refused) at least twice");
        Assert.Equal(12, await ServersFixture.ScalarAsync(_producerDb, "SELECT count(*) FROM producer.outbox_messages WHERE sent_at IS NULL"));
        // One row probes for the type; the other eleven were never sent to be returned (one S-FAULT per retry, not twelve).
        Assert.Equal(1, await ServersFixture.ScalarAsync(_producerDb, "SELECT count(*) FROM producer.outbox_messages WHERE attempts > 0"));
        Assert.Equal(12, await ServersFixture.ScalarAsync(_producerDb,
            "SELECT count(*) FROM producer.outbox_messages WHERE last_error LIKE 'No queue is bound%'"));

        var received = new ConcurrentQueue<Guid>();
        var consumer = await TestHost.StartAsync<ConsumerDbContext>(
            $"{Service}-consumer", _consumerDb, fixture.Servers.RabbitMqConnectionString,
            bus => bus.AddConsumer<LateSubscriberConsumer>(),
            services => services.AddSingleton(received));
        Keep(consumer);

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(probes.All(p => received.Contains(p.Id))), TimeSpan.FromSeconds(20)),
            $"only {received.Count} of the 12 pending events reached the subscriber that bound later");
        Assert.True(await Eventually.HoldsAsync(
            async () => await ServersFixture.ScalarAsync(_producerDb, "SELECT count(*) FROM producer.outbox_messages WHERE sent_at IS NULL") == 0,
            TimeSpan.FromSeconds(5)), "the delivered rows should be marked sent");
        await Task.Delay(500);
        Assert.All(probes, p => Assert.Single(received, id => id == p.Id));
    }

    [Fact]
    public async Task An_announcement_no_queue_is_bound_for_is_confirmed_and_not_held()
    {
        var producer = await TestHost.StartAsync<ProducerDbContext>($"{Service}-announcer", _producerDb, fixture.Servers.RabbitMqConnectionString);
        Keep(producer);
        await using (var scope = producer.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProducerDbContext>();
            db.AddIntegrationEvent(new UnheardAnnouncement(Guid.NewGuid()));
            await db.SaveChangesAsync();
        }

        Assert.True(await Eventually.HoldsAsync(
            async () => await ServersFixture.ScalarAsync(_producerDb, "SELECT count(*) FROM producer.outbox_messages WHERE sent_at IS NOT NULL") == 1,
            TimeSpan.FromSeconds(10)), "an announcement nobody subscribes to should be confirmed by the broker and marked sent");
        var attempts = await AttemptsAsync();
        Assert.True(attempts == 0, $"the announcement needed {attempts + 1} attempts; its last error: {await LastErrorAsync()}");
    }

    private async Task<string?> LastErrorAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_producerDb);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT string_agg(last_error, ' | ') FROM producer.outbox_messages", connection);
        return await command.ExecuteScalarAsync() as string;
    }

    private Task<long> AttemptsAsync() =>
        ServersFixture.ScalarAsync(_producerDb, "SELECT coalesce(max(attempts), 0) FROM producer.outbox_messages");
}

/// <summary>A message type only this test publishes and subscribes to, so no other test's queue is bound for it.</summary>
[MessageUrn("gacere:tests:late-subscriber-probe:v1")]
public sealed record LateSubscriberProbe(Guid Id);

/// <summary>An announcement no test subscribes to.</summary>
[MessageUrn("gacere:tests:unheard-announcement:v1")]
[Announcement]
public sealed record UnheardAnnouncement(Guid Id);

public sealed class LateSubscriberConsumer(ConcurrentQueue<Guid> received) : IConsumer<LateSubscriberProbe>
{
    public Task Consume(ConsumeContext<LateSubscriberProbe> context)
    {
        received.Enqueue(context.Message.Id);
        return Task.CompletedTask;
    }
}
