extern alias partnerships;

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gacere.Contracts.Membership;
using Gacere.DevHost;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Gacere.ApiTests.Partnerships;

/// <summary>
/// A broker from before the withdrawal consumer moved to <c>partnerships-member-withdrawn</c>: the old queue
/// <c>partnerships-partner-withdrawal</c>, bound through its exchange, holding a withdrawal and a suspension no one read.
/// Started, the service hands the withdrawal to the current queue (applied once), drops the suspension, and deletes the
/// old queue and its exchange.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RetiredWithdrawalQueueApiTests(ServersFixture servers) : IAsyncLifetime
{
    private const string OldQueue = "partnerships-partner-withdrawal";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private ServiceFactory<partnerships::Program> _service = null!;

    public async Task InitializeAsync() =>
        _service = await ServiceFactory<partnerships::Program>.CreateAsync(servers, ResourceNames.PartnershipsDatabase);

    public async Task DisposeAsync() => await _service.DisposeAsync();

    /// <summary>A membership event as MassTransit's envelope carries it, published under its concrete type.</summary>
    private static (Guid MessageId, byte[] Body) Envelope<T>(T message) where T : class, IMembershipChanged
    {
        var messageId = NewId.NextGuid();
        var envelope = new JsonObject
        {
            ["messageId"] = messageId,
            ["messageType"] = new JsonArray(MessageUrn.ForTypeString<T>(), MessageUrn.ForTypeString<IMembershipChanged>()),
            ["message"] = JsonSerializer.SerializeToNode(message, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
            ["headers"] = new JsonObject(),
        };
        return (messageId, Encoding.UTF8.GetBytes(envelope.ToJsonString()));
    }

    [Fact]
    public async Task The_old_queue_is_emptied_into_the_current_one_and_deleted_at_start_its_withdrawal_applied_once()
    {
        var member = Guid.NewGuid();
        var withdrawal = Envelope(new MemberWithdrawn(member, "Republic of Kenya", "national_government", "KEN", "member", "withdrawn", new DateOnly(2026, 3, 1), 2, "left"));
        var suspension = Envelope(new MemberSuspended(member, "Republic of Kenya", "national_government", "KEN", "member", "suspended", new DateOnly(2026, 2, 1), 1, "dues"));
        var factory = new ConnectionFactory { Uri = new Uri(_service.MessagingConnectionString) };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            // The old endpoint's topology as MassTransit left it: a fanout exchange of the queue's name bound to the queue.
            await channel.ExchangeDeclareAsync(OldQueue, ExchangeType.Fanout, durable: true);
            await channel.QueueDeclareAsync(OldQueue, durable: true, exclusive: false, autoDelete: false);
            await channel.QueueBindAsync(OldQueue, OldQueue, "");
            foreach (var (_, body) in new[] { suspension, withdrawal })
            {
                var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true };
                await channel.BasicPublishAsync(OldQueue, "", mandatory: true, properties, body);
            }
            // Confirmed, so queued; the count the broker reports may lag a moment behind.
            Assert.True(await Eventually.HoldsAsync(async () => (await channel.QueueDeclarePassiveAsync(OldQueue)).MessageCount == 2, Patience),
                "the old queue did not hold both messages before the start");
        }

        _ = _service.Server; // start: migrations, the bus, then the retirement

        Assert.True(await Eventually.HoldsAsync(async () => !await ExistsAsync(factory, channel => channel.QueueDeclarePassiveAsync(OldQueue)), Patience),
            "the old queue was not deleted");
        Assert.False(await ExistsAsync(factory, channel => channel.ExchangeDeclarePassiveAsync(OldQueue)), "the old queue's exchange is still there");
        Assert.True(await Eventually.HoldsAsync(async () => await ScalarAsync(
            $"SELECT count(*) FROM partnerships.inbox_messages WHERE message_id = '{withdrawal.MessageId}' AND consumer = 'partner-withdrawal'") == 1, Patience),
            "the withdrawal from the old queue was not applied by the withdrawal consumer");
        // The suspension is dropped, not handed over (the old consumer ignored every change but a withdrawal): handed over,
        // it would have landed in the current queue's _skipped, which MassTransit declares on the first skipped message.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(await ExistsAsync(factory, channel => channel.QueueDeclarePassiveAsync("partnerships-member-withdrawn_skipped")));
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM partnerships.inbox_messages WHERE message_id = '{suspension.MessageId}'"));
        Assert.Equal(1, await ScalarAsync($"SELECT count(*) FROM partnerships.inbox_messages WHERE consumer = 'partner-withdrawal'"));
    }

    private Task<long> ScalarAsync(string sql) => ServersFixture.ScalarAsync(_service.DatabaseConnectionString, sql);

    /// <summary>Whether a passive declaration succeeds: RabbitMQ answers an absent queue or exchange by closing the channel (404).</summary>
    private static async Task<bool> ExistsAsync(ConnectionFactory factory, Func<IChannel, Task> declarePassive)
    {
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await declarePassive(channel);
            return true;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
    }
}
