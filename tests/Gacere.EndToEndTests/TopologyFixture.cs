using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Gacere.DevHost;
using Npgsql;

namespace Gacere.EndToEndTests;

/// <summary>The whole platform, started once for the end-to-end tests through the same code as <c>./gacere run</c>.</summary>
public class TopologyFixture : IAsyncLifetime
{
    /// <summary>How often each replica compares itself with membership here (production: every 5 minutes).</summary>
    public static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(2);

    /// <summary>The anonymous submissions one client address may make per window in these tests.</summary>
    public const int AnonymousWritesPerWindow = 40;

    /// <summary>Lines of each resource kept in memory for a failing assertion's message (the files keep everything).</summary>
    private const int TailLines = 40;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _tails = new();

    /// <summary>Where the resources' whole log files are copied when the fixture ends (the run's state folder is deleted).</summary>
    public string KeptLogsDirectory => _keptLogsDirectory ??= KeptLogsDirectoryFor();

    private string? _keptLogsDirectory;

    public PlatformTopology Topology { get; private set; } = null!;
    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>The services started with the platform; null: all four.</summary>
    protected virtual IReadOnlyCollection<string>? Services => null;

    public async Task InitializeAsync()
    {
        Topology = await PlatformTopology.StartAsync(new TopologyOptions
        {
            Services = Services,
            LogSink = Keep,
            Environment = new Dictionary<string, string>
            {
                // The anonymous-write limit is exercised by its own test from its own client address; the
                // general limit is out of the way of tests that poll.
                ["Gateway__RateLimits__AnonymousWritesPerWindow"] = AnonymousWritesPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Gateway__RateLimits__RequestsPerWindow"] = "100000",
                ["Gateway__RateLimits__Window"] = "00:10:00", // a burst never straddles two windows
                ["MemberReplica__ReconcileInterval"] = ReconcileInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
                // "Request starting/finished" in every service and the gateway: lines a trace can be followed by.
                ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
                // MassTransit's SEND and RECEIVE lines: the trace's hops through the outbox and the broker.
                ["Logging__LogLevel__MassTransit.Messages"] = "Debug",
            },
        });
        Gateway = new HttpClient { BaseAddress = Topology.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Gateway.Dispose();
        // Before the topology goes: ending it deletes its temporary state folder and the logs in it.
        KeepLogFiles();
        await Topology.DisposeAsync();
    }

    public string Token(string role, Guid? memberId = null) => DevTokens.Mint(Topology.SigningKey, role, memberId);

    public HttpClient ClientWithToken(string role, Guid? memberId = null)
    {
        var client = new HttpClient { BaseAddress = Topology.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, memberId));
        return client;
    }

    /// <summary>
    /// An anonymous client whose connections come from another loopback address, so that the per-address
    /// limits it uses up are not the other tests' ones.
    /// </summary>
    public HttpClient ClientFrom(string loopbackAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(loopbackAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = Topology.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>One number from a service's own database (for assertions on what the API does not show).</summary>
    public async Task<long> ScalarAsync(string database, string sql, object? parameter = null)
    {
        await using var connection = new NpgsqlConnection(Topology.Servers.PostgresConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter }); // $1
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The last lines of every resource's own log (each service, the gateway, the servers), for a failing assertion's
    /// message, and where the whole files will be kept. One tail per resource: a busy resource cannot crowd out the
    /// quiet one whose silence is the clue.
    /// </summary>
    public string RecentLog(int lines = TailLines)
    {
        var text = new System.Text.StringBuilder();
        foreach (var (resource, tail) in _tails.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var kept = tail.ToArray();
            text.Append(CultureInfo.InvariantCulture, $"--- {resource}: last {Math.Min(lines, kept.Length)} lines ---\n");
            foreach (var line in kept.TakeLast(lines))
            {
                text.Append(line).Append('\n');
            }
        }
        text.Append(CultureInfo.InvariantCulture, $"--- whole logs: {KeptLogsDirectory} (once the fixture ends) ---");
        return text.ToString();
    }

    private void Keep(string resource, string line)
    {
        var tail = _tails.GetOrAdd(resource, _ => new ConcurrentQueue<string>());
        tail.Enqueue(line);
        while (tail.Count > TailLines && tail.TryDequeue(out _))
        {
        }
    }

    /// <summary>Copies every resource's log file (and the previous start's <c>.log.1</c>) to <see cref="KeptLogsDirectory"/>.</summary>
    private void KeepLogFiles()
    {
        try
        {
            var source = Topology.Servers.LogsDirectory;
            if (!Directory.Exists(source))
            {
                return;
            }
            Directory.CreateDirectory(KeptLogsDirectory);
            foreach (var file in Directory.EnumerateFiles(source))
            {
                // The files are still being written (shared for reading): a copy of what is there now.
                using var from = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var to = File.Create(Path.Combine(KeptLogsDirectory, Path.GetFileName(file)));
                from.CopyTo(to);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"end-to-end logs not kept in {KeptLogsDirectory}: {e.Message}");
        }
    }

    /// <summary>
    /// <c>GACERE_E2E_LOGS</c> if set, else <c>artifacts/TestResults/e2e-logs/&lt;fixture&gt;-&lt;time&gt;</c> under the repository
    /// (where <c>./gacere test</c> puts the TRX files and which it empties at each run).
    /// </summary>
    private string KeptLogsDirectoryFor()
    {
        var root = Environment.GetEnvironmentVariable("GACERE_E2E_LOGS");
        if (string.IsNullOrEmpty(root))
        {
            root = RepositoryRoot.PathOf("artifacts", "TestResults", "e2e-logs");
        }
        return Path.Combine(root, $"{GetType().Name}-{DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}-{Environment.ProcessId}");
    }

    /// <summary>One resource's entry in the DevHost's <c>status.json</c>: state, pid and restarts.</summary>
    public (string State, int? Pid, int Restarts) Status(string resource)
    {
        var file = Path.Combine(Topology.Servers.StateDirectory, "status.json");
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        var entry = document.RootElement.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == resource);
        var pid = entry.GetProperty("pid");
        return (entry.GetProperty("state").GetString()!,
            pid.ValueKind == System.Text.Json.JsonValueKind.Number ? pid.GetInt32() : null,
            entry.GetProperty("restarts").GetInt32());
    }

    /// <summary>
    /// Whether <paramref name="service"/>'s messaging is back to rest: its own <c>/health</c> (details: loopback,
    /// Development) reports the broker check and MassTransit's <c>bus</c> check Healthy. <c>/health</c> is 200 as soon as
    /// the broker answers, while the bus is still Degraded until every receive endpoint has reconnected.
    /// </summary>
    public async Task<bool> MessagingAtRestAsync(string service)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri(Topology.ServiceUrls[service], "/health"));
            using var report = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var checks = report.RootElement.GetProperty("checks");
            return new[] { "bus", ResourceNames.Messaging }.All(check =>
                checks.TryGetProperty(check, out var entry) && entry.GetProperty("status").GetString() == "Healthy");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Whether every service and the gateway answer <c>/health</c> with 200 (what a test that breaks things restores).</summary>
    public async Task<bool> AllServicesHealthyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var url in Topology.ServiceUrls.Values)
        {
            try
            {
                using var response = await client.GetAsync(new Uri(url, "/health"));
                if (response.StatusCode != System.Net.HttpStatusCode.OK)
                {
                    return false;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>Membership and the gateway only: the subscribers are started later by the tests.</summary>
public sealed class MembershipFirstFixture : TopologyFixture
{
    protected override IReadOnlyCollection<string>? Services => [ResourceNames.Membership];
}

[CollectionDefinition(Name)]
public sealed class MembershipFirstCollection : ICollectionFixture<MembershipFirstFixture>
{
    public const string Name = "membership-first";
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<TopologyFixture>
{
    // One platform for every end-to-end test; tests that stop a server must not overlap others.
    public const string Name = "platform";
}
