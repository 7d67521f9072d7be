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
            var response = await client.GetResponse<MemberSnapshotPage>(
                new MemberSnapshotRequested(after, _options.PageSize, count, versionSum), cancellationToken, RequestTimeout.After(ms: (int)_options.RequestTimeout.TotalMilliseconds));
            var page = response.Message;
            if (page.InSync)
            {
                return 0;
            }
            applied += await MemberReplicaStore.ApplyAsync(db, [.. page.Members], cancellationToken);
            after = page.Next;
        }
        while (after is not null);
        return applied;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member replica of {Context} caught up with membership: {Applied} members inserted or updated")]
    private partial void LogCaughtUp(string context, int applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member replica of {Context} could not reach membership yet ({Error}); next attempt in {RetrySeconds:F0} s")]
    private partial void LogCatchUpMissed(string context, string error, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member replica of {Context} keeps failing to catch up with membership; next attempt in {RetrySeconds:F0} s")]
    private partial void LogCatchUpFailing(Exception error, string context, double retrySeconds);
}
