using Gacere.DomainService;
using Gacere.PolicyMapping.Domain;
using Gacere.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gacere.PolicyMapping.Data;

/// <summary>Append-only: a migration adds triggers that refuse UPDATE, DELETE and TRUNCATE on this table.</summary>
internal sealed class ProposalEntryConfiguration : IEntityTypeConfiguration<ProposalEntry>
{
    public const string Table = "proposal_entries";

    public void Configure(EntityTypeBuilder<ProposalEntry> entry)
    {
        entry.ToTable(Table);
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.Kind).HasConversion<VocabularyConverter<ProposalKind>>().HasMaxLength(32);
        entry.Property(e => e.Action).HasConversion<VocabularyConverter<ProposalAction>>().HasMaxLength(32);
        entry.Property(e => e.From).HasConversion<VocabularyConverter<ProposalStatus>>().HasMaxLength(32);
        entry.Property(e => e.To).HasConversion<VocabularyConverter<ProposalStatus>>().HasMaxLength(32);
        entry.Property(e => e.Progress).HasConversion<VocabularyConverter<ResearchStatus>>().HasMaxLength(32);
        entry.Property(e => e.Role).HasConversion<VocabularyConverter<CuratorRole>>().HasMaxLength(32);
        entry.Property(e => e.Actor).HasMaxLength(GacereAuth.MaxSubjectLength);
        entry.Property(e => e.Reason).HasMaxLength(2000);
        entry.HasIndex(e => new { e.Kind, e.SubjectId, e.At, e.Id });
    }
}
