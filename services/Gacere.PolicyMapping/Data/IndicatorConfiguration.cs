using Gacere.PolicyMapping.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gacere.PolicyMapping.Data;

internal sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> indicator)
    {
        indicator.HasKey(i => i.Code);
        indicator.Property(i => i.Code).HasMaxLength(64);
        indicator.Property(i => i.Name).HasMaxLength(200);
        indicator.Property(i => i.Custodian).HasMaxLength(64);
    }
}
