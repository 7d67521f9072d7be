using Microsoft.EntityFrameworkCore;

namespace Gacere.Messaging;

/// <summary>Wakes the relay as soon as a commit has made outbox rows visible, instead of waiting for the next poll.</summary>
internal sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        // At most one pending wake-up: the relay drains everything it finds when it runs.
        try { _signal.Release(); } catch (SemaphoreFullException) { }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
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
