using System.Collections.Concurrent;
using System.Diagnostics;
using Gacere.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Gacere.Bench.Messaging;

/// <summary>A benchmark event: carries the producer's timestamp so the consumer can measure end to end.</summary>
public interface IProbe
{
    Guid Id { get; }
    long WrittenAt { get; }
}

// One message type per path: every scenario's queue is bound to its own type's exchange, so all scenarios can stay
// up at once (runs interleave) without a publish of one path feeding another path's queue.
public sealed record BusProbe(Guid Id, long WrittenAt) : IProbe;
public sealed record DualWriteProbe(Guid Id, long WrittenAt) : IProbe;
public sealed record OutboxProbe(Guid Id, long WrittenAt) : IProbe;
public sealed record DualWriteEffectProbe(Guid Id, long WrittenAt) : IProbe;
public sealed record OutboxInboxProbe(Guid Id, long WrittenAt) : IProbe;

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

/// <summary>The bus's ceiling on the consuming side: no database, the cheapest possible consume.</summary>
public sealed class PlainConsumer<TProbe>(LatencyRecorder recorder, StageRecorder stages) : IConsumer<TProbe> where TProbe : class, IProbe
{
    public Task Consume(ConsumeContext<TProbe> context)
    {
        stages.ConsumedNow(context.MessageId);
        recorder.Record(context.Message.WrittenAt);
        return Task.CompletedTask;
    }
}

/// <summary>
/// The consumer a service without an inbox would write: the same effect row, saved without deduplication
/// (a redelivery would apply it twice). The baseline of the inbox consumer.
/// </summary>
public sealed class PlainEffectConsumer<TProbe>(BenchDbContext db, LatencyRecorder recorder) : IConsumer<TProbe> where TProbe : class, IProbe
{
    public async Task Consume(ConsumeContext<TProbe> context)
    {
        db.EffectRows.Add(new EffectRow { Id = context.Message.Id });
        await db.SaveChangesAsync(context.CancellationToken);
        recorder.Record(context.Message.WrittenAt);
    }
}

/// <summary>The platform's consumer: effect and inbox record in one transaction.</summary>
public sealed class InboxConsumer<TProbe>(BenchDbContext db, LatencyRecorder recorder, StageRecorder stages, ILogger<InboxConsumer<TProbe>> logger)
    : IdempotentConsumer<TProbe, BenchDbContext>(db, logger) where TProbe : class, IProbe
{
    protected override Task HandleAsync(ConsumeContext<TProbe> context, CancellationToken cancellationToken)
    {
        Db.EffectRows.Add(new EffectRow { Id = context.Message.Id });
        return Task.CompletedTask;
    }

    public override async Task Consume(ConsumeContext<TProbe> context)
    {
        await base.Consume(context);
        stages.ConsumedNow(context.MessageId);
        recorder.Record(context.Message.WrittenAt);
    }
}
