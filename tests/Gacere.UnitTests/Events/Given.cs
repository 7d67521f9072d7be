extern alias events;

using events::Gacere.Events.Domain;

namespace Gacere.UnitTests.Events;

internal static class Given
{
    public static readonly Actor Secretariat = new("dev-secretariat", new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public static MeetingDetails Details(
        MeetingType type = MeetingType.ExpertMeeting, string title = "Expert meeting", string zone = "Europe/Brussels",
        DateTime? startsAt = null, int? capacity = null)
    {
        var tz = MeetingTime.Zone(zone);
        var local = startsAt ?? new DateTime(2027, 3, 10, 14, 0, 0);
        return new MeetingDetails(type, title, MeetingFormat.Online,
            MeetingTime.ToInstant(local, tz, "startsAt"), MeetingTime.ToInstant(local.AddHours(2), tz, "endsAt"), zone,
            TimesKnown: true, null, null, capacity, null, [], false, false);
    }

    public static Meeting Meeting(MeetingDetails? details = null) => events::Gacere.Events.Domain.Meeting.Plan(details ?? Details(), Secretariat).Meeting;

    /// <summary>A meeting brought to <paramref name="status"/> by legal moves.</summary>
    public static Meeting MeetingIn(MeetingStatus status)
    {
        var meeting = Meeting();
        MeetingAction[] path = status switch
        {
            MeetingStatus.Planned => [],
            MeetingStatus.Announced => [MeetingAction.Announce],
            MeetingStatus.RegistrationOpen => [MeetingAction.Announce, MeetingAction.OpenRegistration],
            MeetingStatus.Held => [MeetingAction.Announce, MeetingAction.MarkHeld],
            MeetingStatus.ReportPublished => [MeetingAction.Announce, MeetingAction.MarkHeld, MeetingAction.PublishReport],
            MeetingStatus.Postponed => [MeetingAction.Postpone],
            MeetingStatus.Cancelled => [MeetingAction.Cancel],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var action in path)
        {
            if (action == MeetingAction.PublishReport)
            {
                meeting.RecordOutcomeDocuments([new OutcomeDocument { Title = "Summary", Url = "https://example.org/s.pdf" }], Secretariat);
            }
            meeting.Move(action, Secretariat, "because");
        }
        Assert.Equal(status, meeting.Status);
        return meeting;
    }
}
