using System.Diagnostics;
using Gacere.DevHost;
using Gacere.Messaging;
using Gacere.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gacere.Bench.Messaging;

/// <summary>One path under test: a producing host and a consuming host, with their own databases and message type.</summary>
internal sealed class Scenario : IAsyncDisposable
{
    private const int Writers = 8;
    private readonly LocalServers _servers;
    private readonly LatencyRecorder _recorder = new();
    private readonly StageRecorder _stages = new();
    private IHost _producer = null!;
    private IHost _consumer = null!;

    private Scenario(BenchPath path, LocalServers servers)
    {
        Path = path;
        _servers = servers;
        var run = Guid.NewGuid().ToString("N")[..8];
        ProducerDatabase = $"bench_{path.ToString().ToLowerInvariant()}_p_{run}";
        ConsumerDatabase = $"bench_{path.ToString().ToLowerInvariant()}_c_{run}";
    }

    public BenchPath Path { get; }
    public string ProducerDatabase { get; }
    public string ConsumerDatabase { get; }

    public static async Task<Scenario> StartAsync(BenchPath path, LocalServers servers)
    {
        var scenario = new Scenario(path, servers);
        await scenario.StartHostsAsync();
        return scenario;
    }

    private async Task StartHostsAsync()
    {
        await _servers.CreateDatabaseAsync(ProducerDatabase);
        await _servers.CreateDatabaseAsync(ConsumerDatabase);
        var queue = $"bench-{Path.ToString().ToLowerInvariant()}";
        _producer = await MessagingHost.StartAsync<BenchDbContext>(
            "bench-producer", _servers.PostgresConnectionString(ProducerDatabase), _servers.RabbitMqConnectionString,
            services: services => services.AddSingleton(_stages.Observer));
        _consumer = await MessagingHost.StartAsync<BenchDbContext>(
            "bench-consumer", _servers.PostgresConnectionString(ConsumerDatabase), _servers.RabbitMqConnectionString,
            bus =>
            {
                var consumer = Path switch
                {
                    BenchPath.Bus => typeof(PlainConsumer<BusProbe>),
                    BenchPath.DualWrite => typeof(PlainConsumer<DualWriteProbe>),
                    BenchPath.Outbox => typeof(PlainConsumer<OutboxProbe>),
                    BenchPath.DualWriteEffect => typeof(PlainEffectConsumer<DualWriteEffectProbe>),
                    _ => typeof(InboxConsumer<OutboxInboxProbe>),
                };
                bus.AddConsumer(consumer).Endpoint(e => e.Name = queue);
            },
            services => services.AddSingleton(_recorder).AddSingleton(_stages));
        // MessagingHost returns once the consumer's queue is bound, so nothing is published into the void.
    }

    public async Task<BenchResult> RunAsync(int messages, int? rate, ProcessCpu? cpu)
    {
        _recorder.TakeSorted();
        _stages.Take();
        var gcPauseBefore = GC.GetTotalPauseDuration();
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var next = -1;
        var before = cpu?.Read();
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
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (_recorder.Count < messages && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
        }
        var after = cpu?.Read();
        var received = _recorder.Count;
        var elapsed = Stopwatch.GetElapsedTime(started, _recorder.LastAt);
        var latencies = _recorder.TakeSorted();
        var load = rate is null ? "saturated" : $"{rate}/s";
        var gcPause = GC.GetTotalPauseDuration() - gcPauseBefore;
        var gcs = $"{GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}";
        Console.WriteLine($"  {Path.Label()}, {load}: {received} of {messages} in {elapsed.TotalMilliseconds:F0} ms ({received / elapsed.TotalSeconds:F0}/s), " +
            $"p99 {Percentile(latencies, 0.99):F1} ms, max {latencies.LastOrDefault():F1} ms; GC gen0/1/2 {gcs}, paused {gcPause.TotalMilliseconds:F0} ms (whole process)");
        var stages = _stages.Take();
        if (stages is not null)
        {
            Console.WriteLine($"    stages (ms): {stages.OneLine()}");
        }
        return new BenchResult(
            Path, rate is null, messages, received, received / elapsed.TotalSeconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.LastOrDefault(),
            cpu is null ? new CpuPerMessage(0, 0, 0) : cpu.PerMessage(before!.Value, after!.Value, received))
        {
            Stages = stages,
        };
    }

    private async Task WriteAsync()
    {
        var id = Guid.NewGuid();
        var at = Stopwatch.GetTimestamp();
        switch (Path)
        {
            case BenchPath.Bus:
                await _producer.Services.GetRequiredService<IBus>().Publish(new BusProbe(id, at));
                return;
            case BenchPath.DualWrite:
                // The same business write as the outbox paths, then a publish after the commit: what a service
                // without an outbox does (and loses the event if it dies between the two).
                await BusinessWriteAsync(id);
                await _producer.Services.GetRequiredService<IBus>().Publish(new DualWriteProbe(id, at));
                return;
            case BenchPath.DualWriteEffect:
                await BusinessWriteAsync(id);
                await _producer.Services.GetRequiredService<IBus>().Publish(new DualWriteEffectProbe(id, at));
                return;
            case BenchPath.Outbox:
            {
                OutboxMessage row = null!;
                await BusinessWriteAsync(id, db => row = db.AddIntegrationEvent(new OutboxProbe(id, at)));
                _stages.Committed(row.Id, at);
                return;
            }
            default:
            {
                OutboxMessage row = null!;
                await BusinessWriteAsync(id, db => row = db.AddIntegrationEvent(new OutboxInboxProbe(id, at)));
                _stages.Committed(row.Id, at);
                return;
            }
        }
    }

    private async Task BusinessWriteAsync(Guid id, Action<BenchDbContext>? addEvent = null)
    {
        await using var scope = _producer.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BenchDbContext>();
        db.BusinessRows.Add(new BusinessRow { Id = id, At = DateTimeOffset.UtcNow });
        addEvent?.Invoke(db);
        await db.SaveChangesAsync();
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public async ValueTask DisposeAsync()
    {
        await _producer.StopAsync();
        await _consumer.StopAsync();
        _producer.Dispose();
        _consumer.Dispose();
    }
}
