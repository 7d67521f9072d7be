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
    public DbSet<Partnership> Partnerships => Set<Partnership>();
    public DbSet<TrailEntry> Trail => Set<TrailEntry>();
    public DbSet<ProgressReport> ProgressReports => Set<ProgressReport>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PartnershipsDbContext).Assembly);
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddMemberReplica();
    }
}

internal sealed class PartnershipsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PartnershipsDbContext>
{
    public PartnershipsDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<PartnershipsDbContext>(PartnershipsDbContext.Schema));
}
