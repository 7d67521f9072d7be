using Gacere.PolicyMapping.Domain;
using Gacere.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Gacere.DomainService;

namespace Gacere.PolicyMapping.Data;

/// <summary>Append-only: a migration adds triggers that refuse UPDATE, DELETE and TRUNCATE on this table.</summary>
internal sealed class CurationEntryConfiguration : IEntityTypeConfiguration<CurationEntry>
{
    public const string Table = "curation_entries";

    public void Configure(EntityTypeBuilder<CurationEntry> entry)
    {
        entry.ToTable(Table);
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.Action).HasConversion<VocabularyConverter<TrailAction>>().HasMaxLength(32);
        entry.Property(e => e.From).HasConversion<VocabularyConverter<CurationStatus>>().HasMaxLength(32);
        entry.Property(e => e.To).HasConversion<VocabularyConverter<CurationStatus>>().HasMaxLength(32);
        entry.Property(e => e.Role).HasConversion<VocabularyConverter<CuratorRole>>().HasMaxLength(32);
        entry.Property(e => e.Actor).HasMaxLength(GacereAuth.MaxSubjectLength);
        entry.Property(e => e.Reason).HasMaxLength(2000);
        entry.HasOne<PolicyInstrument>().WithMany().HasForeignKey(e => e.InstrumentId).OnDelete(DeleteBehavior.Restrict);
        entry.HasIndex(e => new { e.InstrumentId, e.At, e.Id });
    }
}
