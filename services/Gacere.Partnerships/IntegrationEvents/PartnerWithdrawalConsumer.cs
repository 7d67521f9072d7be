using Gacere.Contracts.Membership;
using Gacere.Messaging;
using Gacere.Partnerships.Data;
using Gacere.Partnerships.Domain;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Gacere.Partnerships.IntegrationEvents;

/// <summary>
/// When a member leaves the Alliance, its part in every running partnership ends and each partnership it led is
/// flagged for a new lead, with a trail entry. It consumes <see cref="MemberWithdrawn"/> only, on its own queue (the
/// replica takes every membership change on another). The inbox makes a redelivery a no-op; the domain makes a second,
/// different "withdrawn" event for the same member a no-op too.
/// </summary>
public sealed partial class PartnerWithdrawalConsumer(PartnershipsDbContext db, TimeProvider time, ILogger<PartnerWithdrawalConsumer> logger)
    : IdempotentConsumer<MemberWithdrawn, PartnershipsDbContext>(db, logger)
{
    public const string Actor = "system:membership";

    /// <summary>Kept from when it took every membership change: a redelivery recorded under it stays a no-op.</summary>
    protected override string InboxName => "partner-withdrawal";

    protected override async Task HandleAsync(ConsumeContext<MemberWithdrawn> context, CancellationToken cancellationToken)
    {
        var change = context.Message;
        var actor = new Actor(Actor, time.GetUtcNow());
        var partnerships = await Db.Partnerships.AsSplitQuery()
            .Where(p => p.PartnerMemberIds.Contains(change.MemberId) && p.Status != PartnershipStatus.Completed && p.Status != PartnershipStatus.Discontinued)
            .ToListAsync(cancellationToken);
        foreach (var partnership in partnerships)
        {
            if (partnership.PartnerWithdrawn(change.MemberId, actor) is { } entry)
            {
                Db.Trail.Add(entry);
                LogPartnerWithdrawn(logger, change.MemberId, partnership.Id, partnership.NeedsNewLead);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} withdrew: its part in partnership {PartnershipId} ended (needs new lead: {NeedsNewLead})")]
    private static partial void LogPartnerWithdrawn(ILogger logger, Guid memberId, Guid partnershipId, bool needsNewLead);
}
