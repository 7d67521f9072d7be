using Gacere.Contracts.Membership;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gacere.MemberReplica;

/// <summary>
/// Rebuilds the replica from membership over the bus, at start and then on a schedule, so that a replica
/// that missed events (a service added later, a database restored or truncated, a queue that did not exist
/// yet) converges without any request path calling membership. Events stay the fast path; this is the net.
/// </summary>
internal sealed partial class MemberReplicaCatchUp<TDbContext>(
    IServiceScopeFactory scopes,
    IOptions<MemberReplicaOptions> options,
    ILogger<MemberReplicaCatchUp<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    private readonly MemberReplicaOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = _options.RetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var applied = await CatchUpAsync(stoppingToken);
                if (applied > 0)
                {
                    LogCaughtUp(typeof(TDbContext).Name, applied);
                }
                retry = _options.RetryDelay;
                wait = _options.ReconcileInterval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Membership or the broker is away: nothing is lost, the next attempt starts over. Services start in
                // any order, so a few misses while membership comes up are normal; a warning once the retries
                // have backed off to the full interval.
                if (retry >= _options.ReconcileInterval)
                {
                    LogCatchUpFailing(ex, typeof(TDbContext).Name, retry.TotalSeconds);
                }
                else
                {
                    LogCatchUpMissed(typeof(TDbContext).Name, ex.GetType().Name, retry.TotalSeconds);
                }
                wait = retry;
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, _options.ReconcileInterval.Ticks));
            }
            await Task.Delay(wait, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <returns>How many members were inserted or moved forward.</returns>
    internal async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var client = scope.ServiceProvider.GetRequiredService<IRequestClient<MemberSnapshotRequested>>();
        var (count, versionSum) = await MemberReplicaStore.FingerprintAsync(db, cancellationToken);

        var applied = 0;
        Guid? after = null;
        do
        {
            var page = await RequestPageAsync(client, new MemberSnapshotRequested(after, _options.PageSize, count, versionSum), cancellationToken);
            if (page.InSync)
            {
                return 0;
            }
            if (after is null)
            {
                LogOutOfSync(typeof(TDbContext).Name, count, versionSum, page.Count, page.VersionSum);
            }
            applied += await MemberReplicaStore.ApplyAsync(db, [.. page.Members], cancellationToken);
            after = page.Next;
        }
        while (after is not null);
        return applied;
    }

    /// <summary>
    /// One page, or a <see cref="TimeoutException"/> after <see cref="MemberReplicaOptions.RequestTimeout"/> whatever the
    /// broker does. MassTransit's own request timeout does not cover the send: while RabbitMQ is stopped, paused or
    /// reconnecting, <c>GetResponse</c> waits for the publish (and its confirm) for as long as that takes, which held the
    /// catch-up for the whole outage and beyond. Here the wait is bounded and the request given up (cancelled) with it,
    /// so the next attempt comes on the retry schedule.
    /// </summary>
    private async Task<MemberSnapshotPage> RequestPageAsync(
        IRequestClient<MemberSnapshotRequested> client, MemberSnapshotRequested request, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_options.RequestTimeout);
        var pending = client.GetResponse<MemberSnapshotPage>(request, bounded.Token, RequestTimeout.After(ms: (int)_options.RequestTimeout.TotalMilliseconds));
        try
        {
            return (await pending.WaitAsync(bounded.Token)).Message;
        }
        catch (Exception e) when (e is OperationCanceledException or RequestException && bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The abandoned request ends on its own (cancelled, or its send fails once the broker is back or gone): observe
            // its outcome so that it is not reported as an unobserved task exception.
            _ = pending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            // Given up here (WaitAsync) or by MassTransit on the same token (RequestCanceledException): one outcome.
            throw new TimeoutException($"No snapshot page within {_options.RequestTimeout.TotalSeconds:F1} s (while the broker is away the request may not even have left).", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member replica of {Context} differs from membership (it holds {Count} members, version sum {VersionSum}; membership {MembershipCount}, {MembershipVersionSum}): applying membership's snapshot")]
    private partial void LogOutOfSync(string context, long count, long versionSum, long membershipCount, long membershipVersionSum);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member replica of {Context} caught up with membership: {Applied} members inserted or updated")]
    private partial void LogCaughtUp(string context, int applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member replica of {Context} could not reach membership yet ({Error}); next attempt in {RetrySeconds:F0} s")]
    private partial void LogCatchUpMissed(string context, string error, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member replica of {Context} keeps failing to catch up with membership; next attempt in {RetrySeconds:F0} s")]
    private partial void LogCatchUpFailing(Exception error, string context, double retrySeconds);
}
