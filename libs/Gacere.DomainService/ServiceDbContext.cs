using Gacere.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gacere.DomainService;

/// <summary>What the platform needs to know of a service's DbContext, read from the context's own type.</summary>
public interface IServiceDbContext
{
    /// <summary>The PostgreSQL schema of the service's tables and of its migrations history.</summary>
    static abstract string Schema { get; }

    /// <summary>
    /// Everything that runs when this context commits, resolved from the container. Each context lists its own,
    /// so reading the context tells what its commits set off (nothing is attached behind its back).
    /// </summary>
    static abstract IEnumerable<IInterceptor> CommitInterceptors(IServiceProvider services);
}

/// <summary>
/// The base of every service's DbContext: the service's schema, its <c>IEntityTypeConfiguration</c> classes, and
/// the outbox and inbox tables of its messaging. A context adds its sets and, in an override that calls this one,
/// anything else (the member replica).
/// </summary>
public abstract class ServiceDbContext<TSelf>(DbContextOptions<TSelf> options) : DbContext(options)
    where TSelf : ServiceDbContext<TSelf>, IServiceDbContext
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(TSelf.Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TSelf).Assembly);
        modelBuilder.AddOutboxAndInbox();
    }

    /// <summary>The options <see cref="ServiceDatabase.AddServiceDatabase{TContext}"/> gives the context, on any connection string.</summary>
    public static DbContextOptions<TSelf> Options(string connectionString, IEnumerable<IInterceptor>? interceptors = null) =>
        (DbContextOptions<TSelf>)new DbContextOptionsBuilder<TSelf>().UseServiceDatabase(connectionString, TSelf.Schema, interceptors ?? []).Options;
}

/// <summary>
/// <c>dotnet ef</c>'s way to the context at design time, configured as at run time; no database is contacted.
/// A service declares one line: <c>internal sealed class DesignTimeFactory : ServiceDbContextFactory&lt;XDbContext&gt;;</c>
/// (the tool only finds factories declared in the service's own assembly).
/// </summary>
public abstract class ServiceDbContextFactory<TContext> : IDesignTimeDbContextFactory<TContext>
    where TContext : ServiceDbContext<TContext>, IServiceDbContext
{
    public TContext CreateDbContext(string[] args) =>
        (TContext)Activator.CreateInstance(typeof(TContext), ServiceDbContext<TContext>.Options("Host=localhost;Database=design_time"))!;
}
