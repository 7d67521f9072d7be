using Gacere.MemberReplica;
using Gacere.Messaging;
using Gacere.Partnerships.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Gacere.ServiceDefaults;

namespace Gacere.Partnerships.Data;

public sealed class PartnershipsDbContext(DbContextOptions<PartnershipsDbContext> options) : DbContext(options)
{
    public const string Schema = "partnerships";

    public DbSet<ExternalInitiative> ExternalInitiatives => Set<ExternalInitiative>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PartnershipsDbContext).Assembly);
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddMemberReplica();
    }
}

internal sealed class PartnershipsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PartnershipsDbContext>
{
    public PartnershipsDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<PartnershipsDbContext>(PartnershipsDbContext.Schema));
}
