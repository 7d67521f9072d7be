using Gacere;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Gacere.DevHost;

// Usage: ./gacere bench gateway [--seconds 8] [--concurrency 16] [--rounds 2] [--rate 200] [--settle 15] [--only submission|directory|memory]
//                               (--only memory: no load, the memory table alone, read at --settle and again --settle later)
//                               [--env KEY=VALUE]... [--gateway-env KEY=VALUE]...
var options = GatewayBenchArguments.Parse(args);
Console.WriteLine($"Starting the local topology (Release build, {Environment.ProcessorCount} cores)...");
await using var topology = await PlatformTopology.StartAsync(new TopologyOptions
{
    Configuration = "release",
    // What ./gacere run runs: the ReadyToRun publish output (./gacere bench gateway publishes it first).
    Published = true,
    EnvironmentName = "Production",
    // A/B runs of runtime settings (--env DOTNET_TieredPGO=0, ...) reach every service and the gateway alike.
    Environment = new Dictionary<string, string>(options.Environment)
    {
        // The benchmark measures the proxy, not the limiter: the limits are raised out of its way.
        ["Gateway__RateLimits__AnonymousWritesPerWindow"] = "100000000",
        ["Gateway__RateLimits__RequestsPerWindow"] = "100000000",
        ["Logging__LogLevel__Default"] = "Warning",
    },
    ResourceEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["gateway"] = options.GatewayEnvironment },
});
var processes = TopologyProcesses.Find(topology.Servers.StateDirectory);
var cpu = new ProcessCpu(processes);

// Idle memory once the services have settled (start-up done, its garbage released: see StartupMemoryRelease).
await Task.Delay(options.Settle);
var idleMemory = ProcessMemory.Sample(processes);

var gateway = topology.GatewayUrl;
var direct = topology.ServiceUrls[ResourceNames.Membership];
var scenarios = new[]
{
    new Scenario("directory read (cached)", _ => new HttpRequestMessage(HttpMethod.Get, "/api/membership/directory?pageSize=20")),
    new Scenario("application submission", i => new HttpRequestMessage(HttpMethod.Post, "/api/membership/applications")
    {
        Content = new StringContent(Application(i), Encoding.UTF8, "application/json"),
    }),
}.Where(s => options.Only is null || s.Name.Contains(options.Only, StringComparison.OrdinalIgnoreCase)).ToArray();

var results = new List<Result>();
var roundLines = new List<string>();
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
        // Every round, not only the best: on a shared machine the spread between rounds is as large as an A/B effect.
        var gatewayCpu = rounds["gateway"].Select(r => r.GatewayCpuMs).Order().ToArray();
        roundLines.Add(string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name}, {concurrency} workers, every round: gateway {string.Join(" / ", rounds["gateway"].Select(r => $"{r.Throughput:F0}"))} req/s, "
            + $"direct {string.Join(" / ", rounds["direct"].Select(r => $"{r.Throughput:F0}"))} req/s; gateway CPU per request "
            + $"{string.Join(" / ", rounds["gateway"].Select(r => $"{r.GatewayCpuMs:F3}"))} ms (median {gatewayCpu[gatewayCpu.Length / 2]:F3})"));
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
// The same processes after the load, once it has stopped and they have settled again.
await Task.Delay(options.Settle);
var loadedMemory = ProcessMemory.Sample(processes);

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
roundLines.ForEach(Console.WriteLine);
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

Console.WriteLine();
Console.WriteLine($"Resident memory (VmRSS, median of {ProcessMemory.Samples} reads 1 s apart, {options.Settle.TotalSeconds:F0} s after start and after the load; peak is VmHWM):");
Console.WriteLine("anon = RssAnon (private: GC heap, native heaps), file = RssFile (mapped assemblies and libraries: page cache, shared with");
Console.WriteLine("every process mapping the same file), shmem = RssShmem (the runtime's executable memory: JIT-compiled code and stubs);");
Console.WriteLine("threads = the process's threads at that read.");
Console.WriteLine();
// With --only memory there is no load: the second read is the same idle processes one settle time later.
var second = options.Only == "memory" ? $"idle {options.Settle.TotalSeconds:F0} s later" : "after load";
Console.WriteLine($"| process | idle after start (MB) | anon / file / shmem | threads | {second} (MB) | anon / file / shmem | peak (MB) | idle target (MB) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var (name, _) in processes)
{
    var target = name == ResourceNames.Gateway ? 80 : 100;
    var idle = idleMemory[name];
    var loaded = loadedMemory[name];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {idle.RssMb:F0} ({(idle.RssMb <= target ? "met" : "NOT met")}) | {idle.AnonMb:F0} / {idle.FileMb:F0} / {idle.ShmemMb:F0} | {idle.Threads} | {loaded.RssMb:F0} | {loaded.AnonMb:F0} / {loaded.FileMb:F0} / {loaded.ShmemMb:F0} | {loaded.PeakMb:F0} | {target} |"));
}

if (options.Only != "memory")
{
    await ReplicaVisibility.RunAsync(topology);
}
else
{
    // What the idle resident set is made of, per process: its threads by name and its largest mappings (issue 13, item 4).
    foreach (var (name, pid) in processes)
    {
        Console.WriteLine();
        Console.WriteLine($"{name}: threads by name: {ProcessMemory.ThreadNames(pid)}");
        Console.WriteLine($"{name}: largest mappings (resident MB, by file or kind): {ProcessMemory.LargestMappings(pid, 14)}");
    }
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

/// <summary>
/// The .NET processes of this benchmark's topology by resource name: those whose command line runs the resource's
/// assembly and whose environment carries this run's state folder (another engineer's topology on the same
/// machine runs the same assemblies).
/// </summary>
internal static class TopologyProcesses
{
    private static readonly Dictionary<string, string> Assemblies = new()
    {
        [ResourceNames.Membership] = "Gacere.Membership.dll",
        [ResourceNames.PolicyMapping] = "Gacere.PolicyMapping.dll",
        [ResourceNames.Partnerships] = "Gacere.Partnerships.dll",
        [ResourceNames.Events] = "Gacere.Events.dll",
        [ResourceNames.Gateway] = "Gacere.Gateway.dll",
    };

    public static IReadOnlyList<(string Name, int Pid)> Find(string stateDirectory)
    {
        var marker = $"GACERE_DEVHOST_STATE={stateDirectory}";
        var candidates = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .Select(pid => (Pid: pid, CommandLine: TryRead($"/proc/{pid}/cmdline"), Environment: TryRead($"/proc/{pid}/environ")))
            .Where(p => p.Environment?.Split('\0').Contains(marker) == true)
            .ToList();
        return [.. ResourceNames.Services.Append(ResourceNames.Gateway).Select(name =>
        {
            var assembly = Assemblies[name];
            var process = candidates.Where(p => p.CommandLine?.Split('\0').Any(a => a.EndsWith(assembly, StringComparison.Ordinal)) == true).ToList();
            return process.Count == 1
                ? (name, process[0].Pid)
                : throw new InvalidOperationException($"Expected one {assembly} process of this run, found {process.Count}.");
        })];
    }

    public static string? TryRead(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>CPU time (user + system) of the gateway and membership processes, read from /proc.</summary>
internal sealed class ProcessCpu(IReadOnlyList<(string Name, int Pid)> processes)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int _gateway = processes.Single(p => p.Name == ResourceNames.Gateway).Pid;
    private readonly int _membership = processes.Single(p => p.Name == ResourceNames.Membership).Pid;

    public (TimeSpan Gateway, TimeSpan Membership) Read() => (Cpu(_gateway), Cpu(_membership));

    private static TimeSpan Cpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond);
    }
}

/// <summary>
/// Resident set (VmRSS, what <c>ps</c> and the issue's figures show), its parts (RssAnon, RssFile, RssShmem) and its peak
/// (VmHWM), from /proc/&lt;pid&gt;/status.
/// </summary>
internal static class ProcessMemory
{
    public const int Samples = 5;

    public readonly record struct Reading(double RssMb, double AnonMb, double FileMb, double ShmemMb, double PeakMb, int Threads);

    /// <summary>The median of <see cref="Samples"/> reads one second apart, per process.</summary>
    public static IReadOnlyDictionary<string, Reading> Sample(IReadOnlyList<(string Name, int Pid)> processes)
    {
        var reads = processes.ToDictionary(p => p.Name, _ => new List<Reading>());
        for (var i = 0; i < Samples; i++)
        {
            if (i > 0)
            {
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }
            foreach (var (name, pid) in processes)
            {
                reads[name].Add(Read(pid));
            }
        }
        // The read with the median RSS, parts and all (so that they add up), and the highest peak.
        return reads.ToDictionary(r => r.Key, r => r.Value.OrderBy(x => x.RssMb).ElementAt(Samples / 2) with { PeakMb = r.Value.Max(x => x.PeakMb) });
    }

    /// <summary>The process's threads grouped by name (/proc/&lt;pid&gt;/task/*/comm), most numerous first.</summary>
    public static string ThreadNames(int pid) => string.Join(", ", Directory.GetDirectories($"/proc/{pid}/task")
        .Select(task => { try { return File.ReadAllText(Path.Combine(task, "comm")).Trim(); } catch (IOException) { return "?"; } })
        .GroupBy(n => n).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} x{g.Count()}"));

    /// <summary>Resident kB of /proc/&lt;pid&gt;/smaps summed by the mapping's file (or [heap], [stack], anonymous), the largest first.</summary>
    public static string LargestMappings(int pid, int count)
    {
        var sums = new Dictionary<string, double>();
        var current = "";
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Contains('-', StringComparison.Ordinal) && !line.EndsWith(':'))
            {
                // A mapping's header: address range, permissions, offset, device, inode, then the path if any.
                current = fields.Length >= 6 ? Path.GetFileName(string.Join(' ', fields[5..])) : $"anonymous {fields[1]}";
                if (current.Length == 0)
                {
                    current = string.Join(' ', fields[5..]);
                }
            }
            else if (fields.Length >= 2 && fields[0] == "Rss:")
            {
                sums[current] = sums.GetValueOrDefault(current) + double.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }
        return string.Join(", ", sums.OrderByDescending(s => s.Value).Take(count)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value / 1024:F1}")));
    }

    private static Reading Read(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        return new Reading(Kilobytes("VmRSS:") / 1024, Kilobytes("RssAnon:") / 1024, Kilobytes("RssFile:") / 1024,
            Kilobytes("RssShmem:") / 1024, Kilobytes("VmHWM:") / 1024, (int)Kilobytes("Threads:"));

        double Kilobytes(string field) => double.Parse(
            status.Single(line => line.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim().Split(' ')[0],
            CultureInfo.InvariantCulture);
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

internal sealed record GatewayBenchArguments(
    TimeSpan Duration, int Concurrency, int Rounds, int Rate, TimeSpan Settle, Dictionary<string, string> Environment, Dictionary<string, string> GatewayEnvironment,
    string? Only = null)
{
    public static GatewayBenchArguments Parse(string[] args)
    {
        var seconds = 8;
        var concurrency = 16;
        var rounds = 2;
        var rate = 200;
        var settle = 15;
        var environment = new Dictionary<string, string>();
        var gatewayEnvironment = new Dictionary<string, string>();
        string? only = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] is "--env" or "--gateway-env")
            {
                var pair = args[i + 1].Split('=', 2);
                (args[i] == "--env" ? environment : gatewayEnvironment)[pair[0]] = pair.Length == 2 ? pair[1] : "";
                continue;
            }
            if (args[i] == "--only")
            {
                // One scenario alone (a profile of the submission path needs no reads before it).
                only = args[i + 1];
                continue;
            }
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--seconds": seconds = value; break;
                case "--concurrency": concurrency = value; break;
                case "--rounds": rounds = value; break;
                case "--rate": rate = value; break;
                case "--settle": settle = value; break;
                default: throw new ArgumentException($"Unknown option {args[i]}; use --seconds, --concurrency, --rounds, --rate, --settle, --only, --env, --gateway-env.");
            }
        }
        return new GatewayBenchArguments(TimeSpan.FromSeconds(seconds), concurrency, rounds, rate, TimeSpan.FromSeconds(settle), environment, gatewayEnvironment, only);
    }
}
