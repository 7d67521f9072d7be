using Gacere.Contracts.Membership;
using Gacere.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Gacere.MemberReplica;

/// <summary>
/// Applies every membership change to the local replica. Events carry the whole member and a version,
/// so an out-of-order or replayed event never moves the replica backwards.
/// </summary>
public sealed class MemberReplicaConsumer<TDbContext>(TDbContext db, ILogger<MemberReplicaConsumer<TDbContext>> logger)
    : IdempotentConsumer<IMembershipChanged, TDbContext>(db, logger)
    where TDbContext : DbContext
{
    protected override string InboxName => "member-replica";

    protected override Task HandleAsync(ConsumeContext<IMembershipChanged> context, CancellationToken cancellationToken)
    {
        return MemberReplicaStore.ApplyAsync(Db, [context.Message.ToMemberState()], cancellationToken);
    }
}

public static class MembershipChangeExtensions
{
    /// <summary>The member as a membership event states it, as the replica keeps it (the same fields).</summary>
    public static MemberState ToMemberState(this IMembershipChanged change) => new(
        change.MemberId, change.OrganisationName, change.OrgType, change.CountryIso3,
        change.Category, change.Status, change.EffectiveDate, change.Version);
}
