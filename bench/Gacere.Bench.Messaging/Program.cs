using System.Diagnostics;
using Gacere.Bench.Messaging;
using Gacere.DevHost;
using Gacere.Messaging;
using Gacere.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

// Usage: ./gacere bench messaging [--messages 3000] [--rate 200] [--seconds 10]
var options = BenchArguments.Parse(args);
Console.WriteLine($"Starting PostgreSQL and RabbitMQ ({Environment.ProcessorCount} cores)...");
await using var servers = await LocalServers.StartAsync(new LocalServersOptions { Databases = [] });

var results = new List<BenchResult>();
foreach (var path in new[] { BenchPath.Baseline, BenchPath.OutboxPlainConsumer, BenchPath.OutboxInboxConsumer })
{
    await using var scenario = await Scenario.StartAsync(path, servers);
    await scenario.RunAsync(200, rate: null); // warm-up: JIT, connection pools, queue declarations
    results.Add(await scenario.RunAsync(options.Messages, rate: null));
    results.Add(await scenario.RunAsync(options.Rate * options.Seconds, rate: options.Rate));
}

Console.WriteLine();
Console.WriteLine("| path | load | messages | throughput (msg/s) | p50 (ms) | p99 (ms) | max (ms) |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
foreach (var r in results)
{
    Console.WriteLine($"| {r.Path.Label()} | {r.Load} | {r.Messages} | {r.Throughput:F0} | {r.P50:F1} | {r.P99:F1} | {r.Max:F1} |");
}

var baseline = results.First(r => r.Path == BenchPath.Baseline && r.Saturation);
Console.WriteLine();
foreach (var outbox in results.Where(r => r.Path != BenchPath.Baseline))
{
    if (outbox.Saturation)
    {
        var share = outbox.Throughput / baseline.Throughput;
        Console.WriteLine($"{outbox.Path.Label()}: {share:P0} of the baseline's saturated throughput (target >= 70 %): {(share >= 0.70 ? "met" : "NOT met")}");
    }
    else
    {
        Console.WriteLine($"{outbox.Path.Label()}: p99 {outbox.P99:F1} ms at {options.Rate}/s (target < 100 ms): {(outbox.P99 < 100 ? "met" : "NOT met")}");
    }
}

internal enum BenchPath { Baseline, OutboxPlainConsumer, OutboxInboxConsumer }

internal static class BenchPathLabels
{
    public static string Label(this BenchPath path) => path switch
    {
        BenchPath.Baseline => "baseline: publish → consume",
        BenchPath.OutboxPlainConsumer => "outbox → consume",
        _ => "outbox → inbox consumer",
    };
}

internal sealed record BenchResult(BenchPath Path, string Load, bool Saturation, int Messages, double Throughput, double P50, double P99, double Max);

internal sealed record BenchArguments(int Messages, int Rate, int Seconds)
{
    public static BenchArguments Parse(string[] args)
    {
        int Value(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
        }
        return new BenchArguments(Value("--messages", 3000), Value("--rate", 200), Value("--seconds", 10));
    }
}

/// <summary>One path under test: a producing host and a consuming host on their own queue.</summary>
internal sealed class Scenario : IAsyncDisposable
{
    private const int Writers = 8;
    private readonly BenchPath _path;
    private readonly LocalServers _servers;
    private readonly string _queue;
    private readonly LatencyRecorder _recorder = new();
    private IHost _producer = null!;
    private IHost _consumer = null!;

    private Scenario(BenchPath path, LocalServers servers)
    {
        _path = path;
        _servers = servers;
        _queue = $"bench-{path.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..40];
    }

    public static async Task<Scenario> StartAsync(BenchPath path, LocalServers servers)
    {
        var scenario = new Scenario(path, servers);
        await scenario.StartHostsAsync();
        return scenario;
    }

    private async Task StartHostsAsync()
    {
        var producerDb = await CreateDatabaseAsync("producer");
        var consumerDb = await CreateDatabaseAsync("consumer");
        _producer = await MessagingHost.StartAsync<BenchDbContext>("bench-producer", producerDb, _servers.RabbitMqConnectionString);
        _consumer = await MessagingHost.StartAsync<BenchDbContext>(
            "bench-consumer", consumerDb, _servers.RabbitMqConnectionString,
            bus =>
            {
                if (_path == BenchPath.OutboxInboxConsumer)
                {
                    bus.AddConsumer<InboxConsumer>().Endpoint(e => e.Name = _queue);
                }
                else
                {
                    bus.AddConsumer<PlainConsumer>().Endpoint(e => e.Name = _queue);
                }
            },
            services => services.AddSingleton(_recorder));
        // MessagingHost returns once the consumer's queue is bound, so nothing is published into the void.
    }

    private async Task<string> CreateDatabaseAsync(string role)
    {
        var name = $"bench_{role}_{Guid.NewGuid():N}"[..30];
        await _servers.CreateDatabaseAsync(name);
        return _servers.PostgresConnectionString(name);
    }

    public async Task<BenchResult> RunAsync(int messages, int? rate)
    {
        _recorder.TakeSorted();
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var interval = rate is { } perSecond ? Stopwatch.Frequency / perSecond : 0;

        async Task WriterAsync()
        {
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= messages)
                {
                    return;
                }
                if (interval > 0)
                {
                    var due = started + index * interval;
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }
                }
                await WriteAsync();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(WriterAsync)));
        var written = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"  {_path.Label()}: {messages} writes in {written.TotalMilliseconds:F0} ms ({messages / written.TotalSeconds:F0}/s), {_recorder.Count} received by then");
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (_recorder.Count < messages && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }
        var received = _recorder.Count;
        var elapsed = Stopwatch.GetElapsedTime(started, _recorder.LastAt);
        var latencies = _recorder.TakeSorted();
        if (received < messages)
        {
            Console.WriteLine($"  {_path.Label()}: only {received} of {messages} messages arrived within the deadline");
        }
        return new BenchResult(
            _path, rate is null ? "saturation" : $"{rate}/s", rate is null, messages,
            received / elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.LastOrDefault());
    }

    private async Task WriteAsync()
    {
        var probe = new ProbeRecorded(Guid.NewGuid(), Stopwatch.GetTimestamp());
        if (_path == BenchPath.Baseline)
        {
            await _producer.Services.GetRequiredService<IBus>().Publish(probe);
            return;
        }
        await using var scope = _producer.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
        db.BusinessRows.Add(new BusinessRow { Id = probe.Id, At = DateTimeOffset.UtcNow });
        db.AddIntegrationEvent(probe);
        await db.SaveChangesAsync();
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public async ValueTask DisposeAsync()
    {
        await _producer.StopAsync();
        await _consumer.StopAsync();
        _producer.Dispose();
        _consumer.Dispose();
        // The queue is bound to the shared exchange: remove it so later scenarios do not feed it.
        var factory = new ConnectionFactory { Uri = new Uri(_servers.RabbitMqConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(_queue);
    }
}
