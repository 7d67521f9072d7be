using Gacere.Contracts.Membership;
using Gacere.Events.Data;
using Gacere.Events.Domain;
using Gacere.Events.Registrations;
using Gacere.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Gacere.Events.IntegrationEvents;

/// <summary>
/// Members leave, registrations follow: when a member is suspended or withdrawn, its registrations for meetings
/// not yet held are cancelled with the reason, and each meeting's waitlist moves up.
/// </summary>
/// <remarks>
/// It reads every membership change on its own queue (<c>events-departed-member-registrations</c>), not only the
/// suspensions and withdrawals, to keep the newest version it has seen per member: a suspension redelivered or
/// arriving after a newer reinstatement is then skipped instead of cancelling what was registered since.
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
        var standing = await Db.MemberStandings.FirstOrDefaultAsync(s => s.MemberId == change.MemberId, cancellationToken);
        if (standing is not null && standing.Version >= change.Version)
        {
            LogStale(logger, change.MemberId, change.Version, standing.Version);
            return;
        }
        if (standing is null)
        {
            standing = new MemberStanding { MemberId = change.MemberId };
            Db.MemberStandings.Add(standing);
        }
        standing.Version = change.Version;
        standing.Status = change.Status;
        await Db.SaveChangesAsync(cancellationToken);

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership change {Version} of member {MemberId} is not newer than {Applied}; skipped")]
    private static partial void LogStale(ILogger logger, Guid memberId, long version, long applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelled {Count} registrations of member {MemberId}, now {Status}")]
    private static partial void LogCancelled(ILogger logger, int count, Guid memberId, string status);
}
