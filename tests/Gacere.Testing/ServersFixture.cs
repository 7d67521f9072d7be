using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Gacere.DevHost;
using Npgsql;
using Xunit;

namespace Gacere.Testing;

/// <summary>
/// One set of real PostgreSQL, Redis and RabbitMQ servers for a test assembly (its collection fixture);
/// each test makes its own database and, where it starts a whole service, its own RabbitMQ virtual host.
/// </summary>
public sealed class ServersFixture : IAsyncLifetime
{
    private static readonly TimeSpan ManagementPatience = TimeSpan.FromSeconds(30);

    public LocalServers Servers { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Servers = await LocalServers.StartAsync(new LocalServersOptions { Databases = [] });
    }

    public async Task DisposeAsync() => await Servers.DisposeAsync();

    /// <summary>A fresh, empty database for one test; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        name = name[..Math.Min(name.Length, 40)];
        await Servers.CreateDatabaseAsync(name);
        // Every test database has its own Npgsql pool, and pools outlive the host that used them. A whole test run
        // opens over a hundred databases; closing a pool's idle connections after a few seconds keeps the run under
        // the server's max_connections (a full API run once failed with 53300 "too many clients").
        return Servers.PostgresConnectionString(name) + ";Connection Idle Lifetime=3;Connection Pruning Interval=1";
    }

    /// <summary>
    /// A fresh RabbitMQ virtual host that guest may use; returns its <c>amqp://</c> address. A service
    /// names its queues after itself, so two hosts of one service on one virtual host would share queues.
    /// </summary>
    public async Task<string> CreateVirtualHostAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..32];
        using var management = new HttpClient { BaseAddress = Servers.RabbitMqManagementUrl, Timeout = TimeSpan.FromSeconds(10) };
        management.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));

        // The management listener may open a moment after the broker answers AMQP.
        var created = await Eventually.HoldsAsync(async () =>
        {
            try
            {
                using var response = await management.PutAsync($"api/vhosts/{name}", JsonContent.Create(new { }));
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, ManagementPatience, TimeSpan.FromMilliseconds(250));
        if (!created)
        {
            throw new InvalidOperationException($"RabbitMQ's management API at {Servers.RabbitMqManagementUrl} did not create virtual host {name}.");
        }
        using var permissions = await management.PutAsync($"api/permissions/{name}/guest",
            JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" }));
        permissions.EnsureSuccessStatusCode();
        return $"{Servers.RabbitMqConnectionString}/{name}";
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
