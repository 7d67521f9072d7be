using Gacere.Events.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Gacere.ServiceDefaults;
using Gacere.DomainService;

namespace Gacere.Events.Data;

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> meeting)
    {
        meeting.HasKey(m => m.Id);
        meeting.Property(m => m.Type).HasConversion<VocabularyConverter<MeetingType>>().HasMaxLength(32);
        meeting.Property(m => m.Format).HasConversion<VocabularyConverter<MeetingFormat>>().HasMaxLength(16);
        meeting.Property(m => m.Status).HasConversion<VocabularyConverter<MeetingStatus>>().HasMaxLength(32);
        meeting.Property(m => m.Title).HasMaxLength(200);
        meeting.Property(m => m.TimeZone).HasMaxLength(64);
        meeting.Property(m => m.Venue).HasMaxLength(200);
        meeting.Property(m => m.OnlineLink).HasMaxLength(500);
        meeting.Property(m => m.Source).HasMaxLength(500);
        meeting.Property(m => m.AnchorEdition).HasMaxLength(32);
        meeting.HasOne<AnchorEvent>().WithMany().HasForeignKey(m => m.AnchorEdition).OnDelete(DeleteBehavior.Restrict);
        // Every change bumps the sequence: two concurrent changes cannot both win.
        meeting.Property(m => m.Sequence).IsConcurrencyToken();
        meeting.OwnsMany(m => m.OutcomeDocuments, documents => documents.ToJson());
        meeting.Ignore(m => m.IsPublic);
        // The one-per-year rule holds even when two requests race past the check.
        meeting.HasIndex(m => m.HighLevelYear).IsUnique().HasFilter("high_level_year IS NOT NULL")
            .HasDatabaseName("ux_meetings_high_level_year");
        meeting.HasIndex(m => m.StartsAt);
    }
}

internal sealed class MeetingTransitionConfiguration : IEntityTypeConfiguration<MeetingTransition>
{
    public void Configure(EntityTypeBuilder<MeetingTransition> transition)
    {
        transition.HasKey(t => t.Id);
        transition.Property(t => t.From).HasConversion<VocabularyConverter<MeetingStatus>>().HasMaxLength(32);
        transition.Property(t => t.To).HasConversion<VocabularyConverter<MeetingStatus>>().HasMaxLength(32);
        transition.Property(t => t.Actor).HasMaxLength(200);
        transition.Property(t => t.Reason).HasMaxLength(1000);
        transition.HasOne<Meeting>().WithMany().HasForeignKey(t => t.MeetingId).OnDelete(DeleteBehavior.Restrict);
        transition.HasIndex(t => new { t.MeetingId, t.At });
    }
}

internal sealed class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> registration)
    {
        registration.HasKey(r => r.Id);
        registration.Property(r => r.Status).HasConversion<VocabularyConverter<RegistrationStatus>>().HasMaxLength(16);
        registration.Property(r => r.DelegateName).HasMaxLength(200);
        registration.Property(r => r.DelegateRole).HasMaxLength(200);
        registration.Property(r => r.DelegateEmail).HasMaxLength(254);
        registration.Property(r => r.CancellationReason).HasMaxLength(1000);
        registration.HasOne<Meeting>().WithMany().HasForeignKey(r => r.MeetingId).OnDelete(DeleteBehavior.Restrict);
        // A meeting's queue: each registration has its own place in it.
        registration.HasIndex(r => new { r.MeetingId, r.Number }).IsUnique();
        registration.HasIndex(r => new { r.MemberId, r.Status });
    }
}

internal sealed class RegistrationTransitionConfiguration : IEntityTypeConfiguration<RegistrationTransition>
{
    public void Configure(EntityTypeBuilder<RegistrationTransition> transition)
    {
        transition.HasKey(t => t.Id);
        transition.Property(t => t.From).HasConversion<VocabularyConverter<RegistrationStatus>>().HasMaxLength(16);
        transition.Property(t => t.To).HasConversion<VocabularyConverter<RegistrationStatus>>().HasMaxLength(16);
        transition.Property(t => t.Actor).HasMaxLength(200);
        transition.Property(t => t.Reason).HasMaxLength(1000);
        transition.HasOne<Registration>().WithMany().HasForeignKey(t => t.RegistrationId).OnDelete(DeleteBehavior.Restrict);
        transition.HasIndex(t => new { t.RegistrationId, t.At });
    }
}

internal sealed class MemberCalendarTokenConfiguration : IEntityTypeConfiguration<MemberCalendarToken>
{
    public void Configure(EntityTypeBuilder<MemberCalendarToken> token)
    {
        token.HasKey(t => t.MemberId);
        token.Property(t => t.MemberId).ValueGeneratedNever();
        token.Property(t => t.TokenHash).HasMaxLength(32);
        token.Property(t => t.IssuedBy).HasMaxLength(200);
        token.HasIndex(t => t.TokenHash).IsUnique();
    }
}
