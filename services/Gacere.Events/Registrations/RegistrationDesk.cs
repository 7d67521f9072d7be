using System.Data;
using Gacere.Events.Data;
using Gacere.Events.Domain;
using Gacere.Events.IntegrationEvents;
using Gacere.MemberReplica;
using Microsoft.EntityFrameworkCore;
using Gacere.ServiceDefaults;

namespace Gacere.Events.Registrations;

/// <summary>A delegate as a focal point registers them.</summary>
public sealed record DelegateDetails(string Name, string Role, string Email);

/// <summary>
/// Every change to a meeting's seats goes through here, with the meeting's row locked (<c>FOR UPDATE</c>):
/// concurrent registrations and cancellations for one meeting take turns, so seats are counted once and
/// never oversubscribed, and the waitlist is served in the order registrations took the lock.
/// </summary>
public sealed class RegistrationDesk(EventsDbContext db)
{
    /// <summary>A new registration, confirmed while seats are free and waiting (registered) after that.</summary>
    /// <returns>Null when no public meeting has that id.</returns>
    internal Task<Registration?> RegisterAsync(Guid meetingId, Guid memberId, DelegateDetails person, Actor actor, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            // The member's replica row first, then the meeting: a departure takes them in the same order (see
            // DepartedMemberRegistrations), so the two never wait for each other in a circle.
            var member = await ReadMemberAsync(memberId, cancellationToken);
            // The one read of the meeting, locked: it is found, public and open in the state the seats are counted in.
            if (await LockAsync(meetingId, cancellationToken) is not { IsPublic: true } meeting)
            {
                return null;
            }
            if (meeting.Status != MeetingStatus.RegistrationOpen)
            {
                throw EventsRefusal.Conflict("Registration is not open.", $"The meeting is {Vocabulary.Code(meeting.Status)}; delegates register while registration is open.");
            }
            EnsureEligible(meeting, member);
            var email = person.Email.ToLowerInvariant();
            if (await db.Registrations.AnyAsync(r => r.MeetingId == meetingId && r.Status != RegistrationStatus.Cancelled
                    && r.DelegateEmail.ToLower() == email, cancellationToken))
            {
                throw EventsRefusal.Conflict("Already registered.", "A delegate with this e-mail address is already registered for the meeting.");
            }
            var seatFree = meeting.Capacity is not { } capacity || await SeatsHeldAsync(meetingId, cancellationToken) < capacity;
            var (registration, trail) = Registration.Take(meeting, memberId, person.Name, person.Role, person.Email, seatFree, actor);
            db.Registrations.Add(registration);
            PublishedEvents.Record(db, registration, trail);
            await db.SaveChangesAsync(cancellationToken);
            return (Registration?)registration;
        }, cancellationToken);

    /// <summary>Cancels one registration and gives its seat to the first on the waitlist.</summary>
    /// <param name="registrationId">The registration.</param>
    /// <param name="authorize">Throws when the caller may not act for the registration's member.</param>
    /// <param name="actor">Who cancels.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">The request's token.</param>
    /// <returns>Null when there is no such registration.</returns>
    internal Task<Registration?> CancelAsync(
        Guid registrationId, Action<Guid> authorize, Actor actor, string? reason, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            // The meeting locked first (found through the registration), then the registration read once under that lock:
            // no promotion or departure can move it between this read and the cancellation.
            if (await LockMeetingOfAsync(registrationId, cancellationToken) is not { } meeting)
            {
                return null;
            }
            var registration = await db.Registrations.FirstAsync(r => r.Id == registrationId, cancellationToken);
            authorize(registration.MemberId);
            if (!Lifecycles.NotYetHeld(meeting.Status))
            {
                throw EventsRefusal.Conflict("The meeting is over or cancelled.", $"The meeting is {Vocabulary.Code(meeting.Status)}; registrations change only before it is held.");
            }
            PublishedEvents.Record(db, registration, registration.Move(RegistrationStatus.Cancelled, actor, reason));
            await db.SaveChangesAsync(cancellationToken);
            await PromoteAsync(meeting, actor, cancellationToken);
            return (Registration?)registration;
        }, cancellationToken);

    /// <summary>
    /// A suspended or withdrawn member's registrations for meetings not yet held, cancelled with the reason;
    /// each meeting's waitlist then moves up. Registrations already cancelled stay as they are, so applying
    /// the same departure twice changes nothing.
    /// </summary>
    internal Task<int> CancelForDepartedMemberAsync(Guid memberId, string reason, Actor actor, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            var meetingIds = await db.Registrations
                .Where(r => r.MemberId == memberId && (r.Status == RegistrationStatus.Registered || r.Status == RegistrationStatus.Confirmed))
                .Join(db.Meetings, r => r.MeetingId, m => m.Id, (r, m) => m)
                .Where(m => m.Status == MeetingStatus.Planned || m.Status == MeetingStatus.Announced
                    || m.Status == MeetingStatus.RegistrationOpen || m.Status == MeetingStatus.Postponed)
                .Select(m => m.Id).Distinct().OrderBy(id => id)
                .ToListAsync(cancellationToken);
            var cancelled = 0;
            foreach (var meetingId in meetingIds) // in id order: two departures lock meetings in the same order
            {
                var meeting = (await LockAsync(meetingId, cancellationToken))!;
                if (!Lifecycles.NotYetHeld(meeting.Status))
                {
                    continue;
                }
                var registrations = await db.Registrations
                    .Where(r => r.MeetingId == meetingId && r.MemberId == memberId
                        && (r.Status == RegistrationStatus.Registered || r.Status == RegistrationStatus.Confirmed))
                    .OrderBy(r => r.Number).ToListAsync(cancellationToken);
                foreach (var registration in registrations)
                {
                    PublishedEvents.Record(db, registration, registration.Move(RegistrationStatus.Cancelled, actor, reason));
                    cancelled++;
                }
                await db.SaveChangesAsync(cancellationToken);
                await PromoteAsync(meeting, actor with { Name = Actor.Waitlist }, cancellationToken);
            }
            return cancelled;
        }, cancellationToken);

    /// <summary>After the meeting's capacity changed: seats that came free go to the waitlist, in order.</summary>
    /// <remarks>A lower capacity takes no seat back; it only stops confirming until enough seats are free.</remarks>
    internal Task<int> SeatWaitlistAsync(Guid meetingId, Actor actor, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            var meeting = await LockAsync(meetingId, cancellationToken) ?? throw new InvalidOperationException($"Meeting {meetingId} vanished.");
            return Lifecycles.NotYetHeld(meeting.Status) ? await PromoteAsync(meeting, actor, cancellationToken) : 0;
        }, cancellationToken);

    /// <summary>Attended or no-show, once the meeting is held.</summary>
    internal async Task<Registration> RecordAttendanceAsync(Guid registrationId, bool attended, Actor actor, CancellationToken cancellationToken)
    {
        var registration = await db.Registrations.FirstAsync(r => r.Id == registrationId, cancellationToken);
        var status = await db.Meetings.Where(m => m.Id == registration.MeetingId).Select(m => m.Status).FirstAsync(cancellationToken);
        if (status is not (MeetingStatus.Held or MeetingStatus.ReportPublished))
        {
            throw EventsRefusal.Conflict("The meeting has not been held.", "Attendance is recorded once the meeting is held.");
        }
        PublishedEvents.Record(db, registration, registration.Move(attended ? RegistrationStatus.Attended : RegistrationStatus.NoShow, actor, null));
        await db.SaveChangesAsync(cancellationToken);
        return registration;
    }

    /// <summary>Where a waiting registration stands: 1 for the next to get a seat; null once it has one or is over.</summary>
    internal async Task<int?> WaitlistPositionAsync(Registration registration, CancellationToken cancellationToken) =>
        registration.Status != RegistrationStatus.Registered ? null
            : await db.Registrations.CountAsync(r => r.MeetingId == registration.MeetingId
                && r.Status == RegistrationStatus.Registered && r.Number <= registration.Number, cancellationToken);

    private async Task<int> PromoteAsync(Meeting meeting, Actor actor, CancellationToken cancellationToken)
    {
        var free = meeting.Capacity is { } capacity ? capacity - await SeatsHeldAsync(meeting.Id, cancellationToken) : int.MaxValue;
        if (free <= 0)
        {
            return 0;
        }
        var waiting = await db.Registrations
            .Where(r => r.MeetingId == meeting.Id && r.Status == RegistrationStatus.Registered)
            .OrderBy(r => r.Number).Take(free).ToListAsync(cancellationToken);
        foreach (var registration in waiting)
        {
            PublishedEvents.Record(db, registration, registration.Move(RegistrationStatus.Confirmed, actor with { Name = Actor.Waitlist }, "a seat came free"));
        }
        await db.SaveChangesAsync(cancellationToken);
        return waiting.Count;
    }

    private Task<int> SeatsHeldAsync(Guid meetingId, CancellationToken cancellationToken) =>
        db.Registrations.CountAsync(r => r.MeetingId == meetingId
            && (r.Status == RegistrationStatus.Confirmed || r.Status == RegistrationStatus.Attended || r.Status == RegistrationStatus.NoShow), cancellationToken);

    /// <summary>
    /// The member as the replica holds it, read <c>FOR SHARE</c>: a departure being applied (which moves the row
    /// forward before it cancels) is waited for, so a registration never slips in beside it.
    /// </summary>
    private Task<ReplicatedMember?> ReadMemberAsync(Guid memberId, CancellationToken cancellationToken) =>
        MemberReplicaStore.ReadSharedAsync(db, memberId, cancellationToken);

    /// <summary>Members register; observers and strategic partners where the meeting lets them; only while active.</summary>
    private static void EnsureEligible(Meeting meeting, ReplicatedMember? member)
    {
        if (member is null)
        {
            throw EventsRefusal.Conflict("Not a member.", "This organisation is not (yet) known as a member of the Alliance here.");
        }
        if (member.Status != "active")
        {
            throw EventsRefusal.Conflict("The member is not active.", $"The membership is {member.Status}; only active members register delegates.");
        }
        var allowed = member.Category switch
        {
            "member" => true,
            "observer" => meeting.OpenToObservers,
            "strategic_partner" => meeting.OpenToStrategicPartners,
            _ => false,
        };
        if (!allowed)
        {
            throw EventsRefusal.Conflict("The meeting is for members.",
                $"A {member.Category} may not register delegates for this meeting; it is open to members{(meeting.OpenToObservers ? ", observers" : "")}{(meeting.OpenToStrategicPartners ? ", strategic partners" : "")}.");
        }
    }

    private async Task<Meeting?> LockAsync(Guid meetingId, CancellationToken cancellationToken)
    {
        var rows = await db.Meetings
            .FromSqlInterpolated($"SELECT * FROM events.meetings WHERE id = {meetingId} FOR UPDATE")
            .ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <summary>The meeting a registration is for, locked; null when there is no such registration.</summary>
    private async Task<Meeting?> LockMeetingOfAsync(Guid registrationId, CancellationToken cancellationToken)
    {
        var rows = await db.Meetings
            .FromSqlInterpolated($"SELECT m.* FROM events.meetings m JOIN events.registrations r ON r.meeting_id = m.id WHERE r.id = {registrationId} FOR UPDATE OF m")
            .ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <summary>Runs in the caller's transaction (a consumer's inbox) or in one of its own.</summary>
    private async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var result = await work();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
