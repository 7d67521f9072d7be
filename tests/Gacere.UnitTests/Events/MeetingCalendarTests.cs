extern alias events;

using events::Gacere.Events.Calendars;
using events::Gacere.Events.Domain;
using Ical.Net;

namespace Gacere.UnitTests.Events;

public sealed class MeetingCalendarTests
{
    private static Ical.Net.CalendarComponents.CalendarEvent Single(string ics) => Assert.Single(Calendar.Load(ics)!.Events);

    [Fact]
    public void A_members_entry_adds_its_delegates_changes_to_the_meetings_sequence_under_the_same_uid()
    {
        var meeting = Given.MeetingIn(MeetingStatus.RegistrationOpen);
        var later = Given.Secretariat.At.AddDays(2);

        var alone = Single(MeetingCalendar.Serialize([meeting]));
        var waiting = Single(MeetingCalendar.Serialize([meeting], "ours",
            new Dictionary<Guid, DelegatesEntry> { [meeting.Id] = new("Your delegates: A (registered)", 1, later, NoneLeft: false) }));
        var seated = Single(MeetingCalendar.Serialize([meeting], "ours",
            new Dictionary<Guid, DelegatesEntry> { [meeting.Id] = new("Your delegates: A (confirmed)", 2, later.AddHours(1), NoneLeft: false) }));

        Assert.Equal(meeting.Sequence, alone.Sequence);
        Assert.Equal(meeting.Sequence + 1, waiting.Sequence);
        Assert.Equal(meeting.Sequence + 2, seated.Sequence);
        Assert.Equal(alone.Uid, seated.Uid);
        Assert.Equal("CONFIRMED", seated.Status);
        Assert.Equal(later.AddHours(1).UtcDateTime, seated.DtStamp!.AsUtc);
        Assert.Contains("A (confirmed)", seated.Description);
    }

    /// <summary>A meeting years ahead, alone in its zone, once made the whole calendar fail (a 500 on the file and the feed).</summary>
    [Fact]
    public void A_meeting_years_ahead_alone_in_its_zone_has_its_vtimezone_and_the_instant_it_was_planned_at()
    {
        var startsAt = new DateTime(DateTime.UtcNow.Year + 5, 3, 4, 10, 0, 0);
        var meeting = Given.Meeting(Given.Details(zone: "Europe/Brussels", startsAt: startsAt));

        var calendar = Calendar.Load(MeetingCalendar.Serialize([meeting]))!;

        Assert.Equal("Europe/Brussels", Assert.Single(calendar.TimeZones).TzId);
        var entry = Assert.Single(calendar.Events);
        Assert.Equal("Europe/Brussels", entry.DtStart!.TzId);
        Assert.Equal(startsAt, entry.DtStart.Value);
        Assert.Equal(meeting.StartsAt.UtcDateTime, entry.DtStart.AsUtc);
    }

    [Fact]
    public void A_members_entry_with_no_delegate_left_is_cancelled()
    {
        var meeting = Given.MeetingIn(MeetingStatus.RegistrationOpen);

        var withdrawn = Single(MeetingCalendar.Serialize([meeting], "ours",
            new Dictionary<Guid, DelegatesEntry> { [meeting.Id] = new("Your delegates: none", 3, Given.Secretariat.At, NoneLeft: true) }));

        Assert.Equal("CANCELLED", withdrawn.Status);
        Assert.Equal(meeting.Sequence + 3, withdrawn.Sequence);
        Assert.Equal(Given.Secretariat.At.UtcDateTime, withdrawn.DtStamp!.AsUtc); // never older than the meeting's own change
    }
}
