using Gacere.Contracts.Events;
using Gacere.Events.Data;
using Gacere.Events.Domain;
using Gacere.Messaging;
using Gacere.ServiceDefaults;

namespace Gacere.Events.IntegrationEvents;

/// <summary>
/// What this service publishes: a meeting announced or cancelled, a delegate's seat confirmed. Each is queued
/// in the outbox beside the transition that records the move, so it leaves if and only if that move commits.
/// </summary>
internal static class PublishedEvents
{
    /// <summary>Records a meeting's move and queues the event it announces, if any.</summary>
    public static void Record(EventsDbContext db, Meeting meeting, MeetingTransition move)
    {
        db.MeetingTransitions.Add(move);
        switch (move.To)
        {
            case MeetingStatus.Announced:
                db.AddIntegrationEvent(new MeetingAnnounced(
                    meeting.Id, Vocabulary.Code(meeting.Type), meeting.Title, Vocabulary.Code(meeting.Format),
                    MeetingTime.InZone(meeting.StartsAt, MeetingTime.Zone(meeting.TimeZone)),
                    MeetingTime.InZone(meeting.EndsAt, MeetingTime.Zone(meeting.TimeZone)), meeting.TimeZone,
                    meeting.Venue, meeting.AnchorEdition, move.At, meeting.Sequence));
                break;
            case MeetingStatus.Cancelled:
                db.AddIntegrationEvent(new MeetingCancelled(meeting.Id, meeting.Title, meeting.IsPublic, move.Reason ?? "", move.At, meeting.Sequence));
                break;
        }
    }

    /// <summary>Records a registration's moves and queues <see cref="RegistrationConfirmed"/> for the one that seats it.</summary>
    public static void Record(EventsDbContext db, Registration registration, IEnumerable<RegistrationTransition> moves)
    {
        foreach (var move in moves)
        {
            db.RegistrationTransitions.Add(move);
            if (move.To == RegistrationStatus.Confirmed)
            {
                db.AddIntegrationEvent(new RegistrationConfirmed(
                    registration.Id, registration.MeetingId, registration.MemberId, registration.DelegateName, registration.DelegateRole,
                    FromWaitlist: move.From == RegistrationStatus.Registered && move.Actor == Actor.Waitlist, move.At));
            }
        }
    }

    public static void Record(EventsDbContext db, Registration registration, RegistrationTransition move) => Record(db, registration, [move]);
}
