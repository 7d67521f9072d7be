using Gacere.Contracts.Membership;
using Gacere.Events.Data;
using Gacere.Events.Domain;
using Gacere.Events.Registrations;
using Gacere.MemberReplica;
using Gacere.Messaging;
using MassTransit;

namespace Gacere.Events.IntegrationEvents;

/// <summary>
/// Members leave, registrations follow: when a member is suspended or withdrawn, its registrations for meetings
/// not yet held are cancelled with the reason, and each meeting's waitlist moves up.
/// </summary>
/// <remarks>
/// It reads every membership change on its own queue (<c>events-departed-member-registrations</c>), beside the
/// replica's queue, and judges each against the member replica: a change older than the replica's version (a
/// suspension redelivered or arriving after a newer reinstatement) is skipped instead of cancelling what was
/// registered since. A change newer than the replica moves the replica forward here, in this transaction and
/// with the row locked (<see cref="MemberReplicaStore.ApplyAndLockAsync"/>: a missing row is inserted, so a concurrent
/// write of the same member by the replica's consumer waits or is waited for, never collides), before anything is cancelled: the replica never says "active" about a member whose
/// registrations were cancelled, so no registration slips in beside the departure (registration reads the row
/// <c>FOR SHARE</c>). The replica's own consumer then finds the version applied and leaves the row as it is.
/// The inbox makes a redelivery a no-op; a reinstatement cancels nothing and resurrects nothing.
/// </remarks>
public sealed partial class DepartedMemberRegistrations(
    EventsDbContext db, RegistrationDesk desk, TimeProvider time, ILogger<DepartedMemberRegistrations> logger)
    : IdempotentConsumer<IMembershipChanged, EventsDbContext>(db, logger)
{
    public const string QueueName = "events-departed-member-registrations";

    protected override string InboxName => "departed-member-registrations";

    protected override async Task HandleAsync(ConsumeContext<IMembershipChanged> context, CancellationToken cancellationToken)
    {
        var change = context.Message;
        // The replica row first, then (cancelling) the meetings: registration locks them in the same order.
        var member = await MemberReplicaStore.ApplyAndLockAsync(Db, change.ToMemberState(), cancellationToken);
        if (member.Version > change.Version)
        {
            LogStale(logger, change.MemberId, change.Version, member.Version);
            return;
        }

        if (change.Status is not ("suspended" or "withdrawn"))
        {
            return;
        }
        var reason = ReasonOf(context, change);
        var cancelled = await desk.CancelForDepartedMemberAsync(change.MemberId, reason, new Actor(Actor.Membership, time.GetUtcNow()), cancellationToken);
        LogCancelled(logger, cancelled, change.MemberId, change.Status);
    }

    private static string ReasonOf(ConsumeContext<IMembershipChanged> context, IMembershipChanged change)
    {
        var why = context.TryGetMessage<MemberSuspended>(out var suspended) ? suspended.Message.Reason
            : context.TryGetMessage<MemberWithdrawn>(out var withdrawn) ? withdrawn.Message.Reason
            : null;
        var what = $"The member was {change.Status} on {change.EffectiveDate:yyyy-MM-dd}";
        return string.IsNullOrWhiteSpace(why) ? $"{what}." : $"{what}: {why.Trim()}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership change {Version} of member {MemberId} is older than the replica's {Applied}; skipped")]
    private static partial void LogStale(ILogger logger, Guid memberId, long version, long applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelled {Count} registrations of member {MemberId}, now {Status}")]
    private static partial void LogCancelled(ILogger logger, int count, Guid memberId, string status);
}
