using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Gacere.Contracts;
using MassTransit.RabbitMqTransport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gacere.Messaging;

/// <summary>
/// Lets a test stand in for a crash between the broker's confirm and the row being marked sent, and the messaging
/// benchmark time each stage of a row's way (claimed, confirmed, marked sent). None is called when none is registered.
/// </summary>
internal interface IOutboxRelayObserver
{
    /// <summary>Every row of the batch is confirmed (or failed); none is marked sent yet.</summary>
    Task PublishedAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken);

    /// <summary>A pass claimed these rows; <paramref name="woken"/> says what started the pass.</summary>
    void Claimed(IReadOnlyList<Guid> messageIds, RelayWake woken) { }

    /// <summary>The broker confirmed this row's publish.</summary>
    void Confirmed(Guid messageId) { }

    /// <summary>The transaction that marked these rows sent committed.</summary>
    void Committed(IReadOnlyList<Guid> messageIds) { }
}

/// <summary>Why a relay pass claimed: a commit's wake-up, the poll interval running out, or more rows waiting.</summary>
internal enum RelayWake { Commit, Poll, Drain }

/// <summary>
/// Publishes committed outbox rows of one service database. Rows are claimed with FOR UPDATE SKIP LOCKED,
/// so several replicas share the work without publishing a row twice at the same time; a crash before the
/// row is marked sent rolls the claim back and the row is published again (consumers deduplicate on MessageId).
/// </summary>
internal sealed partial class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopeFactory,
    IBus bus,
    OutboxSignal signal,
    MessagingTelemetry telemetry,
    IOptions<MessagingOptions> options,
    ILogger<OutboxRelay<TDbContext>> logger,
    IOutboxRelayObserver? observer = null) : BackgroundService where TDbContext : DbContext
{
    private readonly OutboxOptions _options = options.Value.Outbox;
    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;
    private DateTimeOffset _nextBacklogWarning = DateTimeOffset.MinValue;

    /// <summary>Message types the broker routed at their last publish; read and written under <see cref="_gate"/>.</summary>
    private readonly HashSet<string> _routableTypes = [];
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _unroutableWarnedAt = [];

    /// <summary>A subscriber's queue is bound seconds after its service starts, not milliseconds: no faster retries than this.</summary>
    private static readonly TimeSpan UnroutableRetryFloor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan UnroutableWarningInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The lead pass does everything (probes, backoff, the backlog gauge, purging). While it waits for the broker's
    /// confirms, <see cref="OutboxOptions.PipelinedPasses"/> more passes claim, publish and mark the next rows
    /// (SKIP LOCKED keeps them off each other's rows), so a commit does not wait for the previous batch's confirms.
    /// They publish only message types the broker has routed; anything else they leave to the lead pass.
    /// </summary>
    /// <remarks>
    /// The backlog gauge and the purge run in a housekeeping loop of their own, once a second, so their round trips
    /// never stand between a commit and the next claim.
    /// </remarks>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, 1 + Math.Max(0, _options.PipelinedPasses))
            .Select(pass => Task.Run(() => RunPassesAsync(lead: pass == 0, stoppingToken), stoppingToken))
            .Append(Task.Run(() => HousekeepAsync(stoppingToken), stoppingToken)));

    private async Task RunPassesAsync(bool lead, CancellationToken stoppingToken)
    {
        var failureStreak = 0;
        var woken = RelayWake.Poll;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Read before the claim: a commit after this point either is seen by the claim or makes the wait
                // below return at once, so it never waits for the poll interval.
                var seen = signal.Generation;
                var outcome = await RelayBatchAsync(lead, woken, stoppingToken);
                if (outcome.Untouched > 0)
                {
                    signal.WakeLead(); // rows only the lead pass may publish: a wake-up that reached this pass is theirs
                }

                if (outcome.Failed > 0 && outcome.Published == 0)
                {
                    failureStreak++;
                    await Task.Delay(Backoff(failureStreak), stoppingToken);
                    woken = RelayWake.Poll;
                    continue;
                }
                failureStreak = 0;
                if (outcome.Claimed == _options.BatchSize && (lead || outcome.Published > 0))
                {
                    woken = RelayWake.Drain;
                    continue; // more is waiting: drain before sleeping
                }
                woken = await signal.WaitAsync(seen, lead, _options.PollInterval, stoppingToken) ? RelayWake.Commit : RelayWake.Poll;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database itself is unavailable: nothing is lost, the rows wait for the next pass.
                failureStreak++;
                LogRelayFailed(ex, typeof(TDbContext).Name, failureStreak);
                await Task.Delay(Backoff(failureStreak), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>The backlog gauge (and its warning) once a second, and the purge when it is due.</summary>
    private async Task HousekeepAsync(CancellationToken stoppingToken)
    {
        var failureStreak = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await MeasureBacklogAsync(stoppingToken);
                await PurgeIfDueAsync(stoppingToken);
                failureStreak = 0;
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                failureStreak++;
                LogHousekeepingFailed(ex, typeof(TDbContext).Name, failureStreak);
                await Task.Delay(Backoff(failureStreak), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <param name="Failed">Rows the broker did not confirm (it is away or slow); rows it returned as unroutable are not counted.</param>
    /// <param name="Untouched">Rows a pipelined pass left for the lead pass (message types not yet routed).</param>
    private readonly record struct BatchOutcome(int Claimed, int Published, int Failed, int Untouched = 0);

    /// <param name="lead">Whether this pass probes message types not yet routed; a pipelined pass leaves their rows alone.</param>
    /// <param name="woken">What started this pass (reported to the observer only).</param>
    private async Task<BatchOutcome> RelayBatchAsync(bool lead, RelayWake woken, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var table = MessagingModel.TableOf<OutboxMessage>(db);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // synchronous_commit off for this transaction only (sent in the claim's round trip): its commit, which marks
        // rows sent, returns without waiting for its WAL flush. Safe, because the mark is the only thing it writes and
        // losing it in a PostgreSQL crash only republishes those rows, which every consumer's inbox deduplicates.
        // The business commits that write outbox rows keep the server's setting.
#pragma warning disable EF1003 // the table name comes from the EF model, never from input
        var rows = await db.Set<OutboxMessage>()
            .FromSqlRaw(
                "SET LOCAL synchronous_commit = off; " +
                $"SELECT * FROM {table} WHERE sent_at IS NULL AND next_attempt_at <= now() " +
                "ORDER BY created_at, id LIMIT {0} FOR UPDATE SKIP LOCKED", _options.BatchSize)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
#pragma warning restore EF1003
        if (rows.Count == 0)
        {
            return default;
        }
        observer?.Claimed([.. rows.Select(row => row.Id)], woken);

        var results = new Exception?[rows.Count];
        var (firstWave, waiting, untouched) = PlanProbes(rows, lead);
        await PublishWaveAsync(rows, firstWave, results, cancellationToken);
        // The rest of a probed type goes out in the same pass once the broker routed its probe; otherwise it is held.
        List<int> secondWave;
        lock (_gate)
        {
            secondWave = waiting.Where(i => _routableTypes.Contains(rows[i].MessageType)).ToList();
        }
        await PublishWaveAsync(rows, secondWave, results, cancellationToken);
        var held = waiting.Except(secondWave).ToHashSet();

        // Rows a pipelined pass left alone are unlocked by its commit, unchanged, for the lead pass.
        var published = rows.Where((_, i) => results[i] is null && !held.Contains(i) && !untouched.Contains(i)).Select(row => row.Id).ToList();
        if (observer is not null)
        {
            await observer.PublishedAsync(published, cancellationToken);
        }

        // One statement marks every confirmed row; the (rare) failures are updated one by one.
        var now = DateTimeOffset.UtcNow;
        var sentIds = published.ToArray();
        if (sentIds.Length > 0)
        {
            await db.Set<OutboxMessage>().Where(m => sentIds.Contains(m.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.SentAt, now), cancellationToken);
        }
        var retryAt = new Dictionary<string, (DateTimeOffset At, string Error)>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (results[i] is not { } error)
            {
                continue;
            }
            var row = rows[i];
            var attempts = row.Attempts + 1;
            var delay = Backoff(attempts);
            if (error is UnroutableMessageException && delay < UnroutableRetryFloor)
            {
                delay = UnroutableRetryFloor;
            }
            var nextAttemptAt = now + delay;
            var lastError = Truncate(error.Message, 2000);
            retryAt.TryAdd(row.MessageType, (nextAttemptAt, lastError));
            await db.Set<OutboxMessage>().Where(m => m.Id == row.Id).ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, nextAttemptAt)
                .SetProperty(m => m.LastError, lastError), cancellationToken);
        }
        // Held rows were not tried: their attempt count stays, and they wait for their probe's next attempt.
        foreach (var group in held.GroupBy(i => rows[i].MessageType))
        {
            // The other pass may have marked the type unroutable after this pass's probe went through: then no retry
            // time was set here, and the held rows stay as they are for the next pass to take.
            if (!retryAt.TryGetValue(group.Key, out var retry))
            {
                continue;
            }
            var (at, error) = retry;
            var ids = group.Select(i => rows[i].Id).ToArray();
            await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(set => set
                .SetProperty(m => m.NextAttemptAt, at)
                .SetProperty(m => m.LastError, error), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        observer?.Committed(sentIds);

        var unroutable = results.OfType<UnroutableMessageException>().ToList();
        var failed = rows.Count - published.Count - unroutable.Count - held.Count - untouched.Count;
        telemetry.Published.Add(published.Count);
        if (failed + unroutable.Count > 0)
        {
            telemetry.PublishFailures.Add(failed + unroutable.Count);
        }
        if (failed > 0)
        {
            var firstError = results.First(e => e is not null and not UnroutableMessageException)!;
            LogPublishFailed(firstError, failed, rows.Count, typeof(TDbContext).Name);
        }
        foreach (var type in unroutable.Select(e => e.MessageType).Distinct())
        {
            using var gate = _gate.EnterScope();
            // Once when a type becomes unroutable, then twice a minute while it stays so: a fresh platform whose
            // subscribers are still starting says it once, not once per retry.
            if (!_unroutableWarnedAt.TryGetValue(type, out var warned) || now - warned >= UnroutableWarningInterval)
            {
                _unroutableWarnedAt[type] = now;
                var pending = unroutable.Count(e => e.MessageType == type) + held.Count(i => rows[i].MessageType == type);
                LogUnroutable(typeof(TDbContext).Name, pending, type);
            }
        }
        return new BatchOutcome(rows.Count, published.Count, failed, untouched.Count);
    }

    /// <summary>
    /// Which rows go out first. A message type the broker has routed since the last time one came back goes out
    /// whole; of any other type only the oldest row goes first (its probe), and the rest wait for it. So a type no
    /// queue is bound for yet, as on a fresh platform whose subscribers are still starting, costs one returned
    /// message per retry instead of one per row. Only the lead pass probes: a pipelined pass leaves such rows untouched.
    /// </summary>
    private (List<int> FirstWave, List<int> Waiting, HashSet<int> Untouched) PlanProbes(IReadOnlyList<OutboxMessage> rows, bool lead)
    {
        var firstWave = new List<int>(rows.Count);
        var waiting = new List<int>();
        var untouched = new HashSet<int>();
        var probed = new HashSet<string>();
        lock (_gate)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var type = rows[i].MessageType;
                if (_routableTypes.Contains(type))
                {
                    firstWave.Add(i);
                }
                else if (!lead)
                {
                    untouched.Add(i);
                }
                else
                {
                    (probed.Add(type) ? firstWave : waiting).Add(i);
                }
            }
        }
        return (firstWave, waiting, untouched);
    }

    private async Task PublishWaveAsync(IReadOnlyList<OutboxMessage> rows, List<int> wave, Exception?[] results, CancellationToken cancellationToken)
    {
        if (wave.Count == 0)
        {
            return;
        }
        // One timer for the whole wave: its publishes start together, so they share the deadline for their confirms.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        var outcomes = await Task.WhenAll(wave.Select(i => PublishAsync(rows[i], timeout.Token, cancellationToken)));
        lock (_gate)
        {
            for (var k = 0; k < wave.Count; k++)
            {
                var i = wave[k];
                results[i] = outcomes[k];
                var type = rows[i].MessageType;
                if (outcomes[k] is null)
                {
                    _routableTypes.Add(type);
                    _unroutableWarnedAt.Remove(type);
                }
                else if (outcomes[k] is UnroutableMessageException)
                {
                    _routableTypes.Remove(type);
                }
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> Announcements = new();

    /// <summary>Whether the contract is an <see cref="AnnouncementAttribute"/>, read once per type rather than per message.</summary>
    private static bool IsAnnouncement(Type type) =>
        Announcements.GetOrAdd(type, static t => t.IsDefined(typeof(AnnouncementAttribute), inherit: false));

    /// <returns>null when the broker confirmed the message, else the failure.</returns>
    /// <param name="timeout">Cancelled when the wave's confirms are overdue.</param>
    private async Task<Exception?> PublishAsync(OutboxMessage row, CancellationToken timeout, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(row.TraceParent, row.TraceState, isRemote: true, out var parent);
        using var activity = MessagingTelemetry.Source.StartActivity("outbox relay", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", row.Id.ToString());
        activity?.SetTag("gacere.outbox.attempt", row.Attempts + 1);

        try
        {
            var type = MessageTypes.Resolve(row.MessageType);
            var message = JsonSerializer.Deserialize(row.Body, type, Outbox.Json)
                ?? throw new InvalidOperationException($"Outbox row {row.Id} has an empty body.");
            await bus.Publish(message, type, context =>
            {
                context.MessageId = row.Id;
                // Mandatory: a message that no queue is bound for comes back instead of being confirmed and
                // dropped, so the row stays pending until a subscriber's queue exists. Announcements are the
                // exception their contract declares: offered to whoever subscribes now.
                if (!IsAnnouncement(type)
                    && context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
                {
                    rabbit.Mandatory = true;
                }
            }, timeout);
            observer?.Confirmed(row.Id);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return ex switch
            {
                MessageReturnedException => new UnroutableMessageException(row.MessageType, ex),
                OperationCanceledException => new TimeoutException($"No broker confirm within {_options.PublishTimeout}.", ex),
                _ => ex,
            };
        }
    }

    private async Task MeasureBacklogAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var pending = db.Set<OutboxMessage>().Where(m => m.SentAt == null);
        var count = await pending.LongCountAsync(cancellationToken);
        var oldest = count == 0 ? (DateTimeOffset?)null : await pending.MinAsync(m => (DateTimeOffset?)m.CreatedAt, cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var age = oldest is { } created ? now - created : TimeSpan.Zero;
        telemetry.RecordBacklog(count, age, oldest, now);

        if ((count >= _options.PendingWarningCount || age >= _options.PendingWarningAge) && DateTimeOffset.UtcNow >= _nextBacklogWarning)
        {
            _nextBacklogWarning = DateTimeOffset.UtcNow.AddSeconds(30);
            LogBacklog(typeof(TDbContext).Name, count, age.TotalSeconds);
        }
    }

    private async Task PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        if (now < _nextPurge)
        {
            return;
        }
        _nextPurge = now + _options.PurgeInterval;

        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var sentBefore = now - _options.SentRetention;
        var outbox = await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < sentBefore).ExecuteDeleteAsync(cancellationToken);
        var processedBefore = now - _options.InboxRetention;
        var inbox = await db.Set<InboxMessage>().Where(m => m.ProcessedAt < processedBefore).ExecuteDeleteAsync(cancellationToken);
        if (outbox + inbox > 0)
        {
            LogPurged(typeof(TDbContext).Name, outbox, inbox);
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.InitialBackoff.Ticks * factor, _options.MaxBackoff.Ticks));
        // Jitter keeps replicas from retrying in lockstep after a broker outage.
        return delay * (0.8 + Random.Shared.NextDouble() * 0.4);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox of {Context}: {Failed} of {Claimed} messages not confirmed by the broker; they will be retried")]
    private partial void LogPublishFailed(Exception error, int failed, int claimed, string context);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox of {Context}: {Count} {MessageType} returned by RabbitMQ because no queue is bound for them; kept pending and retried with backoff")]
    private partial void LogUnroutable(string context, int count, string messageType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay of {Context} failed (attempt {Streak}); retrying")]
    private partial void LogRelayFailed(Exception error, string context, int streak);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox housekeeping (backlog gauge, purge) of {Context} failed (attempt {Streak}); retrying")]
    private partial void LogHousekeepingFailed(Exception error, string context, int streak);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox of {Context} is backing up: {Pending} pending, oldest {OldestAgeSeconds:F1} s")]
    private partial void LogBacklog(string context, long pending, double oldestAgeSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Outbox} sent outbox rows and {Inbox} inbox rows of {Context}")]
    private partial void LogPurged(string context, int outbox, int inbox);
}

/// <summary>RabbitMQ returned a mandatory message: no queue is bound for its type (yet). Not a broker failure.</summary>
internal sealed class UnroutableMessageException(string messageType, Exception inner)
    : Exception($"No queue is bound for {messageType}; the message was returned.", inner)
{
    public string MessageType { get; } = messageType;
}
