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
        var change = context.Message;
        MemberState state = new(
            change.MemberId, change.OrganisationName, change.OrgType, change.CountryIso3,
            change.Category, change.Status, change.EffectiveDate, change.Version);
        return MemberReplicaStore.ApplyAsync(Db, [state], cancellationToken);
    }
}
