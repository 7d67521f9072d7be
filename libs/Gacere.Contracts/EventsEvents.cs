using MassTransit;

namespace Gacere.Contracts.Events;

// What the Events service publishes for the other services to use. No service consumes them yet, so they are
// announcements (see AnnouncementAttribute): a subscriber that starts later reads the current state from
// /api/events and then follows these. Codes use the snake_case vocabulary of DOMAIN.md ("Events").

/// <summary>
/// A meeting was made public: announced for the first time, or announced again with new dates after a
/// postponement. <see cref="Sequence"/> grows with every change of the meeting: a consumer keeps the highest.
/// </summary>
/// <param name="MeetingId">The meeting's id (its calendar UID is "{MeetingId}@events.gacere").</param>
/// <param name="Type">high_level_meeting, expert_meeting, side_event, launch or webinar.</param>
/// <param name="Title">The meeting's title.</param>
/// <param name="Format">online, in_person or hybrid.</param>
/// <param name="StartsAt">When it starts (an instant, with the meeting zone's offset).</param>
/// <param name="EndsAt">When it ends.</param>
/// <param name="TimeZone">The IANA zone the meeting is planned in.</param>
/// <param name="Venue">Where it takes place; null for an online meeting.</param>
/// <param name="AnchorEvent">The edition of the anchor event it sits beside, e.g. "WCEF2025".</param>
/// <param name="AnnouncedAt">When this announcement was made.</param>
/// <param name="Sequence">The meeting's change counter at this announcement.</param>
[Announcement]
[MessageUrn("gacere:events:meeting-announced:v1")]
public sealed record MeetingAnnounced(
    Guid MeetingId, string Type, string Title, string Format, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone,
    string? Venue, string? AnchorEvent, DateTimeOffset AnnouncedAt, int Sequence);

/// <summary>A meeting was cancelled before it was held; its registrations no longer lead anywhere.</summary>
/// <param name="MeetingId">The meeting's id.</param>
/// <param name="Title">The meeting's title.</param>
/// <param name="WasPublic">Whether it had been announced (a cancelled draft was never public).</param>
/// <param name="Reason">Why, as the secretariat gave it.</param>
/// <param name="CancelledAt">When.</param>
/// <param name="Sequence">The meeting's change counter after the cancellation.</param>
[Announcement]
[MessageUrn("gacere:events:meeting-cancelled:v1")]
public sealed record MeetingCancelled(Guid MeetingId, string Title, bool WasPublic, string Reason, DateTimeOffset CancelledAt, int Sequence);

/// <summary>A member's delegate has a seat: confirmed when registering, or later when a seat came free.</summary>
/// <param name="RegistrationId">The registration's id.</param>
/// <param name="MeetingId">The meeting.</param>
/// <param name="MemberId">The member the delegate represents.</param>
/// <param name="DelegateName">The delegate's name.</param>
/// <param name="DelegateRole">The delegate's role.</param>
/// <param name="FromWaitlist">True when the seat came free after the delegate had been waitlisted.</param>
/// <param name="ConfirmedAt">When.</param>
[Announcement]
[MessageUrn("gacere:events:registration-confirmed:v1")]
public sealed record RegistrationConfirmed(
    Guid RegistrationId, Guid MeetingId, Guid MemberId, string DelegateName, string DelegateRole, bool FromWaitlist, DateTimeOffset ConfirmedAt);
