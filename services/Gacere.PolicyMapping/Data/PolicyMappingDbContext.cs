using Gacere.MemberReplica;
using Gacere.Messaging;
using Gacere.PolicyMapping.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Gacere.ServiceDefaults;

namespace Gacere.PolicyMapping.Data;

public sealed class PolicyMappingDbContext(DbContextOptions<PolicyMappingDbContext> options) : DbContext(options)
{
    public const string Schema = "policymapping";

    public DbSet<Indicator> Indicators => Set<Indicator>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PolicyMappingDbContext).Assembly);
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddMemberReplica();
    }
}

internal sealed class PolicyMappingDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PolicyMappingDbContext>
{
    public PolicyMappingDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<PolicyMappingDbContext>(PolicyMappingDbContext.Schema));
}
