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
