using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Gacere.Messaging;

/// <summary>
/// A consumer whose effects and its inbox record commit in one transaction: a redelivered message
/// (same MessageId) is acknowledged without effect. An exception rolls both back, so MassTransit's
/// retries and then the <c>_error</c> queue take over.
/// </summary>
public abstract partial class IdempotentConsumer<TMessage, TDbContext>(TDbContext db, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
    where TDbContext : DbContext
{
    protected TDbContext Db { get; } = db;

    /// <summary>Stable name of this consumer in the inbox; renaming it would re-apply old redeliveries.</summary>
    protected virtual string InboxName => GetType().Name;

    protected abstract Task HandleAsync(ConsumeContext<TMessage> context, CancellationToken cancellationToken);

    public virtual async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? throw new MessageWithoutIdException(typeof(TMessage));
        var cancellationToken = context.CancellationToken;
        Db.ChangeTracker.Clear(); // a retry must not see the previous attempt's tracked changes

        await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
        var table = MessagingModel.TableOf<InboxMessage>(Db);
#pragma warning disable EF1002 // the table name comes from the EF model, never from input
        var recorded = await Db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {table} (message_id, consumer, processed_at) VALUES ({{0}}, {{1}}, now()) ON CONFLICT DO NOTHING",
            [messageId, InboxName], cancellationToken);
#pragma warning restore EF1002
        if (recorded == 0)
        {
            Activity.Current?.SetTag("gacere.inbox.duplicate", true);
            LogDuplicate(logger, typeof(TMessage).Name, messageId, InboxName);
            return; // the transaction rolls back; the message is acknowledged
        }

        await HandleAsync(context, cancellationToken);
        await Db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{MessageType} {MessageId} already applied by {Consumer}; acknowledged without effect")]
    private static partial void LogDuplicate(ILogger logger, string messageType, Guid messageId, string consumer);
}

/// <summary>
/// A message without a MessageId cannot be deduplicated, so applying it could apply it twice; it can never
/// succeed, and retries exclude it: it goes to the endpoint's <c>_error</c> queue on its first delivery.
/// </summary>
public sealed class MessageWithoutIdException(Type messageType)
    : InvalidOperationException($"{messageType.Name} arrived without a MessageId; it cannot be deduplicated.");
