using Gacere.DomainService;
using Gacere.PolicyMapping.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gacere.PolicyMapping.Data;

/// <summary>One row per research need; indicators, countries and value chains are arrays with GIN indexes.</summary>
internal sealed class ResearchNeedConfiguration : IEntityTypeConfiguration<ResearchNeed>
{
    public void Configure(EntityTypeBuilder<ResearchNeed> need)
    {
        need.ToTable("research_needs");
        need.HasKey(n => n.Id);
        need.Property(n => n.Id).ValueGeneratedNever();
        need.Property(n => n.Title).HasMaxLength(300);
        need.Property(n => n.Description).HasMaxLength(4000);
        need.Property(n => n.Progress).HasConversion<VocabularyConverter<ResearchStatus>>().HasMaxLength(32);
        need.Property(n => n.Status).HasConversion<VocabularyConverter<ProposalStatus>>().HasMaxLength(32);
        need.Property(n => n.ProposerName).HasMaxLength(300);
        need.Property<uint>("Version").IsRowVersion();
        need.HasIndex(n => n.IndicatorCodes).HasMethod("GIN");
        need.HasIndex(n => n.Countries).HasMethod("GIN");
        need.HasIndex(n => n.ValueChains).HasMethod("GIN");
        need.HasIndex(n => new { n.Status, n.PublishedAt });
        need.HasIndex(n => n.ProposerMemberId);
    }
}
