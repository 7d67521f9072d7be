using Gacere.Partnerships.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gacere.Partnerships.Data;

internal sealed class ExternalInitiativeConfiguration : IEntityTypeConfiguration<ExternalInitiative>
{
    public void Configure(EntityTypeBuilder<ExternalInitiative> initiative)
    {
        initiative.HasKey(i => i.Key);
        initiative.Property(i => i.Key).HasMaxLength(64);
        initiative.Property(i => i.Name).HasMaxLength(200);
        initiative.Property(i => i.M49Region).HasMaxLength(3).IsFixedLength();
    }
}
