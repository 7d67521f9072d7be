using Gacere.Membership.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Gacere.ServiceDefaults;

namespace Gacere.Membership.Data;

/// <summary>Append-only: a migration adds a trigger that refuses UPDATE, DELETE and TRUNCATE on this table.</summary>
internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public const string Table = "audit_entries";

    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable(Table);
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.From).HasMaxLength(64);
        entry.Property(e => e.To).HasMaxLength(64);
        entry.Property(e => e.Actor).HasMaxLength(GacereAuth.MaxSubjectLength);
        entry.Property(e => e.Reason).HasMaxLength(2000);
        entry.HasIndex(e => new { e.Subject, e.SubjectId, e.At, e.Id });
    }
}
