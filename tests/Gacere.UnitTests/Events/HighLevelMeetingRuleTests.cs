extern alias events;

using events::Gacere.Events.Domain;
using Gacere.ServiceDefaults;

namespace Gacere.UnitTests.Events;

public class HighLevelMeetingRuleTests
{
    private static Meeting HighLevel(string title, DateTime localStart, string zone = "Europe/Brussels") =>
        Given.Meeting(Given.Details(MeetingType.HighLevelMeeting, title, zone, localStart));

    [Fact]
    public void A_second_high_level_meeting_in_a_year_is_a_409_naming_the_first()
    {
        var first = HighLevel("High-level meeting 2027", new DateTime(2027, 2, 20, 10, 0, 0));
        var second = HighLevel("Another one", new DateTime(2027, 11, 5, 10, 0, 0));

        var refusal = Assert.Throws<EventsRefusal>(() => HighLevelMeetingRule.Ensure(second, [first]));

        Assert.Equal(RefusalKind.Conflict, refusal.Kind);
        Assert.Contains("High-level meeting 2027", refusal.Message);
        Assert.Contains(first.Id.ToString(), refusal.Message);
    }

    [Fact]
    public void Other_years_other_types_the_meeting_itself_and_cancelled_meetings_do_not_count()
    {
        var candidate = HighLevel("High-level meeting 2027", new DateTime(2027, 2, 20, 10, 0, 0));
        var lastYear = HighLevel("High-level meeting 2026", new DateTime(2026, 9, 1, 10, 0, 0));
        var expert = Given.Meeting(Given.Details(MeetingType.ExpertMeeting, startsAt: new DateTime(2027, 5, 1, 10, 0, 0)));
        var cancelled = HighLevel("Cancelled 2027", new DateTime(2027, 6, 1, 10, 0, 0));
        cancelled.Move(MeetingAction.Cancel, Given.Secretariat, "no host");

        HighLevelMeetingRule.Ensure(candidate, [candidate, lastYear, expert, cancelled]);

        Assert.Null(expert.HighLevelYear);
        Assert.Null(cancelled.HighLevelYear);
    }

    [Fact]
    public void The_year_is_the_calendar_year_where_the_meeting_takes_place()
    {
        // 1 January 2028, 09:00 in Auckland is still 31 December 2027 in UTC.
        var newYear = HighLevel("New Year meeting", new DateTime(2028, 1, 1, 9, 0, 0), "Pacific/Auckland");
        var december = HighLevel("December meeting", new DateTime(2027, 12, 31, 9, 0, 0), "Pacific/Auckland");

        Assert.Equal(2027, newYear.StartsAt.UtcDateTime.Year);
        Assert.Equal(2028, newYear.HighLevelYear);
        HighLevelMeetingRule.Ensure(newYear, [december]);
    }
}
