namespace Gacere.Events.Domain;

/// <summary>What the secretariat does to a meeting; each action is one row of <see cref="Lifecycles.Meeting"/>.</summary>
public enum MeetingAction
{
    Announce,
    OpenRegistration,
    MarkHeld,
    PublishReport,
    Postpone,
    Cancel,
}

/// <summary>
/// The meeting and registration state machines as data: (state, action) → state. A postponed meeting is
/// announced again once it has new dates; a meeting may be held without having opened registration
/// (an online webinar, a meeting on record). Postponement and cancellation come only before <c>held</c>.
/// </summary>
public static class Lifecycles
{
    public static readonly IReadOnlyDictionary<(MeetingStatus From, MeetingAction Action), MeetingStatus> Meeting =
        new Dictionary<(MeetingStatus, MeetingAction), MeetingStatus>
        {
            [(MeetingStatus.Planned, MeetingAction.Announce)] = MeetingStatus.Announced,
            [(MeetingStatus.Postponed, MeetingAction.Announce)] = MeetingStatus.Announced,
            [(MeetingStatus.Announced, MeetingAction.OpenRegistration)] = MeetingStatus.RegistrationOpen,
            [(MeetingStatus.Announced, MeetingAction.MarkHeld)] = MeetingStatus.Held,
            [(MeetingStatus.RegistrationOpen, MeetingAction.MarkHeld)] = MeetingStatus.Held,
            [(MeetingStatus.Held, MeetingAction.PublishReport)] = MeetingStatus.ReportPublished,
            [(MeetingStatus.Planned, MeetingAction.Postpone)] = MeetingStatus.Postponed,
            [(MeetingStatus.Announced, MeetingAction.Postpone)] = MeetingStatus.Postponed,
            [(MeetingStatus.RegistrationOpen, MeetingAction.Postpone)] = MeetingStatus.Postponed,
            [(MeetingStatus.Planned, MeetingAction.Cancel)] = MeetingStatus.Cancelled,
            [(MeetingStatus.Announced, MeetingAction.Cancel)] = MeetingStatus.Cancelled,
            [(MeetingStatus.RegistrationOpen, MeetingAction.Cancel)] = MeetingStatus.Cancelled,
            [(MeetingStatus.Postponed, MeetingAction.Cancel)] = MeetingStatus.Cancelled,
        };

    public static readonly IReadOnlyDictionary<RegistrationStatus, RegistrationStatus[]> Registration =
        new Dictionary<RegistrationStatus, RegistrationStatus[]>
        {
            [RegistrationStatus.Registered] = [RegistrationStatus.Confirmed, RegistrationStatus.Cancelled],
            [RegistrationStatus.Confirmed] = [RegistrationStatus.Attended, RegistrationStatus.NoShow, RegistrationStatus.Cancelled],
            [RegistrationStatus.Attended] = [],
            [RegistrationStatus.NoShow] = [],
            [RegistrationStatus.Cancelled] = [],
        };

    public static MeetingStatus? Next(MeetingStatus from, MeetingAction action) =>
        Meeting.TryGetValue((from, action), out var to) ? to : null;

    public static bool CanMove(RegistrationStatus from, RegistrationStatus to) => Registration[from].Contains(to);

    /// <summary>Before <c>held</c>: the meeting may still change, and registrations for it may still be cancelled.</summary>
    public static bool NotYetHeld(MeetingStatus status) =>
        status is MeetingStatus.Planned or MeetingStatus.Announced or MeetingStatus.RegistrationOpen or MeetingStatus.Postponed;
}
