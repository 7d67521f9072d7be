extern alias policymapping;

using System.Net.Http.Headers;
using System.Security.Cryptography;
using Gacere.DevHost;
using Gacere.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gacere.Bench.Policies;

/// <summary>
/// PolicyMapping in process (<see cref="WebApplicationFactory{TEntryPoint}"/>, as the API tests start it) on its own
/// fresh database over the real PostgreSQL, Redis and RabbitMQ of <see cref="ServersFixture"/>.
/// </summary>
internal sealed class PolicyService : WebApplicationFactory<policymapping::Program>
{
    private readonly Dictionary<string, string> _settings;
    private readonly string _signingKey;

    private PolicyService(Dictionary<string, string> settings, string signingKey, string connectionString)
    {
        _settings = settings;
        _signingKey = signingKey;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PolicyService> StartAsync(ServersFixture servers)
    {
        var connectionString = await servers.CreateDatabaseAsync(ResourceNames.PolicyMappingDatabase);
        var messaging = await servers.CreateVirtualHostAsync(ResourceNames.PolicyMappingDatabase);
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var service = new PolicyService(new Dictionary<string, string>
        {
            [$"ConnectionStrings:{ResourceNames.PolicyMappingDatabase}"] = connectionString,
            ["ConnectionStrings:cache"] = servers.Servers.RedisConnectionString,
            ["ConnectionStrings:messaging"] = messaging,
            ["Auth:SigningKey"] = signingKey,
            ["Auth:Issuer"] = GacereAuth.DevelopmentIssuer,
            ["Auth:Audience"] = GacereAuth.Audience,
            ["Logging:LogLevel:Default"] = "Warning",
        }, signingKey, connectionString);
        _ = service.Server; // starts the host: migrations and seeders run before the first request
        return service;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The service's own folder (its appsettings.json), found from the repository root.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Gacere.sln")))
        {
            root = root.Parent;
        }
        builder.UseContentRoot(Path.Combine(root?.FullName ?? Directory.GetCurrentDirectory(), "services", "Gacere.PolicyMapping"));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client with a development token minted with this service's key.</summary>
    public HttpClient CreateClient(string role)
    {
        var client = CreateClient();
        client.Timeout = TimeSpan.FromMinutes(5);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DevTokens.Mint(_signingKey, role));
        return client;
    }
}
