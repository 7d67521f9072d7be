using Microsoft.EntityFrameworkCore;

namespace Gacere.Messaging;

public static class MessagingModel
{
    /// <summary>Adds the outbox and inbox tables to a service's model (and so to its migrations).</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Id).ValueGeneratedNever();
            outbox.Property(m => m.MessageType).HasMaxLength(300);
            outbox.Property(m => m.Body).HasColumnType("jsonb");
            outbox.Property(m => m.TraceParent).HasMaxLength(64);
            outbox.Property(m => m.TraceState).HasMaxLength(512);
            outbox.Property(m => m.LastError).HasMaxLength(2000);
            // The relay's claim and the pending gauge only ever read unsent rows: keep that index small.
            outbox.HasIndex(m => new { m.NextAttemptAt, m.CreatedAt })
                .HasDatabaseName("ix_outbox_messages_pending")
                .HasFilter("sent_at IS NULL");
            outbox.HasIndex(m => m.SentAt)
                .HasDatabaseName("ix_outbox_messages_sent_at")
                .HasFilter("sent_at IS NOT NULL");
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.Consumer).HasMaxLength(200);
            inbox.HasIndex(m => m.ProcessedAt);
        });
        return modelBuilder;
    }

    internal static string TableOf<TEntity>(DbContext db) where TEntity : class
    {
        var entity = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException(
                $"{db.GetType().Name} has no {typeof(TEntity).Name}: call modelBuilder.AddOutboxAndInbox() in OnModelCreating.");
        var schema = entity.GetSchema();
        var table = entity.GetTableName();
        return schema is null ? $"\"{table}\"" : $"\"{schema}\".\"{table}\"";
    }
}
