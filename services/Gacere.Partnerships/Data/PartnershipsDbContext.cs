using Gacere.DomainService;
using Gacere.Partnerships.Domain;
using Gacere.MemberReplica;
using Gacere.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gacere.Partnerships.Data;

public sealed class PartnershipsDbContext(DbContextOptions<PartnershipsDbContext> options) : MemberReplicaDbContext<PartnershipsDbContext>(options), IServiceDbContext
{
    public static string Schema => ResourceNames.Partnerships;

    /// <summary>On commit: the outbox relay wakes for the events the commit wrote.</summary>
    public static IEnumerable<IInterceptor> CommitInterceptors(IServiceProvider services) => [services.GetRequiredService<OutboxCommitInterceptor>()];

    public DbSet<ExternalInitiative> ExternalInitiatives => Set<ExternalInitiative>();
    public DbSet<Partnership> Partnerships => Set<Partnership>();
    public DbSet<TrailEntry> Trail => Set<TrailEntry>();
    public DbSet<ProgressReport> ProgressReports => Set<ProgressReport>();
    public DbSet<BestPractice> BestPractices => Set<BestPractice>();
    public DbSet<BestPracticeTrailEntry> BestPracticeTrail => Set<BestPracticeTrailEntry>();


    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Trigram similarity for the duplication check (title and objective).
        modelBuilder.HasPostgresExtension("pg_trgm");
    }
}

internal sealed class DesignTimeFactory : ServiceDbContextFactory<PartnershipsDbContext>;
