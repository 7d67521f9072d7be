using System.Net.Http.Headers;
using System.Security.Cryptography;
using Gacere.DevHost;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gacere.Testing;

/// <summary>
/// One service in process, as the hosts start it but without the rest of the topology: its own fresh
/// database and RabbitMQ virtual host, the assembly's Redis, and a signing key of its own for dev tokens.
/// The API tests and the benchmarks (bench/Gacere.Bench.Policies) start their services with it.
/// </summary>
public sealed class ServiceFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string? _contentRoot;

    private ServiceFactory(IReadOnlyDictionary<string, string> settings, string signingKey, string databaseConnectionString, string? contentRoot)
    {
        _settings = settings;
        _contentRoot = contentRoot;
        SigningKey = signingKey;
        DatabaseConnectionString = databaseConnectionString;
    }

    /// <summary>The key the service validates tokens with (base64, as <c>Auth:SigningKey</c>).</summary>
    public string SigningKey { get; }

    /// <summary>The service's own database, for a test that checks what was (not) stored.</summary>
    public string DatabaseConnectionString { get; }

    /// <summary>The service's own RabbitMQ virtual host, for a test that prepares the broker before the service starts.</summary>
    public string MessagingConnectionString => _settings["ConnectionStrings:messaging"];

    /// <param name="database">The connection string name the service reads, e.g. <c>membershipdb</c>.</param>
    /// <param name="contentRoot">
    /// The service's folder under the repository root (e.g. <c>services/Gacere.PolicyMapping</c>), for a host outside a
    /// test project (a benchmark), where WebApplicationFactory cannot find the content root itself; null in tests.
    /// </param>
    /// <param name="overrides">Settings a test changes on top of these (e.g. <c>Messaging:RetryLimit</c>).</param>
    public static async Task<ServiceFactory<TEntryPoint>> CreateAsync(
        ServersFixture servers, string database, string? contentRoot = null, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var connectionString = await servers.CreateDatabaseAsync(database);
        var messaging = await servers.CreateVirtualHostAsync(database);
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var settings = new Dictionary<string, string>
        {
            [$"ConnectionStrings:{database}"] = connectionString,
            ["ConnectionStrings:cache"] = servers.Servers.RedisConnectionString,
            // The start-up collection is for a service's own process; in this shared test process it would pause every test.
            ["Memory:ReleaseAfterStart"] = "0",
            ["ConnectionStrings:messaging"] = messaging,
            ["Auth:SigningKey"] = signingKey,
            ["Auth:Issuer"] = GacereAuth.DevelopmentIssuer,
            ["Auth:Audience"] = GacereAuth.Audience,
            // The services' JSON console would bury the test output.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        return new ServiceFactory<TEntryPoint>(settings, signingKey, connectionString, contentRoot);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (_contentRoot is not null)
        {
            builder.UseSolutionRelativeContentRoot(_contentRoot, solutionName: "Gacere.sln");
        }
        // Host settings reach WebApplication.CreateBuilder, so they are there when the service reads its
        // connection strings while registering (ConfigureAppConfiguration would come after that).
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client with a development token minted with this service's key (<see cref="DevTokens"/>).</summary>
    public HttpClient CreateClient(string role, Guid? memberId = null) => CreateClientWithToken(DevTokens.Mint(SigningKey, role, memberId));

    public HttpClient CreateClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
