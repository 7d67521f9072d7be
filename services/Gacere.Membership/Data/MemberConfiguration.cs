using Gacere.Membership.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gacere.Membership.Data;

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> member)
    {
        member.ToTable("members");
        member.HasKey(m => m.Id);
        member.Property(m => m.Id).ValueGeneratedNever();
        member.Property(m => m.OrganisationName).HasMaxLength(300);
        member.Property(m => m.CountryIso3).HasMaxLength(3).IsFixedLength();
        member.Property(m => m.SourceReference).HasMaxLength(500);
        member.Property(m => m.StatusReason).HasMaxLength(2000);
        member.Property(m => m.Version).IsConcurrencyToken();
        member.ComplexProperty(m => m.FocalPoint, ContactMapping.Configure);
        member.ComplexProperty(m => m.Alternate, ContactMapping.Configure);
        member.Ignore(m => m.NewAuditEntries);
        member.Ignore(m => m.NewChanges);

        // The directory's order and filters.
        member.HasIndex(m => new { m.OrganisationName, m.Id });
        member.HasIndex(m => m.CountryIso3, "ix_members_country_iso3");
        // A country's government is one member at a time, whoever approves concurrently.
        member.HasIndex(m => m.CountryIso3, "ux_members_national_government_country")
            .HasDatabaseName("ux_members_national_government_country")
            .IsUnique()
            .HasFilter("org_type = 'national_government' AND status <> 'withdrawn'");
        member.HasIndex(m => m.ApplicationId).IsUnique().HasFilter("application_id IS NOT NULL");
    }
}
