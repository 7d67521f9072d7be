using Gacere.Contracts.Membership;
using Gacere.Messaging;
using Gacere.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Gacere.IntegrationTests.Messaging;

/// <summary>What messaging tells a service's health, and messages that can never succeed.</summary>
[Collection(ServersCollection.Name)]
public sealed class HealthTests(ServersFixture fixture) : HostedTest("test")
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private string _database = null!;

    public override async Task InitializeAsync() => _database = await fixture.CreateDatabaseAsync("messaging_health");

    [Fact]
    public async Task An_outbox_row_pending_longer_than_the_threshold_makes_theService_degraded_until_it_is_sent()
    {
        var producer = await MessagingHost.StartAsync<ProducerDbContext>($"{Service}-producer", _database, fixture.Servers.RabbitMqConnectionString,
            settings: new Dictionary<string, string?> { ["Messaging:Outbox:BacklogDegradedAge"] = "00:00:30" });
        Keep(producer);
        var health = producer.Services.GetRequiredService<HealthCheckService>();
        async Task<HealthStatus> OutboxHealthAsync()
        {
            var report = await health.CheckHealthAsync(check => check.Name == MessagingExtensions.OutboxHealthName);
            return report.Entries.Count == 1 ? report.Status : HealthStatus.Unhealthy; // no such check: not what is asked
        }

        Assert.True(await Eventually.HoldsAsync(async () => await OutboxHealthAsync() == HealthStatus.Healthy, Patience), "an empty outbox is healthy");

        // A row written a minute ago that the relay may not publish yet (its next attempt is in an hour).
        var stuck = Guid.NewGuid();
        await using (var scope = producer.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProducerDbContext>();
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                Id = stuck, MessageType = "urn:message:Test:Stuck", Body = "{}",
                CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-1), NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1),
            });
            await db.SaveChangesAsync();
        }
        Assert.True(await Eventually.HoldsAsync(async () => await OutboxHealthAsync() == HealthStatus.Degraded, Patience),
            "a backlog older than the threshold should make the service Degraded");

        await ServersFixture.ScalarAsync(_database, $"UPDATE producer.outbox_messages SET sent_at = now() WHERE id = '{stuck}' RETURNING 1");
        Assert.True(await Eventually.HoldsAsync(async () => await OutboxHealthAsync() == HealthStatus.Healthy, Patience),
            "the service should be healthy again once the backlog is gone");
    }

    [Fact]
    public async Task A_message_without_a_MessageId_goes_to_the_error_queue_after_exactly_one_delivery_attempt()
    {
        var attempts = new DeliveryAttempts();
        var consumer = await TestHost.StartAsync<ConsumerDbContext>(
            $"{Service}-consumer", _database, fixture.Servers.RabbitMqConnectionString,
            bus => bus.AddConsumer<CountingConsumer>(),
            services => services.AddSingleton(attempts));
        Keep(consumer);
        var admitted = TestHost.Admitted($"no id {Guid.NewGuid():N}");

        await consumer.Services.GetRequiredService<IBus>().Publish(admitted, context => context.MessageId = null);

        var errorQueue = $"{Service}-consumer-counting_error";
        Assert.True(await Eventually.HoldsAsync(async () => await MessagesInQueueAsync(errorQueue) == 1, Patience), $"{errorQueue} should hold the message");
        await Task.Delay(1000); // a retry (50-200 ms apart here) would land in this window
        Assert.Equal(1, attempts.Of(admitted.MemberId));
        Assert.Equal(1u, await MessagesInQueueAsync(errorQueue));
    }

    private async Task<uint> MessagesInQueueAsync(string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(fixture.Servers.RabbitMqConnectionString) }.CreateConnectionAsync();
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
}

public sealed class DeliveryAttempts
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, int> _attempts = new();
    public void Record(Guid memberId) => _attempts.AddOrUpdate(memberId, 1, (_, count) => count + 1);
    public int Of(Guid memberId) => _attempts.GetValueOrDefault(memberId);
}

/// <summary>Counts every delivery attempt before the inbox sees it.</summary>
public sealed class CountingConsumer(ConsumerDbContext db, DeliveryAttempts attempts, ILogger<CountingConsumer> logger)
    : IdempotentConsumer<MemberAdmitted, ConsumerDbContext>(db, logger)
{
    public override Task Consume(ConsumeContext<MemberAdmitted> context)
    {
        attempts.Record(context.Message.MemberId);
        return base.Consume(context);
    }

    protected override Task HandleAsync(ConsumeContext<MemberAdmitted> context, CancellationToken cancellationToken) => Task.CompletedTask;
}
