using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gacere.Messaging;

/// <summary>
/// A consumer whose effects and its inbox record commit in one transaction: a redelivered message
/// (same MessageId) is acknowledged without effect. An exception rolls both back, so MassTransit's
/// retries and then the <c>_error</c> queue take over.
/// </summary>
/// <remarks>
/// The inbox row is added to the unit of work beside the handler's changes, so it goes to PostgreSQL in the
/// same batch as the effect (one round trip, then the commit) instead of a statement of its own before the
/// handler. A redelivery is caught by the inbox's primary key: its save fails with a unique violation on the
/// inbox, everything the handler did rolls back with it, and the message is acknowledged. A handler that throws
/// is asked once more whether the message is already in the inbox (a redelivery may fail in the handler, e.g.
/// on a state the first delivery changed), so a duplicate is acknowledged, not retried into <c>_error</c>.
/// A consumer whose effect is one SQL statement derives from <see cref="IdempotentStatementConsumer{TMessage, TDbContext}"/>
/// instead: the inbox row and the statement go as one batch, one round trip, one implicit transaction.
/// </remarks>
public abstract partial class IdempotentConsumer<TMessage, TDbContext>(TDbContext db, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
    where TDbContext : DbContext
{
    protected TDbContext Db { get; } = db;

    /// <summary>Stable name of this consumer in the inbox; renaming it would re-apply old redeliveries.</summary>
    protected virtual string InboxName => GetType().Name;

    /// <summary>The effect, through <see cref="Db"/>, inside the consume's transaction.</summary>
    protected abstract Task HandleAsync(ConsumeContext<TMessage> context, CancellationToken cancellationToken);

    public virtual async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? throw new MessageWithoutIdException(typeof(TMessage));
        var cancellationToken = context.CancellationToken;
        Db.ChangeTracker.Clear(); // a retry must not see the previous attempt's tracked changes
        // The whole consume is one transaction: a savepoint per SaveChanges inside it would cost a round trip each
        // and buys nothing, since any failure rolls the whole consume back.
        var savepoints = Db.Database.AutoSavepointsEnabled;
        Db.Database.AutoSavepointsEnabled = false;
        try
        {
            await using (var transaction = await Db.Database.BeginTransactionAsync(cancellationToken))
            {
                // Added before the handler, so that it goes in the handler's first save, if the handler saves.
                var inbox = new InboxMessage { MessageId = messageId, Consumer = InboxName, ProcessedAt = DateTimeOffset.UtcNow };
                Db.Set<InboxMessage>().Add(inbox);
                await HandleAsync(context, cancellationToken);
                if (Db.Entry(inbox).State == EntityState.Added)
                {
                    // Not saved yet: stamped as the save that carries it to the commit begins, so processed_at is the
                    // effect's time to within that save and the commit (what the replica bench reads), not the delivery's.
                    Db.Entry(inbox).Property(i => i.ProcessedAt).CurrentValue = DateTimeOffset.UtcNow;
                }
                await Db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateException ex) when (IsInboxConflict(ex))
        {
            Duplicate(messageId); // everything rolled back; the message is acknowledged
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!await AlreadyAppliedAsync(messageId, cancellationToken))
            {
                throw;
            }
            Duplicate(messageId);
        }
        finally
        {
            Db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    private protected void Duplicate(Guid messageId)
    {
        Activity.Current?.SetTag("gacere.inbox.duplicate", true);
        LogDuplicate(logger, typeof(TMessage).Name, messageId, InboxName);
    }

    /// <summary>A unique violation of the inbox's own key: this consumer has applied this message already.</summary>
    private bool IsInboxConflict(DbUpdateException ex) => ex.InnerException is PostgresException violation && IsInboxKey(violation);

    private protected bool IsInboxKey(PostgresException violation) =>
        violation.SqlState == PostgresErrorCodes.UniqueViolation
        && violation.ConstraintName == Db.Model.FindEntityType(typeof(InboxMessage))?.FindPrimaryKey()?.GetName();

    /// <summary>Only on the failure path: whether a committed inbox row says this message was applied already.</summary>
    private async Task<bool> AlreadyAppliedAsync(Guid messageId, CancellationToken cancellationToken)
    {
        Db.ChangeTracker.Clear();
        try
        {
            var consumer = InboxName;
            return await Db.Set<InboxMessage>().AsNoTracking()
                .AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // the database is away: the original failure stands and MassTransit retries
        }
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
