using System.Data;
using Gacere.Events.Data;
using Gacere.Events.Domain;
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
    internal Task<Registration> RegisterAsync(Guid meetingId, Guid memberId, DelegateDetails person, Actor actor, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            var meeting = await LockAsync(meetingId, cancellationToken) ?? throw new InvalidOperationException($"Meeting {meetingId} vanished.");
            if (meeting.Status != MeetingStatus.RegistrationOpen)
            {
                throw EventsRefusal.Conflict("Registration is not open.", $"The meeting is {Vocabulary.Code(meeting.Status)}; delegates register while registration is open.");
            }
            await EnsureEligibleAsync(meeting, memberId, cancellationToken);
            var email = person.Email.ToLowerInvariant();
            if (await db.Registrations.AnyAsync(r => r.MeetingId == meetingId && r.Status != RegistrationStatus.Cancelled
                    && r.DelegateEmail.ToLower() == email, cancellationToken))
            {
                throw EventsRefusal.Conflict("Already registered.", "A delegate with this e-mail address is already registered for the meeting.");
            }
            var seatFree = meeting.Capacity is not { } capacity || await SeatsHeldAsync(meetingId, cancellationToken) < capacity;
            var (registration, trail) = Registration.Take(meeting, memberId, person.Name, person.Role, person.Email, seatFree, actor);
            db.Registrations.Add(registration);
            db.RegistrationTransitions.AddRange(trail);
            await db.SaveChangesAsync(cancellationToken);
            return registration;
        }, cancellationToken);

    /// <summary>Cancels one registration and gives its seat to the first on the waitlist.</summary>
    internal Task<Registration> CancelAsync(Guid registrationId, Actor actor, string? reason, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            var meetingId = await db.Registrations.Where(r => r.Id == registrationId).Select(r => r.MeetingId).FirstAsync(cancellationToken);
            var meeting = (await LockAsync(meetingId, cancellationToken))!;
            var registration = await db.Registrations.FirstAsync(r => r.Id == registrationId, cancellationToken);
            if (!Lifecycles.NotYetHeld(meeting.Status))
            {
                throw EventsRefusal.Conflict("The meeting is over or cancelled.", $"The meeting is {Vocabulary.Code(meeting.Status)}; registrations change only before it is held.");
            }
            db.RegistrationTransitions.Add(registration.Move(RegistrationStatus.Cancelled, actor, reason));
            await db.SaveChangesAsync(cancellationToken);
            await PromoteAsync(meeting, actor, cancellationToken);
            return registration;
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
                    db.RegistrationTransitions.Add(registration.Move(RegistrationStatus.Cancelled, actor, reason));
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
        db.RegistrationTransitions.Add(registration.Move(attended ? RegistrationStatus.Attended : RegistrationStatus.NoShow, actor, null));
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
            db.RegistrationTransitions.Add(registration.Move(RegistrationStatus.Confirmed, actor with { Name = Actor.Waitlist }, "a seat came free"));
        }
        await db.SaveChangesAsync(cancellationToken);
        return waiting.Count;
    }

    private Task<int> SeatsHeldAsync(Guid meetingId, CancellationToken cancellationToken) =>
        db.Registrations.CountAsync(r => r.MeetingId == meetingId
            && (r.Status == RegistrationStatus.Confirmed || r.Status == RegistrationStatus.Attended || r.Status == RegistrationStatus.NoShow), cancellationToken);

    /// <summary>
    /// Members register; observers and strategic partners where the meeting lets them; only while active.
    /// The replica says who is active; a newer departure the registration consumer has already applied wins over it.
    /// </summary>
    private async Task EnsureEligibleAsync(Meeting meeting, Guid memberId, CancellationToken cancellationToken)
    {
        var member = await db.Set<ReplicatedMember>().AsNoTracking().FirstOrDefaultAsync(m => m.MemberId == memberId, cancellationToken)
            ?? throw EventsRefusal.Conflict("Not a member.", "This organisation is not (yet) known as a member of the Alliance here.");
        var standing = await db.MemberStandings.AsNoTracking().FirstOrDefaultAsync(s => s.MemberId == memberId, cancellationToken);
        var status = standing is not null && standing.Version > member.Version ? standing.Status : member.Status;
        if (status != "active")
        {
            throw EventsRefusal.Conflict("The member is not active.", $"The membership is {status}; only active members register delegates.");
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
