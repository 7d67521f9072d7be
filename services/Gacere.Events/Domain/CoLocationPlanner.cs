namespace Gacere.Events.Domain;

/// <summary>A GACERE meeting already on the calendar, as the planner weighs it.</summary>
public sealed record ScheduledMeeting(Guid Id, string Title, MeetingType Type, MeetingStatus Status, DateOnly StartsOn, DateOnly EndsOn);

/// <summary>A day a high-level meeting could take beside an anchor event, and what already sits on it.</summary>
public sealed record CandidateDate(DateOnly Date, string Position, IReadOnlyList<ScheduledMeeting> Conflicts);

/// <summary>An anchor event of the year with the days back-to-back with it.</summary>
public sealed record CoLocationOption(AnchorEvent Anchor, IReadOnlyList<CandidateDate> CandidateDates);

/// <summary>
/// Where the year's high-level meeting could sit: beside each anchor event of that year, taken from the
/// anchor-event data (never from year parity: UNEA-6 was in 2024, a WCEF year), on the day before it opens
/// or the day after it closes. A candidate day conflicts with any GACERE meeting (not cancelled) on that day.
/// </summary>
public static class CoLocationPlanner
{
    public const string DayBefore = "day_before";
    public const string DayAfter = "day_after";

    public static IReadOnlyList<CoLocationOption> Options(int year, IEnumerable<AnchorEvent> anchors, IReadOnlyList<ScheduledMeeting> meetings) =>
        [.. anchors
            .Where(a => a.StartsOn.Year == year || a.EndsOn.Year == year)
            .OrderBy(a => a.StartsOn).ThenBy(a => a.Edition)
            .Select(a => new CoLocationOption(a,
            [
                Candidate(a.StartsOn.AddDays(-1), DayBefore, meetings),
                Candidate(a.EndsOn.AddDays(1), DayAfter, meetings),
            ]))];

    private static CandidateDate Candidate(DateOnly date, string position, IReadOnlyList<ScheduledMeeting> meetings) =>
        new(date, position, [.. meetings
            .Where(m => m.Status != MeetingStatus.Cancelled && m.StartsOn <= date && date <= m.EndsOn)
            .OrderBy(m => m.StartsOn)]);
}
