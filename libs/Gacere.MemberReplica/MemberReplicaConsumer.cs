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

    protected override async Task HandleAsync(ConsumeContext<IMembershipChanged> context, CancellationToken cancellationToken)
    {
        var change = context.Message;
        var member = await Db.Set<Member>().FindAsync([change.MemberId], cancellationToken);
        if (member is null)
        {
            member = new Member
            {
                MemberId = change.MemberId,
                OrganisationName = change.OrganisationName,
                OrgType = change.OrgType,
                Category = change.Category,
                Status = change.Status,
            };
            Db.Add(member);
        }
        else if (member.Version >= change.Version)
        {
            return;
        }

        member.OrganisationName = change.OrganisationName;
        member.OrgType = change.OrgType;
        member.CountryIso3 = change.CountryIso3;
        member.Category = change.Category;
        member.Status = change.Status;
        member.EffectiveDate = change.EffectiveDate;
        member.Version = change.Version;
        member.UpdatedAt = DateTimeOffset.UtcNow;
    }
}
