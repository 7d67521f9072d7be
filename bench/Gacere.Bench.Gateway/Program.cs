using Gacere;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Gacere.DevHost;

// Usage: ./gacere bench gateway [--seconds 8] [--concurrency 16] [--rounds 2] [--rate 200] [--gateway-env KEY=VALUE]...
var options = GatewayBenchArguments.Parse(args);
Console.WriteLine($"Starting the local topology (Release build, {Environment.ProcessorCount} cores)...");
await using var topology = await PlatformTopology.StartAsync(new TopologyOptions
{
    Configuration = "release",
    EnvironmentName = "Production",
    Environment = new Dictionary<string, string>
    {
        // The benchmark measures the proxy, not the limiter: the limits are raised out of its way.
        ["Gateway__RateLimits__AnonymousWritesPerWindow"] = "100000000",
        ["Gateway__RateLimits__RequestsPerWindow"] = "100000000",
        ["Logging__LogLevel__Default"] = "Warning",
    },
    ResourceEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["gateway"] = options.GatewayEnvironment },
});
var cpu = new ProcessCpu();

var gateway = topology.GatewayUrl;
var direct = topology.ServiceUrls[ResourceNames.Membership];
var scenarios = new[]
{
    new Scenario("directory read (cached)", _ => new HttpRequestMessage(HttpMethod.Get, "/api/membership/directory?pageSize=20")),
    new Scenario("application submission", i => new HttpRequestMessage(HttpMethod.Post, "/api/membership/applications")
    {
        Content = new StringContent(Application(i), Encoding.UTF8, "application/json"),
    }),
};

var results = new List<Result>();
var sequence = 0;
foreach (var scenario in scenarios)
{
    foreach (var concurrency in new[] { 1, options.Concurrency })
    {
        // Warm-up of both paths (JIT, pools, the cache entry), then alternating rounds so that the
        // machine's noise falls on both paths alike; each path keeps its best round.
        foreach (var url in new[] { direct, gateway })
        {
            await Load.RunAsync(url, scenario, concurrency, TimeSpan.FromSeconds(2), () => Interlocked.Increment(ref sequence));
        }
        var rounds = new Dictionary<string, List<Result>> { ["direct"] = [], ["gateway"] = [] };
        for (var round = 0; round < options.Rounds; round++)
        {
            foreach (var (path, url) in new[] { ("direct", direct), ("gateway", gateway) })
            {
                var before = cpu.Read();
                var result = await Load.RunAsync(url, scenario, concurrency, options.Duration, () => Interlocked.Increment(ref sequence));
                var spent = cpu.Read();
                rounds[path].Add(result with
                {
                    Path = path,
                    GatewayCpuMs = (spent.Gateway - before.Gateway).TotalMilliseconds / result.Requests,
                    ServiceCpuMs = (spent.Membership - before.Membership).TotalMilliseconds / result.Requests,
                });
            }
        }
        results.AddRange(rounds.Values.Select(r => r.MaxBy(x => x.Throughput)!));
    }

    // A steady rate well below saturation: what one hop through the gateway adds to a request's latency.
    foreach (var (path, url) in new[] { ("direct", direct), ("gateway", gateway), ("direct", direct), ("gateway", gateway) })
    {
        var before = cpu.Read();
        var result = await Load.RunAtRateAsync(url, scenario, options.Rate, options.Duration, () => Interlocked.Increment(ref sequence));
        var spent = cpu.Read();
        results.Add(result with
        {
            Path = path,
            GatewayCpuMs = (spent.Gateway - before.Gateway).TotalMilliseconds / result.Requests,
            ServiceCpuMs = (spent.Membership - before.Membership).TotalMilliseconds / result.Requests,
        });
    }
}
// Of the two steady-rate rounds per path, keep the one with the lower p50 (the less disturbed).
results = [.. results.GroupBy(r => (r.Scenario, r.Concurrency, r.Path)).Select(g => g.MinBy(r => r.P50)!)];

Console.WriteLine();
Console.WriteLine("| scenario | load (workers or rate) | path | requests | errors | throughput (req/s) | p50 (ms) | p99 (ms) | gateway CPU (ms/req) | membership CPU (ms/req) |");
Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Scenario} | {(r.Concurrency > 0 ? r.Concurrency.ToString(CultureInfo.InvariantCulture) : $"{options.Rate}/s")} | {r.Path} | {r.Requests} | {r.Errors} | {r.Throughput:F0} | {r.P50:F2} | {r.P99:F2} | {r.GatewayCpuMs:F3} | {r.ServiceCpuMs:F3} |"));
}
Console.WriteLine();
foreach (var group in results.GroupBy(r => (r.Scenario, r.Concurrency)))
{
    var load = group.Key.Concurrency > 0 ? $"concurrency {group.Key.Concurrency}" : $"steady {options.Rate}/s";
    var d = group.Single(r => r.Path == "direct");
    var g = group.Single(r => r.Path == "gateway");
    var share = g.Throughput / d.Throughput;
    var added = g.P50 - d.P50;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{group.Key.Scenario}, {load}: gateway keeps {share:P0} of direct throughput (target >= 60 %: {(share >= 0.6 ? "met" : "NOT met")}), adds {added:F2} ms at p50 (target < 2 ms: {(added < 2 ? "met" : "NOT met")})"));
}

static string Application(int i) => $$"""
    {"organisation":{"name":"Bench Repair Network {{i}}","orgType":"ngo_civil_society","countryIso3":"KEN"},
     "requestedCategory":"supporting_stakeholder",
     "focalPoint":{"name":"Amina Otieno","email":"amina@example.org"},
     "alternate":{"name":"Jonas Berg","email":"jonas@example.org"},
     "motivation":"We repair electronics in three cities and want to share what we learn."}
    """;

internal sealed record Scenario(string Name, Func<int, HttpRequestMessage> Request);

internal sealed record Result(string Scenario, int Concurrency, string Path, int Requests, int Errors, double Throughput, double P50, double P99)
{
    public double GatewayCpuMs { get; init; }
    public double ServiceCpuMs { get; init; }
}

/// <summary>CPU time (user + system) of the gateway and membership processes, read from /proc.</summary>
internal sealed class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int _gateway = Find("Gacere.Gateway.dll");
    private readonly int _membership = Find("Gacere.Membership.dll");

    public (TimeSpan Gateway, TimeSpan Membership) Read() => (Cpu(_gateway), Cpu(_membership));

    private static int Find(string assembly) => Directory.EnumerateDirectories("/proc")
        .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
        .Where(pid => pid > 0)
        .First(pid =>
        {
            try { return File.ReadAllText($"/proc/{pid}/cmdline").Contains(assembly, StringComparison.Ordinal); }
            catch (IOException) { return false; }
        });

    private static TimeSpan Cpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond);
    }
}

internal static class Load
{
    /// <summary>Closed loop: <paramref name="concurrency"/> workers each send the next request when the last one answers.</summary>
    public static async Task<Result> RunAsync(Uri baseAddress, Scenario scenario, int concurrency, TimeSpan duration, Func<int> next)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
        })
        { BaseAddress = baseAddress };
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var own = latencies[worker] = new List<double>(4096);
            while (clock.Elapsed < duration)
            {
                using var request = scenario.Request(next());
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(scenario.Name, concurrency, baseAddress.ToString(), all.Length, errors, all.Length / elapsed,
            Percentile(all, 0.50), Percentile(all, 0.99));
    }

    /// <summary>Open loop: requests start on a fixed schedule whatever the answers' pace (no coordinated omission).</summary>
    public static async Task<Result> RunAtRateAsync(Uri baseAddress, Scenario scenario, int rate, TimeSpan duration, Func<int> next)
    {
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = baseAddress };
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var requests = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            var index = i;
            requests.Add(Task.Run(async () =>
            {
                using var request = scenario.Request(next());
                using var response = await client.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                // Measured from when the request was due, so a late start counts against the path.
                latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }));
        }
        await Task.WhenAll(requests);
        var elapsed = clock.Elapsed.TotalSeconds;
        var sorted = latencies.Order().ToArray();
        return new Result(scenario.Name, 0, baseAddress.ToString(), total, errors, total / elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

internal sealed record GatewayBenchArguments(TimeSpan Duration, int Concurrency, int Rounds, int Rate, Dictionary<string, string> GatewayEnvironment)
{
    public static GatewayBenchArguments Parse(string[] args)
    {
        var seconds = 8;
        var concurrency = 16;
        var rounds = 2;
        var rate = 200;
        var gatewayEnvironment = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--gateway-env")
            {
                var pair = args[i + 1].Split('=', 2);
                gatewayEnvironment[pair[0]] = pair.Length == 2 ? pair[1] : "";
                continue;
            }
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--seconds": seconds = value; break;
                case "--concurrency": concurrency = value; break;
                case "--rounds": rounds = value; break;
                case "--rate": rate = value; break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --seconds, --concurrency, --rounds, --rate, --gateway-env.");
            }
        }
        return new GatewayBenchArguments(TimeSpan.FromSeconds(seconds), concurrency, rounds, rate, gatewayEnvironment);
    }
}
