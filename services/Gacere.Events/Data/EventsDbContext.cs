using Gacere.DomainService;
using Gacere.Events.Calendars;
using Gacere.Events.Domain;
using Gacere.MemberReplica;
using Gacere.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gacere.Events.Data;

public sealed class EventsDbContext(DbContextOptions<EventsDbContext> options) : MemberReplicaDbContext<EventsDbContext>(options), IServiceDbContext
{
    public static string Schema => ResourceNames.Events;

    /// <summary>On commit: the outbox relay wakes for the events the commit wrote; a changed meeting evicts the public calendars.</summary>
    public static IEnumerable<IInterceptor> CommitInterceptors(IServiceProvider services) =>
        [services.GetRequiredService<OutboxCommitInterceptor>(), services.GetRequiredKeyedService<OutputCacheTagEvictor>(CalendarCache.Tag)];

    public DbSet<AnchorEvent> AnchorEvents => Set<AnchorEvent>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<MeetingTransition> MeetingTransitions => Set<MeetingTransition>();
    public DbSet<Registration> Registrations => Set<Registration>();
    public DbSet<RegistrationTransition> RegistrationTransitions => Set<RegistrationTransition>();
    public DbSet<MemberCalendarToken> MemberCalendarTokens => Set<MemberCalendarToken>();
}

internal sealed class DesignTimeFactory : ServiceDbContextFactory<EventsDbContext>;
