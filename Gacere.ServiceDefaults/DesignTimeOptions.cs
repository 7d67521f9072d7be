using Microsoft.EntityFrameworkCore;

namespace Gacere.ServiceDefaults;

/// <summary>Options for <c>dotnet ef</c> at design time, matching what <see cref="DataExtensions.AddServiceDatabase{TContext}"/> configures at run time.</summary>
public static class DesignTimeOptions
{
    public static DbContextOptions<TContext> For<TContext>(string schema) where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>()
            .UseNpgsql("Host=localhost;Database=design_time", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", schema))
            .UseSnakeCaseNamingConvention()
            .Options;
}
