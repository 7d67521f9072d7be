extern alias events;

using events::Gacere.Events.Domain;
using Gacere.ServiceDefaults;

namespace Gacere.UnitTests.Events;

public class MeetingTimeTests
{
    private static readonly TimeZoneInfo Brussels = MeetingTime.Zone("Europe/Brussels");

    [Fact]
    public void The_same_wall_clock_time_is_a_different_instant_on_either_side_of_the_autumn_change()
    {
        // Clocks go back in Brussels at 03:00 on 25 October 2026.
        var saturday = MeetingTime.ToInstant(new DateTime(2026, 10, 24, 11, 0, 0), Brussels, "startsAt");
        var monday = MeetingTime.ToInstant(new DateTime(2026, 10, 26, 11, 0, 0), Brussels, "startsAt");

        Assert.Equal(new DateTimeOffset(2026, 10, 24, 9, 0, 0, TimeSpan.Zero), saturday);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 10, 0, 0, TimeSpan.Zero), monday);
        Assert.Equal(TimeSpan.Zero, saturday.Offset); // stored as UTC instants
        Assert.Equal(new DateTimeOffset(2026, 10, 24, 11, 0, 0, TimeSpan.FromHours(2)), MeetingTime.InZone(saturday, Brussels));
        Assert.Equal(TimeSpan.FromHours(1), MeetingTime.InZone(monday, Brussels).Offset);
    }

    [Fact]
    public void A_meeting_across_the_change_lasts_its_real_duration()
    {
        // 01:30 to 03:30 local on the night the clocks go back is three hours, not two.
        var start = MeetingTime.ToInstant(new DateTime(2026, 10, 25, 1, 30, 0), Brussels, "startsAt");
        var end = MeetingTime.ToInstant(new DateTime(2026, 10, 25, 3, 30, 0), Brussels, "endsAt");

        Assert.Equal(TimeSpan.FromHours(3), end - start);
    }

    [Fact]
    public void A_time_the_spring_change_skips_is_refused_naming_the_field()
    {
        var refusal = Assert.Throws<EventsRefusal>(() => MeetingTime.ToInstant(new DateTime(2026, 3, 29, 2, 30, 0), Brussels, "startsAt"));

        Assert.Equal((RefusalKind.InvalidInput, "startsAt"), (refusal.Kind, refusal.Field));
    }

    [Fact]
    public void A_time_that_occurs_twice_is_its_first_occurrence()
    {
        var instant = MeetingTime.ToInstant(new DateTime(2026, 10, 25, 2, 30, 0), Brussels, "startsAt");

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), instant); // 02:30 CEST
    }

    [Fact]
    public void A_time_with_an_offset_or_Z_is_refused_the_zone_says_where()
    {
        var refusal = Assert.Throws<EventsRefusal>(() => MeetingTime.ToInstant(new DateTime(2026, 5, 1, 9, 0, 0, DateTimeKind.Utc), Brussels, "endsAt"));

        Assert.Equal("endsAt", refusal.Field);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("CEST")]
    [InlineData("W. Europe Standard Time")] // a Windows id, not IANA
    [InlineData("../../../etc/passwd")]
    [InlineData("Europe/../../Paris")]
    [InlineData("")]
    [InlineData(null)]
    public void Only_IANA_zones_are_accepted(string? zone)
    {
        var refusal = Assert.Throws<EventsRefusal>(() => MeetingTime.Zone(zone));

        Assert.Equal((RefusalKind.InvalidInput, "timeZone"), (refusal.Kind, refusal.Field));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(9999, 12, 31)]
    [InlineData(1999, 12, 31)]
    public void Times_outside_the_years_a_meeting_can_take_are_refused_naming_the_field(int year, int month, int day)
    {
        var refusal = Assert.Throws<EventsRefusal>(() => MeetingTime.ToInstant(new DateTime(year, month, day, 23, 0, 0), MeetingTime.Zone("Pacific/Kiritimati"), "startsAt"));

        Assert.Equal((RefusalKind.InvalidInput, "startsAt"), (refusal.Kind, refusal.Field));
    }

    [Fact]
    public void The_local_date_is_the_zones_date()
    {
        var instant = new DateTimeOffset(2027, 12, 31, 20, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2028, 1, 1), MeetingTime.LocalDate(instant, MeetingTime.Zone("Pacific/Auckland")));
        Assert.Equal(new DateOnly(2027, 12, 31), MeetingTime.LocalDate(instant, Brussels));
    }
}
