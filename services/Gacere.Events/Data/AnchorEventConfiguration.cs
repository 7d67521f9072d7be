using Gacere.Events.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gacere.Events.Data;

internal sealed class AnchorEventConfiguration : IEntityTypeConfiguration<AnchorEvent>
{
    public void Configure(EntityTypeBuilder<AnchorEvent> anchor)
    {
        anchor.HasKey(a => a.Edition);
        anchor.Property(a => a.Edition).HasMaxLength(32);
        anchor.Property(a => a.Series).HasMaxLength(16);
        anchor.Property(a => a.Place).HasMaxLength(120);
    }
}
