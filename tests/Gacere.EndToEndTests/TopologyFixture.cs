using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Gacere.DevHost;

namespace Gacere.EndToEndTests;

/// <summary>The whole platform, started once for the end-to-end tests through the same code as <c>./gacere run</c>.</summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    /// <summary>The anonymous submissions one client address may make per window in these tests.</summary>
    public const int AnonymousWritesPerWindow = 40;

    private readonly ConcurrentQueue<string> _log = new();

    public PlatformTopology Topology { get; private set; } = null!;
    public HttpClient Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Topology = await PlatformTopology.StartAsync(new TopologyOptions
        {
            LogSink = (resource, line) => _log.Enqueue($"[{resource}] {line}"),
            Environment = new Dictionary<string, string>
            {
                // The anonymous-write limit is exercised by its own test from its own client address; the
                // general limit is out of the way of tests that poll.
                ["Gateway__RateLimits__AnonymousWritesPerWindow"] = AnonymousWritesPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Gateway__RateLimits__RequestsPerWindow"] = "100000",
                ["Gateway__RateLimits__Window"] = "00:10:00", // a burst never straddles two windows
            },
        });
        Gateway = new HttpClient { BaseAddress = Topology.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Gateway.Dispose();
        await Topology.DisposeAsync();
    }

    public string Token(string role, Guid? memberId = null) => DevTokens.Mint(Topology.SigningKey, role, memberId);

    public HttpClient ClientWithToken(string role, Guid? memberId = null)
    {
        var client = new HttpClient { BaseAddress = Topology.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, memberId));
        return client;
    }

    /// <summary>Recent platform log lines, for a failing assertion's message.</summary>
    public string RecentLog(int lines = 60) => string.Join('\n', _log.TakeLast(lines));
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<TopologyFixture>
{
    // One platform for every end-to-end test; tests that stop a server must not overlap others.
    public const string Name = "platform";
}
