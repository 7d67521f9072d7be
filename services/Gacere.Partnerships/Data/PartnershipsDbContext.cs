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
}

internal sealed class DesignTimeFactory : ServiceDbContextFactory<PartnershipsDbContext>;
