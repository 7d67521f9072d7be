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
    : IdempotentStatementConsumer<IMembershipChanged, TDbContext>(db, logger)
    where TDbContext : DbContext
{
    protected override string InboxName => "member-replica";

    /// <summary>
    /// The upsert alone is the effect: it goes in one batch with the inbox row (one round trip, one implicit transaction),
    /// which is most of what stands between membership's commit and the member being visible here.
    /// </summary>
    protected override EffectStatement StatementOf(ConsumeContext<IMembershipChanged> context) =>
        MemberReplicaStore.UpsertStatement(Db, [context.Message.ToMemberState()]);
}

public static class MembershipChangeExtensions
{
    /// <summary>The member as a membership event states it, as the replica keeps it (the same fields).</summary>
    public static MemberState ToMemberState(this IMembershipChanged change) => new(
        change.MemberId, change.OrganisationName, change.OrgType, change.CountryIso3,
        change.Category, change.Status, change.EffectiveDate, change.Version);
}
