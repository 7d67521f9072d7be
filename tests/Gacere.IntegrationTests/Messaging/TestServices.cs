using System.Collections.Concurrent;
using System.Diagnostics;
using Gacere.Contracts.Membership;
using Gacere.Messaging;
using Gacere.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gacere.IntegrationTests.Messaging;

/// <summary>A producing service's database: one business table plus the outbox.</summary>
public sealed class ProducerDbContext(DbContextOptions<ProducerDbContext> options) : DbContext(options)
{
    public DbSet<Registration> Registrations => Set<Registration>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("producer");
        modelBuilder.Entity<Registration>().HasKey(r => r.MemberId);
        modelBuilder.AddOutboxAndInbox();
    }
}

public sealed class Registration
{
    public Guid MemberId { get; init; }
    public required string OrganisationName { get; init; }
}

/// <summary>A consuming service's database: the effects of consumed events plus the inbox.</summary>
public sealed class ConsumerDbContext(DbContextOptions<ConsumerDbContext> options) : DbContext(options)
{
    public DbSet<AppliedChange> AppliedChanges => Set<AppliedChange>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema("consumer");
        modelBuilder.Entity<AppliedChange>().HasKey(c => c.Id);
        modelBuilder.AddOutboxAndInbox();
    }
}

public sealed class AppliedChange
{
    public long Id { get; init; }
    public Guid MemberId { get; init; }
    public Guid MessageId { get; init; }
}

/// <summary>What a test observes of its consumer: every delivery (before deduplication) and its trace.</summary>
public sealed class ConsumeProbe
{
    public ConcurrentQueue<(Guid MessageId, Guid MemberId, ActivityTraceId? TraceId)> Deliveries { get; } = new();
    public int DeliveriesOf(Guid memberId) => Deliveries.Count(d => d.MemberId == memberId);
}

/// <summary>Applies MemberAdmitted by recording one effect row; "poison" members always fail.</summary>
public sealed class RecordingConsumer(ConsumerDbContext db, ConsumeProbe probe, ILogger<RecordingConsumer> logger)
    : IdempotentConsumer<MemberAdmitted, ConsumerDbContext>(db, logger)
{
    public const string Poison = "poison";

    public override async Task Consume(ConsumeContext<MemberAdmitted> context)
    {
        probe.Deliveries.Enqueue((context.MessageId!.Value, context.Message.MemberId, Activity.Current?.TraceId));
        await base.Consume(context);
    }

    protected override Task HandleAsync(ConsumeContext<MemberAdmitted> context, CancellationToken cancellationToken)
    {
        if (context.Message.OrganisationName == Poison)
        {
            throw new InvalidOperationException("This consumer cannot apply a poison message.");
        }
        Db.AppliedChanges.Add(new AppliedChange { MemberId = context.Message.MemberId, MessageId = context.MessageId!.Value });
        return Task.CompletedTask;
    }
}

/// <summary>
/// Applies MemberAdmitted once and refuses to apply it again, as a domain handler whose state the first delivery
/// changed would: a redelivery it throws on must still be acknowledged as a duplicate, not retried into _error.
/// </summary>
public sealed class StrictConsumer(ConsumerDbContext db, ConsumeProbe probe, ILogger<StrictConsumer> logger)
    : IdempotentConsumer<MemberAdmitted, ConsumerDbContext>(db, logger)
{
    public override async Task Consume(ConsumeContext<MemberAdmitted> context)
    {
        probe.Deliveries.Enqueue((context.MessageId!.Value, context.Message.MemberId, Activity.Current?.TraceId));
        await base.Consume(context);
    }

    protected override async Task HandleAsync(ConsumeContext<MemberAdmitted> context, CancellationToken cancellationToken)
    {
        var memberId = context.Message.MemberId;
        if (await Db.AppliedChanges.AnyAsync(c => c.MemberId == memberId, cancellationToken))
        {
            throw new InvalidOperationException("This member was admitted already.");
        }
        Db.AppliedChanges.Add(new AppliedChange { MemberId = memberId, MessageId = context.MessageId!.Value });
    }
}

/// <summary>The producer and consumer services of the messaging tests.</summary>
public static class TestHost
{
    /// <summary>Short retry delays keep the tests quick; the mechanism is the same as in production.</summary>
    private static readonly Dictionary<string, string?> QuickRetries = new()
    {
        ["Messaging:RetryLimit"] = "2",
        ["Messaging:RetryMinInterval"] = "00:00:00.050",
        ["Messaging:RetryMaxInterval"] = "00:00:00.200",
        ["Messaging:Outbox:InitialBackoff"] = "00:00:00.100",
        ["Messaging:Outbox:MaxBackoff"] = "00:00:01",
        ["Messaging:Outbox:PublishTimeout"] = "00:00:02",
    };

    public static Task<IHost> StartAsync<TDbContext>(
        string serviceName,
        string connectionString,
        string messaging,
        Action<IBusRegistrationConfigurator>? consumers = null,
        Action<IServiceCollection>? services = null) where TDbContext : DbContext =>
        MessagingHost.StartAsync<TDbContext>(serviceName, connectionString, messaging, consumers, services, QuickRetries);

    public static async Task WriteRegistrationAsync(this IHost producer, MemberAdmitted admitted)
    {
        await using var scope = producer.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProducerDbContext>();
        db.Registrations.Add(new Registration { MemberId = admitted.MemberId, OrganisationName = admitted.OrganisationName });
        db.AddIntegrationEvent(admitted);
        await db.SaveChangesAsync();
    }

    public static MemberAdmitted Admitted(string organisation = "Republic of Testland") =>
        new(Guid.NewGuid(), organisation, "national_government", "TST", "member", "active", new DateOnly(2021, 2, 22), 1);
}

/// <summary>
/// Applies MemberAdmitted as one SQL statement (<see cref="IdempotentStatementConsumer{TMessage, TDbContext}"/>): the
/// inbox row and the effect go in one batch. For a "poison" member the statement fails after the inbox row was inserted
/// (division by zero), so a test can see that the two commit together or not at all.
/// </summary>
public sealed class StatementConsumer(ConsumerDbContext db, ConsumeProbe probe, ILogger<StatementConsumer> logger)
    : IdempotentStatementConsumer<MemberAdmitted, ConsumerDbContext>(db, logger)
{
    public override async Task Consume(ConsumeContext<MemberAdmitted> context)
    {
        probe.Deliveries.Enqueue((context.MessageId!.Value, context.Message.MemberId, Activity.Current?.TraceId));
        await base.Consume(context);
    }

    protected override EffectStatement StatementOf(ConsumeContext<MemberAdmitted> context) => new(
        "INSERT INTO consumer.applied_changes (member_id, message_id) SELECT @member, @message WHERE 1 / (CASE WHEN @poison THEN 0 ELSE 1 END) = 1",
        [
            new Npgsql.NpgsqlParameter<Guid>("member", context.Message.MemberId),
            new Npgsql.NpgsqlParameter<Guid>("message", context.MessageId!.Value),
            new Npgsql.NpgsqlParameter<bool>("poison", context.Message.OrganisationName == RecordingConsumer.Poison),
        ]);
}
