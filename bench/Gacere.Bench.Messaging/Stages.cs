using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Gacere.Messaging;

namespace Gacere.Bench.Messaging;

/// <summary>
/// Per outbox message, when it passed each stage: the business write began, its commit returned, a relay pass claimed
/// it, the broker confirmed it, the relay's transaction marking it sent committed, and the consumer had it. Keyed by
/// the outbox row's id, which is the message's MessageId on the bus.
/// </summary>
public sealed class StageRecorder
{
    private const int AtWritten = 0, AtCommitted = 1, AtClaimed = 2, AtConfirmed = 3, AtMarked = 4, AtConsumed = 5, Slots = 6;

    private ConcurrentDictionary<Guid, long[]> _stages = new();
    private ConcurrentDictionary<Guid, RelayWake> _woken = new();

    /// <summary>The relay's side, registered in the producing host.</summary>
    internal IOutboxRelayObserver Observer => new RelayObserver(this);

    public void Committed(Guid messageId, long writtenAt)
    {
        var slots = Slot(messageId);
        slots[AtWritten] = writtenAt;
        slots[AtCommitted] = Stopwatch.GetTimestamp();
    }

    public void ConsumedNow(Guid? messageId)
    {
        if (messageId is { } id)
        {
            Slot(id)[AtConsumed] = Stopwatch.GetTimestamp();
        }
    }

    private long[] Slot(Guid messageId) => _stages.GetOrAdd(messageId, static _ => new long[Slots]);

    private void Stamp(IEnumerable<Guid> messageIds, int stage)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var id in messageIds)
        {
            Slot(id)[stage] = now;
        }
    }

    /// <summary>The stage durations of one run, then a fresh start for the next.</summary>
    internal StageBreakdown? Take()
    {
        var stages = Interlocked.Exchange(ref _stages, new());
        var woken = Interlocked.Exchange(ref _woken, new());
        var complete = stages.Values.Where(s => s.All(t => t != 0)).ToList();
        if (complete.Count == 0)
        {
            return null;
        }
        static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
        var rows = complete.Select(s => new StageTimes(
            Ms(s[AtWritten], s[AtCommitted]), Ms(s[AtCommitted], s[AtClaimed]), Ms(s[AtClaimed], s[AtConfirmed]),
            Ms(s[AtClaimed], s[AtConsumed]), Ms(s[AtConfirmed], s[AtMarked]), Ms(s[AtWritten], s[AtConsumed]))).ToList();
        var wakes = woken.Values.GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        return new StageBreakdown(rows, wakes);
    }

    private sealed class RelayObserver(StageRecorder recorder) : IOutboxRelayObserver
    {
        public Task PublishedAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken) => Task.CompletedTask;

        public void Claimed(IReadOnlyList<Guid> messageIds, RelayWake woken)
        {
            recorder.Stamp(messageIds, StageRecorder.AtClaimed);
            foreach (var id in messageIds)
            {
                recorder._woken[id] = woken;
            }
        }

        public void Confirmed(Guid messageId) => recorder.Slot(messageId)[StageRecorder.AtConfirmed] = Stopwatch.GetTimestamp();

        public void Committed(IReadOnlyList<Guid> messageIds) => recorder.Stamp(messageIds, StageRecorder.AtMarked);
    }
}

/// <param name="Write">Business write begun → its commit returned (the outbox row is visible).</param>
/// <param name="WaitForClaim">Commit → a relay pass claimed the row.</param>
/// <param name="Publish">Claim → the broker's confirm of this row.</param>
/// <param name="Deliver">Claim → the consumer had it (may precede the confirm).</param>
/// <param name="Mark">Confirm → the relay's transaction marking the row sent committed (the pass is busy until then).</param>
/// <param name="Total">Business write begun → consumed, as the bench's latency.</param>
public readonly record struct StageTimes(double Write, double WaitForClaim, double Publish, double Deliver, double Mark, double Total);

/// <summary>Stage durations of one run's messages, and by what each message's claim was started.</summary>
internal sealed record StageBreakdown(List<StageTimes> Rows, Dictionary<RelayWake, int> Wakes)
{
    public static readonly (string Name, Func<StageTimes, double> Of)[] Stages =
    [
        ("write → commit", s => s.Write),
        ("commit → claim", s => s.WaitForClaim),
        ("claim → confirm", s => s.Publish),
        ("claim → consumed", s => s.Deliver),
        ("confirm → marked sent", s => s.Mark),
        ("total", s => s.Total),
    ];

    public double Percentile(Func<StageTimes, double> stage, double p) => Scenario.Percentile(Rows.Select(stage).Order().ToArray(), p);

    /// <summary>Of the slowest 1 % of messages (by total), the mean of each stage: where the tail's time went.</summary>
    public double TailMean(Func<StageTimes, double> stage)
    {
        var tail = Rows.OrderByDescending(r => r.Total).Take(Math.Max(1, Rows.Count / 100)).ToList();
        return tail.Count == 0 ? double.NaN : tail.Average(stage);
    }

    public string WakeSummary() =>
        string.Join(", ", Enum.GetValues<RelayWake>().Select(w => $"{w.ToString().ToLowerInvariant()} {Wakes.GetValueOrDefault(w)}"));

    public string OneLine() =>
        string.Join("; ", Stages.Select(s => $"{s.Name} p50 {F(Percentile(s.Of, 0.5))} p99 {F(Percentile(s.Of, 0.99))}")) +
        $"; tail 1 %: {string.Join(", ", Stages.Select(s => $"{s.Name} {F(TailMean(s.Of))}"))}; rows claimed after {WakeSummary()}";

    private static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
