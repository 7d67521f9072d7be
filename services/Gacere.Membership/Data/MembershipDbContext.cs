using Gacere.DomainService;
using Gacere.Membership.Domain;
using Gacere.Membership.IntegrationEvents;
using Gacere.Messaging;
using Microsoft.EntityFrameworkCore;
using Gacere.Membership.MemberDirectory;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.Membership.Data;

public sealed class MembershipDbContext(DbContextOptions<MembershipDbContext> options) : ServiceDbContext<MembershipDbContext>(options), IServiceDbContext
{
    public static string Schema => ResourceNames.Membership;

    /// <summary>On commit: the outbox relay wakes for the events the commit wrote, and the public directory's cached pages are evicted when a member changed.</summary>
    public static IEnumerable<IInterceptor> CommitInterceptors(IServiceProvider services) =>
        [services.GetRequiredService<OutboxCommitInterceptor>(), services.GetRequiredKeyedService<OutputCacheTagEvictor>(DirectoryCache.Tag)];

    public DbSet<Application> Applications => Set<Application>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every domain enum is stored as its DOMAIN.md code ("national_government"), not its C# name.
        configurationBuilder.Properties<OrgType>().HaveConversion<VocabularyConverter<OrgType>>().HaveMaxLength(64);
        configurationBuilder.Properties<MembershipCategory>().HaveConversion<VocabularyConverter<MembershipCategory>>().HaveMaxLength(32);
        configurationBuilder.Properties<ApplicationStatus>().HaveConversion<VocabularyConverter<ApplicationStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<MemberStatus>().HaveConversion<VocabularyConverter<MemberStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<DatePrecision>().HaveConversion<VocabularyConverter<DatePrecision>>().HaveMaxLength(32);
        configurationBuilder.Properties<AuditSubject>().HaveConversion<VocabularyConverter<AuditSubject>>().HaveMaxLength(32);
        configurationBuilder.Properties<AuditedChange>().HaveConversion<VocabularyConverter<AuditedChange>>().HaveMaxLength(32);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AddDomainRecords();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AddDomainRecords();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Audit entries and integration events of the tracked aggregates join the same commit as the change
    /// itself, so no handler can save a transition and forget its trail or its event.
    /// </summary>
    private void AddDomainRecords()
    {
        foreach (var application in ChangeTracker.Entries<Application>().Select(e => e.Entity).ToList())
        {
            AuditEntries.AddRange(application.TakeNewAuditEntries());
        }
        foreach (var member in ChangeTracker.Entries<Member>().Select(e => e.Entity).ToList())
        {
            AuditEntries.AddRange(member.TakeNewAuditEntries());
            foreach (var change in member.TakeNewChanges())
            {
                MemberEvents.Publish(this, change);
            }
        }
    }
}

internal sealed class DesignTimeFactory : ServiceDbContextFactory<MembershipDbContext>;
