using Gacere.Membership.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gacere.Membership.Data;

internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> application)
    {
        application.ToTable("applications");
        application.HasKey(a => a.Id);
        application.Property(a => a.Id).ValueGeneratedNever();
        application.Property(a => a.OrganisationName).HasMaxLength(300);
        application.Property(a => a.CountryIso3).HasMaxLength(3).IsFixedLength();
        application.Property(a => a.Motivation).HasMaxLength(4000);
        application.Property(a => a.TrackingTokenHash).HasMaxLength(64).IsFixedLength();
        application.Property(a => a.InformationRequest).HasMaxLength(2000);
        application.Property(a => a.InformationResponse).HasMaxLength(4000);
        application.Property(a => a.DecisionReason).HasMaxLength(2000);
        application.Property(a => a.Revision).IsConcurrencyToken();
        application.ComplexProperty(a => a.FocalPoint, ContactMapping.Configure);
        application.ComplexProperty(a => a.Alternate, ContactMapping.Configure);
        application.Ignore(a => a.NewAuditEntries);

        application.HasIndex(a => a.TrackingTokenHash).IsUnique();
        // The secretariat's queue: by status, oldest first.
        application.HasIndex(a => new { a.Status, a.SubmittedAt, a.Id });
    }
}

internal static class ContactMapping
{
    public static void Configure(ComplexPropertyBuilder<Contact> contact)
    {
        contact.Property(c => c.Name).HasMaxLength(200);
        contact.Property(c => c.Email).HasMaxLength(254);
        contact.Property(c => c.Phone).HasMaxLength(40);
    }
}
