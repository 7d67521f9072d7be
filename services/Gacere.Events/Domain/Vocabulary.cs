using System.Text.Json;

namespace Gacere.Events.Domain;

/// <summary>Meeting types of DOMAIN.md ("Events").</summary>
public enum MeetingType
{
    HighLevelMeeting,
    ExpertMeeting,
    SideEvent,
    Launch,
    Webinar,
}

/// <summary>How people attend a meeting.</summary>
public enum MeetingFormat
{
    Online,
    InPerson,
    Hybrid,
}

/// <summary>
/// A meeting's lifecycle: <c>planned → announced → registration_open → held → report_published</c>;
/// <c>postponed</c> and <c>cancelled</c> from any state before <c>held</c>.
/// </summary>
public enum MeetingStatus
{
    Planned,
    Announced,
    RegistrationOpen,
    Held,
    ReportPublished,
    Postponed,
    Cancelled,
}

/// <summary>
/// A delegate's registration: <c>registered → confirmed → attended | no_show</c>, or <c>cancelled</c>.
/// A registration stays <c>registered</c> while it waits for a seat (the waitlist) and is confirmed when it has one.
/// </summary>
public enum RegistrationStatus
{
    Registered,
    Confirmed,
    Attended,
    NoShow,
    Cancelled,
}
