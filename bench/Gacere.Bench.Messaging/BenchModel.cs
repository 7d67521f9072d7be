using System.Collections.Concurrent;
using System.Diagnostics;
using Gacere.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Gacere.Bench.Messaging;

/// <summary>The benchmark's event: carries the producer's timestamp so the consumer can measure end to end.</summary>
public sealed record ProbeRecorded(Guid Id, long WrittenAt);

public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    public DbSet<BusinessRow> BusinessRows => Set<BusinessRow>();
    public DbSet<EffectRow> EffectRows => Set<EffectRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("bench");
        modelBuilder.Entity<BusinessRow>().HasKey(r => r.Id);
        modelBuilder.Entity<EffectRow>().HasKey(r => r.Id);
        modelBuilder.AddOutboxAndInbox();
    }
}

public sealed class BusinessRow
{
    public Guid Id { get; init; }
    public DateTimeOffset At { get; init; }
}

public sealed class EffectRow
{
    public Guid Id { get; init; }
}

/// <summary>Collects end-to-end latencies of one measured run.</summary>
public sealed class LatencyRecorder
{
    private ConcurrentBag<double> _latenciesMs = [];
    private int _count;
    private long _lastAt;

    public int Count => Volatile.Read(ref _count);
    public long LastAt => Interlocked.Read(ref _lastAt);

    public void Record(long writtenAt)
    {
        var now = Stopwatch.GetTimestamp();
        _latenciesMs.Add(Stopwatch.GetElapsedTime(writtenAt, now).TotalMilliseconds);
        Interlocked.Exchange(ref _lastAt, now);
        Interlocked.Increment(ref _count);
    }

    public double[] TakeSorted()
    {
        var sorted = _latenciesMs.ToArray();
        Array.Sort(sorted);
        _latenciesMs = [];
        Interlocked.Exchange(ref _count, 0);
        return sorted;
    }
}

/// <summary>Baseline consumer: no database, the cheapest possible consume.</summary>
public sealed class PlainConsumer(LatencyRecorder recorder) : IConsumer<ProbeRecorded>
{
    public Task Consume(ConsumeContext<ProbeRecorded> context)
    {
        recorder.Record(context.Message.WrittenAt);
        return Task.CompletedTask;
    }
}

/// <summary>The platform's consumer: effect and inbox record in one transaction.</summary>
public sealed class InboxConsumer(BenchDbContext db, LatencyRecorder recorder, ILogger<InboxConsumer> logger)
    : IdempotentConsumer<ProbeRecorded, BenchDbContext>(db, logger)
{
    protected override Task HandleAsync(ConsumeContext<ProbeRecorded> context, CancellationToken cancellationToken)
    {
        Db.EffectRows.Add(new EffectRow { Id = context.Message.Id });
        return Task.CompletedTask;
    }

    public override async Task Consume(ConsumeContext<ProbeRecorded> context)
    {
        await base.Consume(context);
        recorder.Record(context.Message.WrittenAt);
    }
}
