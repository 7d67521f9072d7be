using Gacere.Events.Domain;
using Gacere.MemberReplica;
using Gacere.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Gacere.ServiceDefaults;

namespace Gacere.Events.Data;

public sealed class EventsDbContext(DbContextOptions<EventsDbContext> options) : DbContext(options)
{
    public const string Schema = "events";

    public DbSet<AnchorEvent> AnchorEvents => Set<AnchorEvent>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<MeetingTransition> MeetingTransitions => Set<MeetingTransition>();
    public DbSet<Registration> Registrations => Set<Registration>();
    public DbSet<RegistrationTransition> RegistrationTransitions => Set<RegistrationTransition>();
    public DbSet<MemberStanding> MemberStandings => Set<MemberStanding>();
    public DbSet<MemberCalendarToken> MemberCalendarTokens => Set<MemberCalendarToken>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EventsDbContext).Assembly);
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddMemberReplica();
    }
}

internal sealed class EventsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<EventsDbContext>
{
    public EventsDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<EventsDbContext>(EventsDbContext.Schema));
}
