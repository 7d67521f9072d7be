using System.Text.Json;
using Gacere.Contracts.Membership;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Gacere.Partnerships.IntegrationEvents;

/// <summary>
/// Retires <c>partnerships-partner-withdrawal</c>, the withdrawal consumer's queue from when it took every membership
/// change (it now takes <see cref="MemberWithdrawn"/> alone on <c>partnerships-member-withdrawn</c>). On a broker that
/// had it, it stays bound and fills with changes no one reads. At start, once the bus has declared the current queue:
/// the old queue's own exchange goes (nothing flows in any more); each withdrawal still in it is handed to the current
/// queue with its message id, so the consumer's inbox (under the same name as then) makes one already applied a no-op;
/// every other membership change is dropped (the old consumer ignored them, the replica has its own queue); anything
/// not recognised is handed over too, to land in <c>_skipped</c> rather than be lost. The queue is deleted only once
/// empty. Absent, there is nothing to do: every start after the first is a no-op.
/// </summary>
internal sealed partial class RetiredWithdrawalQueue(IConfiguration configuration, ILogger<RetiredWithdrawalQueue> logger) : BackgroundService
{
    public const string RetiredQueue = $"{ResourceNames.Partnerships}-partner-withdrawal";
    public const string CurrentQueue = $"{ResourceNames.Partnerships}-member-withdrawn";

    private static readonly string WithdrawnType = MessageUrn.ForTypeString<MemberWithdrawn>();
    private static readonly string ChangedType = MessageUrn.ForTypeString<IMembershipChanged>();
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = TimeSpan.FromSeconds(1);
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RetireAsync(stoppingToken))
                {
                    return;
                }
                if (DateTimeOffset.UtcNow > deadline)
                {
                    // The current queue was never declared within the patience: as after failures, the next start tries again.
                    LogGaveUpWaiting(RetiredQueue, CurrentQueue);
                    return;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The broker is away or refused a step: nothing was acknowledged that was not handed over. Never fatal to
                // the service (a background failure would stop the host): retried for a while, then on the next start.
                if (DateTimeOffset.UtcNow > deadline)
                {
                    LogGaveUp(ex, RetiredQueue);
                    return;
                }
                LogRetrying(RetiredQueue, ex.GetType().Name, retry.TotalSeconds);
            }
            await Task.Delay(retry, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, TimeSpan.FromSeconds(15).Ticks));
        }
    }

    /// <returns>Whether it is done (retired, or there was nothing to retire); false to try again shortly.</returns>
    internal async Task<bool> RetireAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(configuration.GetConnectionString(ResourceNames.Messaging)
                ?? throw new InvalidOperationException($"ConnectionStrings:{ResourceNames.Messaging} is not set.")),
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
        };
        await using var connection = await factory.CreateConnectionAsync($"{ResourceNames.Partnerships} retire {RetiredQueue}", cancellationToken);
        if (!await QueueExistsAsync(connection, RetiredQueue, cancellationToken))
        {
            LogAbsent(RetiredQueue);
            return true;
        }
        if (!await QueueExistsAsync(connection, CurrentQueue, cancellationToken))
        {
            return false; // the bus has not declared it yet: nowhere to hand withdrawals to
        }

        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        // The old endpoint's own exchange carries every binding into the queue: without it nothing more arrives.
        await channel.ExchangeDeleteAsync(RetiredQueue, ifUnused: false, cancellationToken: cancellationToken);

        int handedOver = 0, dropped = 0;
        while (await channel.BasicGetAsync(RetiredQueue, autoAck: false, cancellationToken) is { } delivery)
        {
            if (IsOtherMembershipChange(delivery.Body.Span))
            {
                dropped++;
            }
            else
            {
                // Confirmed and routed (mandatory) before the original is acknowledged: a failure here leaves it in the old queue.
                await channel.BasicPublishAsync("", CurrentQueue, mandatory: true, new BasicProperties(delivery.BasicProperties), delivery.Body, cancellationToken);
                handedOver++;
            }
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
        }

        try
        {
            await channel.QueueDeleteAsync(RetiredQueue, ifUnused: false, ifEmpty: true, cancellationToken: cancellationToken);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 406)
        {
            LogNotEmpty(RetiredQueue); // a message arrived between the last read and the delete; the next start finishes
            return true;
        }
        LogRetired(RetiredQueue, handedOver, CurrentQueue, dropped);
        return true;
    }

    /// <summary>A membership change other than a withdrawal, in MassTransit's envelope; false for anything else.</summary>
    private static bool IsOtherMembershipChange(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var envelope = JsonDocument.ParseValue(ref reader);
            if (!envelope.RootElement.TryGetProperty("messageType", out var types) || types.ValueKind != JsonValueKind.Array)
            {
                return false;
            }
            var names = types.EnumerateArray().Select(t => t.GetString()).ToList();
            return names.Contains(ChangedType) && !names.Contains(WithdrawnType);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Asked on a channel of its own: RabbitMQ answers an absent queue by closing the channel.</summary>
    private static async Task<bool> QueueExistsAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var probe = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await probe.QueueDeclarePassiveAsync(queue, cancellationToken);
            return true;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retired queue {Queue} is absent: nothing to do")]
    private partial void LogAbsent(string queue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retired queue {Queue} deleted: {HandedOver} withdrawals handed to {Current}, {Dropped} other membership changes dropped")]
    private partial void LogRetired(string queue, int handedOver, string current, int dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retired queue {Queue} was not empty when deleting it; left in place for the next start")]
    private partial void LogNotEmpty(string queue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not retire queue {Queue} yet ({Error}); next attempt in {RetrySeconds:F0} s")]
    private partial void LogRetrying(string queue, string error, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up retiring queue {Queue} for now: {Current} was not declared; the next start tries again")]
    private partial void LogGaveUpWaiting(string queue, string current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up retiring queue {Queue} for now; the next start tries again")]
    private partial void LogGaveUp(Exception error, string queue);
}
