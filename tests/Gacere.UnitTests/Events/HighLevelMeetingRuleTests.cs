extern alias events;

using events::Gacere.Events.Domain;
using Gacere.ServiceDefaults;

namespace Gacere.UnitTests.Events;

public class HighLevelMeetingRuleTests
{
    private static Meeting HighLevel(string title, DateTime localStart, string zone = "Europe/Brussels") =>
        Given.Meeting(Given.Details(MeetingType.HighLevelMeeting, title, zone, localStart));

    [Fact]
    public void A_year_taken_is_a_409_naming_the_meeting_that_holds_it()
    {
        var first = HighLevel("High-level meeting 2027", new DateTime(2027, 2, 20, 10, 0, 0));

        var refusal = HighLevelMeetingRule.YearTaken(first.HighLevelYear!.Value, first.Id, first.Title);

        Assert.Equal(RefusalKind.Conflict, refusal.Kind);
        Assert.Contains("2027", refusal.Message);
        Assert.Contains("High-level meeting 2027", refusal.Message);
        Assert.Contains(first.Id.ToString(), refusal.Message);
    }

    [Fact]
    public void Only_a_high_level_meeting_not_cancelled_claims_its_year()
    {
        var candidate = HighLevel("High-level meeting 2027", new DateTime(2027, 2, 20, 10, 0, 0));
        var expert = Given.Meeting(Given.Details(MeetingType.ExpertMeeting, startsAt: new DateTime(2027, 5, 1, 10, 0, 0)));
        var cancelled = HighLevel("Cancelled 2027", new DateTime(2027, 6, 1, 10, 0, 0));
        Assert.Equal(2027, cancelled.HighLevelYear);

        cancelled.Move(MeetingAction.Cancel, Given.Secretariat, "no host");

        Assert.Equal(2027, candidate.HighLevelYear);
        Assert.Null(expert.HighLevelYear);
        Assert.Null(cancelled.HighLevelYear); // a cancellation frees the year for another
    }

    [Fact]
    public void Rescheduling_into_another_year_or_type_moves_or_drops_the_claim()
    {
        var meeting = HighLevel("High-level meeting", new DateTime(2027, 2, 20, 10, 0, 0));

        meeting.Reschedule(Given.Details(MeetingType.HighLevelMeeting, "High-level meeting", startsAt: new DateTime(2028, 3, 1, 10, 0, 0)), Given.Secretariat);
        Assert.Equal(2028, meeting.HighLevelYear);

        meeting.Reschedule(Given.Details(MeetingType.ExpertMeeting, "Expert meeting", startsAt: new DateTime(2028, 3, 1, 10, 0, 0)), Given.Secretariat);
        Assert.Null(meeting.HighLevelYear);
    }

    [Fact]
    public void The_year_is_the_calendar_year_where_the_meeting_takes_place()
    {
        // 1 January 2028, 09:00 in Auckland is still 31 December 2027 in UTC.
        var newYear = HighLevel("New Year meeting", new DateTime(2028, 1, 1, 9, 0, 0), "Pacific/Auckland");
        var december = HighLevel("December meeting", new DateTime(2027, 12, 31, 9, 0, 0), "Pacific/Auckland");

        Assert.Equal(2027, newYear.StartsAt.UtcDateTime.Year);
        Assert.Equal(2028, newYear.HighLevelYear);
        Assert.Equal(2027, december.HighLevelYear);
    }
}
