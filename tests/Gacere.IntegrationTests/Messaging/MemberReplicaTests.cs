using System.Collections.Concurrent;
using Gacere.Contracts.Membership;
using Gacere.MemberReplica;
using Gacere.Messaging;
using Gacere.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gacere.IntegrationTests.Messaging;

/// <summary>The member replica every non-membership service keeps: version order, and catch-up from a snapshot.</summary>
[Collection(ServersCollection.Name)]
public sealed class MemberReplicaTests(ServersFixture fixture) : HostedTest("replica")
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly SnapshotSource _source = new();
    private string _replicaDb = null!;

    public override async Task InitializeAsync() => _replicaDb = await fixture.CreateDatabaseAsync("replica");

    private async Task<IHost> StartReplicaAsync(string reconcileInterval = "00:10:00", CatchUpLog? log = null, string requestTimeout = "00:00:05")
    {
        var host = await MessagingHost.StartAsync<ReplicaDbContext>(
            Service, _replicaDb, fixture.Servers.RabbitMqConnectionString,
            bus =>
            {
                bus.AddMemberReplica<ReplicaDbContext>(Service);
                // Stands in for membership's responder over the real broker; the end-to-end tests use the real one.
                bus.AddConsumer<SnapshotResponder>().Endpoint(e => e.Name = $"{Service}-snapshot-source");
            },
            services =>
            {
                services.AddSingleton(_source);
                if (log is not null)
                {
                    services.AddSingleton<ILoggerProvider>(log);
                }
            },
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Gacere.MemberReplica"] = "Information",
                ["MemberReplica:ReconcileInterval"] = reconcileInterval,
                ["MemberReplica:RequestTimeout"] = requestTimeout,
                ["MemberReplica:PageSize"] = "2", // several pages for a handful of members
                ["MemberReplica:RetryDelay"] = "00:00:00.200",
            });
        Keep(host);
        return host;
    }

    private Task<long> ReplicaScalarAsync(string sql) => ServersFixture.ScalarAsync(_replicaDb, sql);

    [Fact]
    public async Task A_late_older_event_never_overwrites_a_newer_state()
    {
        var host = await StartReplicaAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        var memberId = Guid.NewGuid();
        var since = new DateOnly(2021, 2, 22);

        await bus.Publish(new MemberWithdrawn(memberId, "Republic of Testland", "national_government", "TST", "member", "withdrawn", since, 3, "left"));
        Assert.True(await Eventually.HoldsAsync(async () =>
            await ReplicaScalarAsync($"SELECT count(*) FROM replica.member_replicas WHERE member_id = '{memberId}' AND version = 3") == 1, Patience));

        // The admission (version 1) arrives after the withdrawal (version 3), as a redelivery or a slow queue would have it.
        await bus.Publish(new MemberAdmitted(memberId, "Republic of Testland", "national_government", "TST", "member", "active", since, 1));
        Assert.True(await Eventually.HoldsAsync(async () =>
            await ReplicaScalarAsync($"SELECT count(*) FROM replica.inbox_messages") == 2, Patience), "the late event was never consumed");

        Assert.Equal(1, await ReplicaScalarAsync($"SELECT count(*) FROM replica.member_replicas WHERE member_id = '{memberId}' AND status = 'withdrawn' AND version = 3"));
    }

    [Fact]
    public async Task An_empty_replica_fills_from_the_snapshot_at_start_and_refills_after_its_table_is_truncated()
    {
        var members = Enumerable.Range(1, 5).Select(i => _source.Put(Guid.NewGuid(), $"Member {i}", version: i)).ToList();

        await StartReplicaAsync(reconcileInterval: "00:00:01");
        Assert.True(await Eventually.HoldsAsync(async () => await ReplicaScalarAsync("SELECT count(*) FROM replica.member_replicas") == 5, Patience),
            "the replica did not fill from the snapshot at start");
        Assert.Equal(members.Sum(m => m.Version), await ReplicaScalarAsync("SELECT sum(version) FROM replica.member_replicas"));

        await ReplicaScalarAsync("TRUNCATE replica.member_replicas");
        var withdrawn = _source.Put(members[0].MemberId, members[0].OrganisationName, version: 9, status: "withdrawn");

        Assert.True(await Eventually.HoldsAsync(async () => await ReplicaScalarAsync("SELECT count(*) FROM replica.member_replicas") == 5, Patience),
            "the truncated replica did not refill on the schedule");
        Assert.Equal(1, await ReplicaScalarAsync(
            $"SELECT count(*) FROM replica.member_replicas WHERE member_id = '{withdrawn.MemberId}' AND status = 'withdrawn' AND version = 9"));
    }

    [Fact]
    public async Task A_catch_up_attempt_gives_up_on_a_paused_broker_and_the_next_ones_follow_on_schedule()
    {
        _source.Put(Guid.NewGuid(), "Member A", version: 1);
        var log = new CatchUpLog();
        await StartReplicaAsync(reconcileInterval: "00:00:01", log, requestTimeout: "00:00:01");
        Assert.True(await Eventually.HoldsAsync(async () => await ReplicaScalarAsync("SELECT count(*) FROM replica.member_replicas") == 1, Patience));

        // SIGSTOP: the connection stays up and a publish waits for a confirm that does not come until SIGCONT, as while
        // RabbitMQ is stopped or reconnecting (the end-to-end catch-up test once waited 30 s for a refill this way).
        var broker = BrokerProcess.Pid(fixture.Servers);
        Assert.True(BrokerProcess.Pause(broker));
        int failedWhilePaused;
        try
        {
            var before = log.FailedAttempts;
            await Task.Delay(TimeSpan.FromSeconds(8));
            failedWhilePaused = log.FailedAttempts - before;
        }
        finally
        {
            BrokerProcess.Resume(broker);
        }
        // Each attempt gives up after the 1 s request timeout and the next follows within the 1 s interval: several in
        // 8 s. Unbounded, the first attempt of the pause was still waiting for its publish when the broker resumed.
        Assert.True(failedWhilePaused >= 3, $"{failedWhilePaused} failed catch-up attempts while the broker was paused for 8 s");

        // And once the broker answers again, the replica converges on the schedule.
        await ReplicaScalarAsync("TRUNCATE replica.member_replicas");
        Assert.True(await Eventually.HoldsAsync(async () => await ReplicaScalarAsync("SELECT count(*) FROM replica.member_replicas") == 1, Patience),
            "the replica did not refill after the broker resumed");
    }

    [Fact]
    public async Task Apply_and_lock_returns_the_row_as_it_now_stands_in_one_statement_new_or_stale()
    {
        var host = await StartReplicaAsync();
        var memberId = Guid.NewGuid();
        var network = new MemberState(memberId, "Network of Testers", "international_network", null, "observer", "active", new DateOnly(2022, 3, 1), 2);

        async Task<ReplicatedMember> ApplyAsync(MemberState state)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReplicaDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var row = await MemberReplicaStore.ApplyAndLockAsync(db, state, CancellationToken.None);
            await transaction.CommitAsync();
            return row;
        }

        // A member the replica has no row for: inserted (a null country included) and returned.
        var inserted = await ApplyAsync(network);
        Assert.Equal((memberId, "Network of Testers", (string?)null, "active", 2L), (inserted.MemberId, inserted.OrganisationName, inserted.CountryIso3, inserted.Status, inserted.Version));

        // An older change leaves the row as it was and returns it, so the caller can tell it is stale.
        var stale = await ApplyAsync(network with { OrganisationName = "Old Name", Status = "suspended", Version = 1 });
        Assert.Equal(("Network of Testers", "active", 2L, inserted.UpdatedAt), (stale.OrganisationName, stale.Status, stale.Version, stale.UpdatedAt));

        // A newer one moves it forward and returns the new state.
        var newer = await ApplyAsync(network with { Status = "withdrawn", Version = 3 });
        Assert.Equal(("withdrawn", 3L), (newer.Status, newer.Version));
        Assert.Equal(1, await ReplicaScalarAsync($"SELECT count(*) FROM replica.member_replicas WHERE member_id = '{memberId}' AND status = 'withdrawn' AND version = 3"));
    }

    [Fact]
    public async Task A_replica_in_sync_is_answered_without_a_page()
    {
        _source.Put(Guid.NewGuid(), "Member A", version: 2);
        _source.Put(Guid.NewGuid(), "Member B", version: 1);

        await StartReplicaAsync(reconcileInterval: "00:00:01");
        Assert.True(await Eventually.HoldsAsync(async () => await ReplicaScalarAsync("SELECT count(*) FROM replica.member_replicas") == 2, Patience));
        // The first scheduled comparison after the fill finds the replica in sync.
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(_source.InSyncAnswers >= 1), Patience), "no comparison after the fill");
        var pagesWhenInSync = _source.PagesServed;
        var comparisonsWhenInSync = _source.InSyncAnswers;

        await Task.Delay(TimeSpan.FromSeconds(3)); // two or three more scheduled comparisons
        Assert.True(_source.InSyncAnswers >= comparisonsWhenInSync + 2, $"expected scheduled comparisons, saw {_source.InSyncAnswers - comparisonsWhenInSync}");
        Assert.Equal(pagesWhenInSync, _source.PagesServed);
    }
}

/// <summary>A service database with the member replica, the outbox and the inbox.</summary>
public sealed class ReplicaDbContext(DbContextOptions<ReplicaDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("replica");
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddMemberReplica();
    }
}

/// <summary>Counts the catch-up's failed attempts as it logs them (missed, or failing at the full interval).</summary>
public sealed class CatchUpLog : ILoggerProvider
{
    private int _failed;

    public int FailedAttempts => Volatile.Read(ref _failed);

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("Gacere.MemberReplica.MemberReplicaCatchUp", StringComparison.Ordinal) ? new Counter(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Counter(CatchUpLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name is "LogCatchUpMissed" or "LogCatchUpFailing")
            {
                Interlocked.Increment(ref log._failed);
            }
        }
    }
}

/// <summary>The members a test's stand-in membership holds.</summary>
public sealed class SnapshotSource
{
    private readonly ConcurrentDictionary<Guid, MemberState> _members = new();
    private int _pages;
    private int _inSync;

    public int PagesServed => Volatile.Read(ref _pages);
    public int InSyncAnswers => Volatile.Read(ref _inSync);

    public MemberState Put(Guid id, string name, long version, string status = "active")
    {
        var state = new MemberState(id, name, "national_government", "TST", "member", status, new DateOnly(2021, 2, 22), version);
        _members[id] = state;
        return state;
    }

    public MemberSnapshotPage Answer(MemberSnapshotRequested request)
    {
        var all = _members.Values.ToList();
        long count = all.Count, sum = all.Sum(m => m.Version);
        if (request.After is null && request.KnownCount == count && request.KnownVersionSum == sum)
        {
            Interlocked.Increment(ref _inSync);
            return new MemberSnapshotPage(true, count, sum, [], null);
        }
        Interlocked.Increment(ref _pages);
        var page = all.OrderBy(m => m.MemberId).SkipWhile(m => request.After is { } after && m.MemberId.CompareTo(after) <= 0).Take(request.PageSize).ToList();
        return new MemberSnapshotPage(false, count, sum, page, page.Count == request.PageSize ? page[^1].MemberId : null);
    }
}

public sealed class SnapshotResponder(SnapshotSource source) : IConsumer<MemberSnapshotRequested>
{
    public Task Consume(ConsumeContext<MemberSnapshotRequested> context) => context.RespondAsync(source.Answer(context.Message));
}
