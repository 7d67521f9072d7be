using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gacere.Messaging;

/// <summary>
/// Runs an action once a save that <see cref="Concerns"/> the subclass is committed: straight after
/// <c>SaveChanges</c>, or, inside an explicit transaction, after that transaction commits. A failed save
/// or a rollback runs nothing.
/// </summary>
public abstract class AfterCommitInterceptor : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> _awaitingCommit = new();

    /// <summary>Whether the pending save holds changes this interceptor acts on.</summary>
    protected abstract bool Concerns(DbContext context);

    /// <summary>What to do once those changes are visible to everyone.</summary>
    protected abstract ValueTask OnCommittedAsync();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Track(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Track(eventData.Context);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (CommittedBySave(eventData.Context))
        {
            await OnCommittedAsync();
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (CommittedBySave(eventData.Context))
        {
            OnCommittedAsync().AsTask().GetAwaiter().GetResult();
        }
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _awaitingCommit.Remove(context))
        {
            await OnCommittedAsync();
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && _awaitingCommit.Remove(context))
        {
            OnCommittedAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    private void Track(DbContext? context)
    {
        if (context is not null && Concerns(context))
        {
            _awaitingCommit.AddOrUpdate(context, context);
        }
    }

    /// <summary>Inside an explicit transaction nothing is visible yet: the commit will tell.</summary>
    private bool CommittedBySave(DbContext? context) =>
        context is { Database.CurrentTransaction: null } && _awaitingCommit.Remove(context);

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _awaitingCommit.Remove(context);
        }
    }
}
