using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using Microsoft.Extensions.Hosting;

namespace Gacere.DomainService;

public static class ServiceDatabase
{
    /// <summary>
    /// The service's own PostgreSQL database from <c>ConnectionStrings:{name}</c>: EF Core with snake_case names
    /// in the context's schema, the context's own commit interceptors, a health check, and the committed
    /// migrations (then seeders) applied before the service starts listening.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string name)
        where TContext : ServiceDbContext<TContext>, IServiceDbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not set: the host must inject the '{name}' database.");

        builder.Services.AddDbContextPool<TContext>((services, options) =>
            options.UseServiceDatabase(connectionString, TContext.Schema, TContext.CommitInterceptors(services)));

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            name, _ => new PostgresHealthCheck(connectionString), HealthStatus.Unhealthy, ["ready"], TimeSpan.FromSeconds(5)));
        builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        return builder;
    }

    /// <summary>Npgsql with the migrations history in the service's schema, snake_case names, and the given interceptors.</summary>
    public static DbContextOptionsBuilder UseServiceDatabase(
        this DbContextOptionsBuilder options, string connectionString, string schema, IEnumerable<IInterceptor> interceptors) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", schema))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(interceptors);
}

internal sealed class PostgresHealthCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is unreachable", ex);
        }
    }
}

internal sealed partial class DatabaseMigrator<TContext>(IServiceProvider services, ILogger<DatabaseMigrator<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var started = TimeProvider.System.GetTimestamp();
        await db.Database.MigrateAsync(cancellationToken);
        foreach (var seeder in scope.ServiceProvider.GetServices<IDatabaseSeeder<TContext>>())
        {
            LogSeeded(seeder.GetType().Name, await seeder.SeedAsync(db, cancellationToken));
        }
        LogMigrated(typeof(TContext).Name, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Seeder} inserted {Count} missing rows")]
    private partial void LogSeeded(string seeder, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Context} migrated and seeded in {ElapsedMs:F0} ms")]
    private partial void LogMigrated(string context, double elapsedMs);
}
