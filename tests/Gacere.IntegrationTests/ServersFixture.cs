using Gacere.DevHost;
using Npgsql;

namespace Gacere.IntegrationTests;

/// <summary>One set of real PostgreSQL, Redis and RabbitMQ servers for the assembly; each test makes its own database.</summary>
public sealed class ServersFixture : IAsyncLifetime
{
    public LocalServers Servers { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Servers = await LocalServers.StartAsync(new LocalServersOptions { Databases = [] });
    }

    public async Task DisposeAsync() => await Servers.DisposeAsync();

    /// <summary>A fresh, empty database for one test.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40];
        await Servers.CreateDatabaseAsync(name);
        return Servers.PostgresConnectionString(name);
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    // Messaging tests share one broker and publish the same message types: they run one after another.
    public const string Name = "servers";
}
