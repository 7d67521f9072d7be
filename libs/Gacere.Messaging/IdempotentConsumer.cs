using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
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
/// A consumer whose effect is one SQL statement (<see cref="StatementOf"/>, e.g. the member replica's upsert) skips the
/// explicit transaction: the inbox row and the statement go as one batch, one round trip, one implicit transaction.
/// </remarks>
public abstract partial class IdempotentConsumer<TMessage, TDbContext>(TDbContext db, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
    where TDbContext : DbContext
{
    protected TDbContext Db { get; } = db;

    /// <summary>Stable name of this consumer in the inbox; renaming it would re-apply old redeliveries.</summary>
    protected virtual string InboxName => GetType().Name;

    /// <summary>The effect, through <see cref="Db"/>, inside the consume's transaction. Override it or <see cref="StatementOf"/>.</summary>
    protected virtual Task HandleAsync(ConsumeContext<TMessage> context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{GetType().Name} overrides neither HandleAsync nor StatementOf: it has no effect to apply.");

    /// <summary>
    /// The handler's whole effect as one SQL statement, when it is one; null (the default) runs <see cref="HandleAsync"/>.
    /// A statement goes to PostgreSQL in one batch with the inbox row: one round trip in one implicit transaction, instead
    /// of <c>BEGIN</c> + effect, the inbox <c>INSERT</c>, and <c>COMMIT</c> (three). Both commit or neither does.
    /// </summary>
    protected virtual EffectStatement? StatementOf(ConsumeContext<TMessage> context) => null;

    public virtual async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? throw new MessageWithoutIdException(typeof(TMessage));
        var cancellationToken = context.CancellationToken;
        if (StatementOf(context) is { } statement)
        {
            await ConsumeInOneRoundTripAsync(messageId, statement, cancellationToken);
            return;
        }
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

    /// <summary>
    /// The inbox row first, then the effect, as one <see cref="NpgsqlBatch"/> outside any explicit transaction: Npgsql ends
    /// the batch with a single Sync, so PostgreSQL runs both in one implicit transaction, and a failing statement rolls both
    /// back. A redelivery fails on the inbox's key before the effect runs and is acknowledged, as on the other path.
    /// </summary>
    private async Task ConsumeInOneRoundTripAsync(Guid messageId, EffectStatement statement, CancellationToken cancellationToken)
    {
        var inbox = Db.Model.FindEntityType(typeof(InboxMessage))
            ?? throw new InvalidOperationException($"{Db.GetType().Name} has no inbox: call modelBuilder.AddOutboxAndInbox() in OnModelCreating.");
        var table = StoreObjectIdentifier.Table(inbox.GetTableName()!, inbox.GetSchema());
        string Column(string property) => $"\"{inbox.FindProperty(property)!.GetColumnName(table)}\"";
        var insertInbox = new NpgsqlBatchCommand(
            $"INSERT INTO {MessagingModel.TableOf<InboxMessage>(Db)} ({Column(nameof(InboxMessage.MessageId))}, {Column(nameof(InboxMessage.Consumer))}, " +
            $"{Column(nameof(InboxMessage.ProcessedAt))}) VALUES (@inbox_message_id, @inbox_consumer, @inbox_processed_at)")
        {
            Parameters =
            {
                new NpgsqlParameter<Guid>("inbox_message_id", messageId),
                new NpgsqlParameter<string>("inbox_consumer", InboxName),
                // As the batch that carries it to the commit is sent: the same clock as the other path's stamp.
                new NpgsqlParameter<DateTimeOffset>("inbox_processed_at", DateTimeOffset.UtcNow),
            },
        };
        var effect = new NpgsqlBatchCommand(statement.Sql);
        foreach (var parameter in statement.Parameters)
        {
            effect.Parameters.Add(parameter);
        }

        var connection = Db.Database.GetDbConnection() as NpgsqlConnection
            ?? throw new InvalidOperationException($"{Db.GetType().Name} is not on Npgsql: a statement effect needs PostgreSQL.");
        await Db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (Db.Database.CurrentTransaction is not null)
            {
                throw new InvalidOperationException("A statement effect runs in its batch's own implicit transaction; a transaction is already open.");
            }
            await using var batch = new NpgsqlBatch(connection) { BatchCommands = { insertInbox, effect } };
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException violation) when (IsInboxKey(violation))
        {
            Duplicate(messageId); // the batch's implicit transaction rolled back; the message is acknowledged
        }
        finally
        {
            await Db.Database.CloseConnectionAsync();
        }
    }

    private void Duplicate(Guid messageId)
    {
        Activity.Current?.SetTag("gacere.inbox.duplicate", true);
        LogDuplicate(logger, typeof(TMessage).Name, messageId, InboxName);
    }

    /// <summary>A unique violation of the inbox's own key: this consumer has applied this message already.</summary>
    private bool IsInboxConflict(DbUpdateException ex) => ex.InnerException is PostgresException violation && IsInboxKey(violation);

    private bool IsInboxKey(PostgresException violation) =>
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

/// <summary>A consumer's whole effect as one SQL statement with its parameters (named <c>@name</c>; not <c>@inbox_*</c>).</summary>
public sealed record EffectStatement(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);
