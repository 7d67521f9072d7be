using Gacere.DomainService;
using Gacere.PolicyMapping.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gacere.PolicyMapping.Data;

/// <summary>One row per barrier or gap; countries, value chains and linked instruments are arrays with GIN indexes (filter with &amp;&amp;).</summary>
internal sealed class BarrierConfiguration : IEntityTypeConfiguration<BarrierOrGap>
{
    public void Configure(EntityTypeBuilder<BarrierOrGap> barrier)
    {
        barrier.ToTable("barriers");
        barrier.HasKey(b => b.Id);
        barrier.Property(b => b.Id).ValueGeneratedNever();
        barrier.Property(b => b.Title).HasMaxLength(300);
        barrier.Property(b => b.Description).HasMaxLength(4000);
        barrier.Property(b => b.Type).HasConversion<VocabularyConverter<BarrierType>>().HasMaxLength(32);
        barrier.Property(b => b.Scope).HasConversion<VocabularyConverter<BarrierScope>>().HasMaxLength(32);
        barrier.Property(b => b.Status).HasConversion<VocabularyConverter<ProposalStatus>>().HasMaxLength(32);
        barrier.Property(b => b.ProposerName).HasMaxLength(300);
        // xmin: two curators deciding at once cannot both win.
        barrier.Property<uint>("Version").IsRowVersion();
        barrier.HasIndex(b => b.Countries).HasMethod("GIN");
        barrier.HasIndex(b => b.ValueChains).HasMethod("GIN");
        barrier.HasIndex(b => new { b.Status, b.PublishedAt });
        barrier.HasIndex(b => b.ProposerMemberId);
    }
}
