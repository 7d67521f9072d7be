using Gacere.DomainService;
using Gacere.PolicyMapping.Domain;
using Gacere.MemberReplica;
using Gacere.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gacere.PolicyMapping.Data;

public sealed class PolicyMappingDbContext(DbContextOptions<PolicyMappingDbContext> options) : MemberReplicaDbContext<PolicyMappingDbContext>(options), IServiceDbContext
{
    public static string Schema => ResourceNames.PolicyMapping;

    /// <summary>On commit: the outbox relay wakes for the events the commit wrote.</summary>
    public static IEnumerable<IInterceptor> CommitInterceptors(IServiceProvider services) => [services.GetRequiredService<OutboxCommitInterceptor>()];

    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<BarrierOrGap> Barriers => Set<BarrierOrGap>();
    public DbSet<ResearchNeed> ResearchNeeds => Set<ResearchNeed>();
}

internal sealed class DesignTimeFactory : ServiceDbContextFactory<PolicyMappingDbContext>;
