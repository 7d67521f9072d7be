using Microsoft.EntityFrameworkCore;

namespace Gacere.Messaging;

/// <summary>
/// Wakes the relay as soon as a commit has made outbox rows visible, instead of waiting for the next poll.
/// </summary>
/// <remarks>
/// A generation counter, not a single permit: each commit advances <see cref="Generation"/> and wakes one idle pass
/// (each waiting pass has a wake-up of its own). A pass reads the generation before it claims and, when it is done,
/// waits only if no commit came since: a commit made while every pass was busy is claimed by the first pass to
/// finish, and a commit made while a pass was idle wakes that pass. So no commit waits for a poll interval while a
/// pass is free, whichever pass a wake-up reaches. (The single permit it replaces could be taken by a pass that had
/// just finished, while the idle one slept on.) A pipelined pass that claimed rows only the lead pass may publish
/// (a message type not yet routed) hands them over with <see cref="WakeLead"/>: a commit's wake-up that reached the
/// pipelined pass is then not lost for the lead pass.
/// </remarks>
internal sealed class OutboxSignal
{
    private readonly Lock _gate = new();
    private readonly LinkedList<(TaskCompletionSource Wake, bool Lead)> _idle = new();
    private long _generation;
    private bool _leadWanted;

    /// <summary>Advances on every commit that wrote outbox rows; read it before a claim.</summary>
    public long Generation
    {
        get
        {
            lock (_gate)
            {
                return _generation;
            }
        }
    }

    public void Notify()
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            _generation++;
            if (_idle.First is { } first)
            {
                wake = first.Value.Wake;
                _idle.RemoveFirst();
            }
        }
        wake?.TrySetResult();
    }

    /// <summary>Wakes the lead pass now, or, when it is busy, makes its next wait return at once.</summary>
    public void WakeLead()
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            for (var node = _idle.First; node is not null; node = node.Next)
            {
                if (node.Value.Lead)
                {
                    wake = node.Value.Wake;
                    _idle.Remove(node);
                    break;
                }
            }
            _leadWanted = wake is null;
        }
        wake?.TrySetResult();
    }

    /// <summary>
    /// Returns at once when a commit came since <paramref name="seen"/> was read; otherwise waits for the next commit's
    /// wake-up or the timeout.
    /// </summary>
    /// <param name="lead">Whether the caller is the lead pass (woken by <see cref="WakeLead"/> too).</param>
    /// <returns>true when a commit woke the caller, false on timeout.</returns>
    public async Task<bool> WaitAsync(long seen, bool lead, TimeSpan timeout, CancellationToken cancellationToken)
    {
        TaskCompletionSource wake;
        LinkedListNode<(TaskCompletionSource, bool)> node;
        lock (_gate)
        {
            if (_generation != seen)
            {
                return true;
            }
            if (lead && _leadWanted)
            {
                _leadWanted = false;
                return true;
            }
            // Created only when the pass really waits: a draining pass returns above without one.
            wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _idle.AddLast((wake, lead));
        }
        try
        {
            // An idle relay times out every poll interval: that is not exceptional, so no TimeoutException per poll.
            await wake.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
            return wake.Task.IsCompleted;
        }
        finally
        {
            lock (_gate)
            {
                if (node.List is not null)
                {
                    _idle.Remove(node);
                }
            }
        }
    }
}

/// <summary>Notices outbox rows in a save and signals the relay once they are committed.</summary>
public sealed class OutboxCommitInterceptor : AfterCommitInterceptor
{
    private readonly OutboxSignal _signal;

    internal OutboxCommitInterceptor(OutboxSignal signal) => _signal = signal;

    protected override bool Concerns(DbContext context)
    {
        // An outbox row is Added the moment AddIntegrationEvent adds it, so no DetectChanges is needed to see it:
        // SaveChanges runs one over every tracked entity anyway, and this check must not run a second.
        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return tracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }

    protected override ValueTask OnCommittedAsync()
    {
        _signal.Notify();
        return ValueTask.CompletedTask;
    }
}
