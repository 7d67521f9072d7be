using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gacere.Messaging;

/// <summary>
/// An <see cref="IdempotentConsumer{TMessage, TDbContext}"/> whose whole effect is one SQL statement (<see cref="StatementOf"/>,
/// e.g. the member replica's upsert): the inbox row and the statement go to PostgreSQL as one batch, one round trip in one
/// implicit transaction, instead of <c>BEGIN</c> + effect, the inbox <c>INSERT</c>, and <c>COMMIT</c> (three). Both commit or
/// neither does.
/// </summary>
public abstract class IdempotentStatementConsumer<TMessage, TDbContext>(TDbContext db, ILogger logger)
    : IdempotentConsumer<TMessage, TDbContext>(db, logger)
    where TMessage : class
    where TDbContext : DbContext
{
    /// <summary>The inbox's INSERT for <typeparamref name="TDbContext"/>'s model, built once (the model does not change).</summary>
    private static string? _insertInboxSql;

    /// <summary>The consumer's whole effect as one SQL statement.</summary>
    protected abstract EffectStatement StatementOf(ConsumeContext<TMessage> context);

    /// <summary>Never called: <see cref="Consume"/> applies <see cref="StatementOf"/> instead.</summary>
    protected sealed override Task HandleAsync(ConsumeContext<TMessage> context, CancellationToken cancellationToken) =>
        throw new UnreachableException();

    /// <summary>
    /// The inbox row first, then the effect, as one <see cref="NpgsqlBatch"/> outside any explicit transaction: Npgsql ends
    /// the batch with a single Sync, so PostgreSQL runs both in one implicit transaction, and a failing statement rolls both
    /// back. A redelivery fails on the inbox's key before the effect runs and is acknowledged, as on the other path (so a
    /// redelivery whose effect would now fail never reaches it).
    /// </summary>
    public override async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? throw new MessageWithoutIdException(typeof(TMessage));
        var cancellationToken = context.CancellationToken;
        var statement = StatementOf(context);
        var insertInbox = new NpgsqlBatchCommand(_insertInboxSql ??= InsertInboxSql(Db))
        {
            Parameters =
            {
                new NpgsqlParameter<Guid>("inbox_message_id", messageId),
                new NpgsqlParameter<string>("inbox_consumer", InboxName),
                // As the batch that carries it to the commit is sent: early by that one round trip (the other path's stamp,
                // at its last save, is early by that save and the commit).
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

    private static string InsertInboxSql(DbContext db)
    {
        var inbox = db.Model.FindEntityType(typeof(InboxMessage))
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no inbox: call modelBuilder.AddOutboxAndInbox() in OnModelCreating.");
        var table = StoreObjectIdentifier.Table(inbox.GetTableName()!, inbox.GetSchema());
        string Column(string property) => $"\"{inbox.FindProperty(property)!.GetColumnName(table)}\"";
        return $"INSERT INTO {MessagingModel.TableOf<InboxMessage>(db)} ({Column(nameof(InboxMessage.MessageId))}, {Column(nameof(InboxMessage.Consumer))}, " +
            $"{Column(nameof(InboxMessage.ProcessedAt))}) VALUES (@inbox_message_id, @inbox_consumer, @inbox_processed_at)";
    }
}

/// <summary>A consumer's whole effect as one SQL statement with its parameters (named <c>@name</c>).</summary>
public sealed record EffectStatement(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);
