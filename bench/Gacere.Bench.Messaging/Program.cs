using System.Diagnostics;
using System.Globalization;
using Gacere;
using Gacere.Bench.Messaging;
using Gacere.DevHost;
using Gacere.Testing;
using Npgsql;

// Usage: ./gacere bench messaging [--messages 3000] [--rate 200] [--seconds 10] [--rounds 3] [--pg-stat]
var options = BenchArguments.Parse(args);
Console.WriteLine($"Starting PostgreSQL and RabbitMQ ({Environment.ProcessorCount} cores)...");
await using var servers = await LocalServers.StartAsync(new LocalServersOptions { Databases = [] });
if (options.PgStat)
{
    await PgStat.EnableAsync(servers);
}

// Every path stays up for the whole run, each on its own message type, so the rounds interleave:
// A B A B A B, each outbox path right after its baseline, and drift on a shared machine hits both alike.
var order = new[] { BenchPath.DualWrite, BenchPath.Outbox, BenchPath.DualWriteEffect, BenchPath.OutboxInbox, BenchPath.Bus };
var scenarios = new Dictionary<BenchPath, Scenario>();
foreach (var path in order)
{
    scenarios[path] = await Scenario.StartAsync(path, servers);
}
foreach (var scenario in scenarios.Values)
{
    await scenario.RunAsync(300, rate: null, cpu: null); // warm-up: JIT, connection pools, queue declarations
}
if (options.PgStat)
{
    await PgStat.ResetAsync(servers);
}

var cpu = new ProcessCpu(servers);
var results = new List<BenchResult>();
for (var round = 1; round <= options.Rounds; round++)
{
    Console.WriteLine($"Round {round} of {options.Rounds}");
    foreach (var path in order)
    {
        results.Add(await scenarios[path].RunAsync(options.Messages, rate: null, cpu) with { Round = round });
        results.Add(await scenarios[path].RunAsync(options.Rate * options.Seconds, rate: options.Rate, cpu) with { Round = round });
    }
}
foreach (var scenario in scenarios.Values)
{
    await scenario.DisposeAsync();
}

Report.Print(results, order, options);
if (options.PgStat)
{
    var databases = new Dictionary<string, (string Label, int Messages)>();
    foreach (var scenario in scenarios.Values)
    {
        var delivered = results.Where(r => r.Path == scenario.Path).Sum(r => r.Received);
        databases[scenario.ProducerDatabase] = ($"{scenario.Path.Label()}: producer", delivered);
        databases[scenario.ConsumerDatabase] = ($"{scenario.Path.Label()}: consumer", delivered);
    }
    await PgStat.PrintAsync(servers, databases);
}

internal enum BenchPath { Bus, DualWrite, Outbox, DualWriteEffect, OutboxInbox }

internal static class BenchPathLabels
{
    public static string Label(this BenchPath path) => path switch
    {
        BenchPath.Bus => "bare bus: publish → consume",
        BenchPath.DualWrite => "dual write: commit, publish → consume",
        BenchPath.Outbox => "outbox → consume",
        BenchPath.DualWriteEffect => "dual write → plain effect",
        _ => "outbox → inbox consumer",
    };

    /// <summary>The baseline an outbox path is measured against (a service without the outbox and inbox).</summary>
    public static BenchPath? Baseline(this BenchPath path) => path switch
    {
        BenchPath.Outbox => BenchPath.DualWrite,
        BenchPath.OutboxInbox => BenchPath.DualWriteEffect,
        _ => null,
    };
}

internal sealed record BenchResult(
    BenchPath Path, bool Saturation, int Messages, int Received, double Throughput, double P50, double P99, double Max, CpuPerMessage Cpu)
{
    public int Round { get; init; }

    /// <summary>Per-stage durations of an outbox path's messages; null for the paths without an outbox.</summary>
    public StageBreakdown? Stages { get; init; }
}

/// <summary>Milliseconds of CPU (user + system) per message delivered, per process.</summary>
internal sealed record CpuPerMessage(double Bench, double Postgres, double RabbitMq);

internal sealed record BenchArguments(int Messages, int Rate, int Seconds, int Rounds, bool PgStat)
{
    public static BenchArguments Parse(string[] args)
    {
        int Value(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
        }
        return new BenchArguments(
            Value("--messages", 3000), Value("--rate", 200), Value("--seconds", 10), Math.Max(1, Value("--rounds", 3)), args.Contains("--pg-stat"));
    }
}

/// <summary>
/// CPU time of the processes a message passes through, from /proc: this process (publisher, outbox relay and
/// consumer all run in it), PostgreSQL (postmaster and every backend) and RabbitMQ (the Erlang VM and helpers).
/// </summary>
internal sealed class ProcessCpu(LocalServers servers)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public readonly record struct Snapshot(Dictionary<int, (string Name, long Ticks)> Processes);

    public Snapshot Read()
    {
        var processes = new Dictionary<int, (string, long)>();
        foreach (var pid in servers.ProcessIds.Append(Environment.ProcessId))
        {
            if (Stat(pid) is { } stat)
            {
                processes[pid] = stat;
            }
        }
        return new Snapshot(processes);
    }

    /// <summary>
    /// A backend started during the run counts from zero; one that exited during it is lost (the pools keep
    /// their connections, so that is rare).
    /// </summary>
    public CpuPerMessage PerMessage(Snapshot before, Snapshot after, int messages)
    {
        double Sum(Func<int, string, bool> which) => after.Processes
            .Where(p => which(p.Key, p.Value.Name))
            .Sum(p => p.Value.Ticks - (before.Processes.TryGetValue(p.Key, out var b) ? b.Ticks : 0)) / TicksPerSecond * 1000 / Math.Max(1, messages);
        return new CpuPerMessage(
            Sum((pid, _) => pid == Environment.ProcessId),
            Sum((_, name) => name.StartsWith("postgres", StringComparison.Ordinal)),
            Sum((_, name) => name is "beam.smp" or "epmd" or "erl_child_setup" or "inet_gethost"));
    }

    private static (string Name, long Ticks)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            return (stat[(open + 1)..close],
                long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null; // exited
        }
    }
}

internal static class Report
{
    public static void Print(List<BenchResult> results, BenchPath[] order, BenchArguments options)
    {
        Console.WriteLine();
        Console.WriteLine($"Medians of {options.Rounds} interleaved rounds, [min–max] across rounds; CPU in ms per message.");
        Console.WriteLine();
        Console.WriteLine("| path | load | throughput (msg/s) | p50 (ms) | p99 (ms) | CPU bench process | CPU PostgreSQL | CPU RabbitMQ |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var saturation in new[] { true, false })
        {
            foreach (var path in order)
            {
                var runs = results.Where(r => r.Path == path && r.Saturation == saturation).ToList();
                var load = saturation ? "saturated" : $"{options.Rate}/s";
                Console.WriteLine(
                    $"| {path.Label()} | {load} | {Spread(runs, r => r.Throughput, "F0")} | {Spread(runs, r => r.P50, "F1")} | {Spread(runs, r => r.P99, "F1")} " +
                    $"| {Median(runs.Select(r => r.Cpu.Bench)):F3} | {Median(runs.Select(r => r.Cpu.Postgres)):F3} | {Median(runs.Select(r => r.Cpu.RabbitMq)):F3} |");
            }
        }

        Console.WriteLine();
        Console.WriteLine("| figure | median [min–max of the rounds] | target | |");
        Console.WriteLine("|---|---:|---:|---|");
        foreach (var (path, target) in new[] { (BenchPath.Outbox, 0.85), (BenchPath.OutboxInbox, 0.75) })
        {
            var baseline = path.Baseline()!.Value;
            var shares = Shares(results, path, baseline);
            var bus = Shares(results, path, BenchPath.Bus);
            Console.WriteLine($"| {path.Label()}, saturated, share of {baseline.Label()} | {Spread(shares, s => s, "P0")} | ≥ {target:P0} | {(Median(shares) >= target ? "met" : "NOT met")} |");
            Console.WriteLine($"| {path.Label()}, saturated, share of the bare bus | {Spread(bus, s => s, "P0")} | (reported) | |");
        }
        foreach (var path in new[] { BenchPath.Outbox, BenchPath.OutboxInbox })
        {
            var p99 = results.Where(r => r.Path == path && !r.Saturation).Select(r => r.P99).ToList();
            Console.WriteLine($"| {path.Label()}, p99 at {options.Rate}/s | {Spread(p99, s => s, "F1")} ms | < 25 ms | {(Median(p99) < 25 ? "met" : "NOT met")} |");
        }

        Console.WriteLine();
        Console.WriteLine("Outbox paths, per stage (ms): p50 and p99 of each stage, medians [min–max] of the rounds; \"tail\" is the mean of");
        Console.WriteLine("the stage over the slowest 1 % of messages (by total), median of the rounds: where the tail's time goes.");
        Console.WriteLine();
        Console.WriteLine("| path | load | stage | p50 | p99 | tail (slowest 1 %) |");
        Console.WriteLine("|---|---|---|---:|---:|---:|");
        foreach (var saturation in new[] { false, true })
        {
            foreach (var path in new[] { BenchPath.Outbox, BenchPath.OutboxInbox })
            {
                var runs = results.Where(r => r.Path == path && r.Saturation == saturation && r.Stages is not null).Select(r => r.Stages!).ToList();
                if (runs.Count == 0)
                {
                    continue;
                }
                var load = saturation ? "saturated" : $"{options.Rate}/s";
                foreach (var (name, of) in StageBreakdown.Stages)
                {
                    Console.WriteLine($"| {path.Label()} | {load} | {name} | {Spread(runs, r => r.Percentile(of, 0.5), "F1")} " +
                        $"| {Spread(runs, r => r.Percentile(of, 0.99), "F1")} | {Spread(runs, r => r.TailMean(of), "F1")} |");
                }
                Console.WriteLine($"| {path.Label()} | {load} | rows claimed after (per round) | {string.Join(" · ", runs.Select(r => r.WakeSummary()))} | | |");
            }
        }
    }

    /// <summary>Per round: the path's saturated throughput over its baseline's in the same round.</summary>
    private static List<double> Shares(List<BenchResult> results, BenchPath path, BenchPath baseline) =>
        [.. results.Where(r => r.Path == path && r.Saturation)
            .Join(results.Where(r => r.Path == baseline && r.Saturation), r => r.Round, r => r.Round, (a, b) => a.Throughput / b.Throughput)];

    private static string Spread<T>(IReadOnlyCollection<T> runs, Func<T, double> value, string format)
    {
        var values = runs.Select(value).ToList();
        return values.Count == 0 ? "–" : values.Count == 1
            ? values[0].ToString(format, CultureInfo.InvariantCulture)
            : $"{Median(values).ToString(format, CultureInfo.InvariantCulture)} [{values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)}]";
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>
/// PostgreSQL's pg_stat_statements over the measured rounds (<c>--pg-stat</c>): the statements the paths send,
/// with calls per delivered message, so round trips per message can be read off.
/// </summary>
internal static class PgStat
{
    public static async Task EnableAsync(LocalServers servers)
    {
        await ExecuteAsync(servers, "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
        await servers.StopServerAsync(ResourceNames.Postgres);
        await servers.StartServerAsync(ResourceNames.Postgres);
        NpgsqlConnection.ClearAllPools(); // the restart ended the pooled connections
        await ExecuteAsync(servers, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }

    public static Task ResetAsync(LocalServers servers) => ExecuteAsync(servers, "SELECT pg_stat_statements_reset()");

    public static async Task PrintAsync(LocalServers servers, Dictionary<string, (string Label, int Messages)> databases)
    {
        await using var connection = new NpgsqlConnection(servers.PostgresConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT d.datname, s.calls, s.total_exec_time, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 100) " +
            "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE s.calls >= 50 ORDER BY d.datname, s.calls DESC", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Console.WriteLine();
        Console.WriteLine("pg_stat_statements over the measured rounds: statements per message delivered, per path and side.");
        Console.WriteLine("| path: side | calls per message | exec ms per message | statement |");
        Console.WriteLine("|---|---:|---:|---|");
        var rows = new List<(string Label, double Calls, double Ms, string Query)>();
        while (await reader.ReadAsync())
        {
            if (databases.TryGetValue(reader.GetString(0), out var database) && database.Messages > 0)
            {
                rows.Add((database.Label, (double)reader.GetInt64(1) / database.Messages, reader.GetDouble(2) / database.Messages, reader.GetString(3)));
            }
        }
        foreach (var row in rows.OrderBy(r => r.Label, StringComparer.Ordinal).ThenByDescending(r => r.Calls))
        {
            Console.WriteLine($"| {row.Label} | {row.Calls:F2} | {row.Ms:F3} | `{row.Query.Replace("|", "\\|", StringComparison.Ordinal)}` |");
        }
    }

    private static async Task ExecuteAsync(LocalServers servers, string sql)
    {
        await using var connection = new NpgsqlConnection(servers.PostgresConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
