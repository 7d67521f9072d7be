extern alias events;

using events::Gacere.Events.Domain;

namespace Gacere.UnitTests.Events;

public class CoLocationPlannerTests
{
    // DOMAIN.md's anchor events.
    private static readonly AnchorEvent[] Anchors =
    [
        new() { Edition = "UNEA-5.1", Series = "UNEA", StartsOn = new(2021, 2, 22), EndsOn = new(2021, 2, 23), Place = "online", Online = true },
        new() { Edition = "WCEF2021", Series = "WCEF", StartsOn = new(2021, 9, 13), EndsOn = new(2021, 9, 15), Place = "online (Canada, Sitra)", Online = true },
        new() { Edition = "UNEA-5.2", Series = "UNEA", StartsOn = new(2022, 2, 28), EndsOn = new(2022, 3, 2), Place = "Nairobi" },
        new() { Edition = "WCEF2022", Series = "WCEF", StartsOn = new(2022, 12, 6), EndsOn = new(2022, 12, 8), Place = "Kigali" },
        new() { Edition = "WCEF2023", Series = "WCEF", StartsOn = new(2023, 5, 30), EndsOn = new(2023, 6, 2), Place = "Helsinki" },
        new() { Edition = "UNEA-6", Series = "UNEA", StartsOn = new(2024, 2, 26), EndsOn = new(2024, 3, 1), Place = "Nairobi" },
        new() { Edition = "WCEF2024", Series = "WCEF", StartsOn = new(2024, 4, 15), EndsOn = new(2024, 4, 18), Place = "Brussels" },
        new() { Edition = "WCEF2025", Series = "WCEF", StartsOn = new(2025, 5, 13), EndsOn = new(2025, 5, 16), Place = "São Paulo" },
        new() { Edition = "UNEA-7", Series = "UNEA", StartsOn = new(2025, 12, 8), EndsOn = new(2025, 12, 12), Place = "Nairobi" },
    ];

    [Fact]
    public void In_2024_both_UNEA_6_and_WCEF2024_are_options_with_the_days_back_to_back_and_their_places()
    {
        var options = CoLocationPlanner.Options(2024, Anchors, []);

        Assert.Equal(["UNEA-6", "WCEF2024"], options.Select(o => o.Anchor.Edition));
        Assert.Equal(["Nairobi", "Brussels"], options.Select(o => o.Anchor.Place));
        Assert.Equal(
            [(new DateOnly(2024, 2, 25), "day_before"), (new DateOnly(2024, 3, 2), "day_after")],
            options[0].CandidateDates.Select(c => (c.Date, c.Position)));
        Assert.Equal(
            [(new DateOnly(2024, 4, 14), "day_before"), (new DateOnly(2024, 4, 19), "day_after")],
            options[1].CandidateDates.Select(c => (c.Date, c.Position)));
    }

    [Theory]
    [InlineData(2021, new[] { "UNEA-5.1", "WCEF2021" })]
    [InlineData(2022, new[] { "UNEA-5.2", "WCEF2022" })]
    [InlineData(2023, new[] { "WCEF2023" })] // an odd year without UNEA: parity would have guessed wrong
    [InlineData(2025, new[] { "WCEF2025", "UNEA-7" })]
    [InlineData(2026, new string[0])]
    public void The_options_come_from_the_anchor_data_never_from_year_parity(int year, string[] editions) =>
        Assert.Equal(editions, CoLocationPlanner.Options(year, Anchors, []).Select(o => o.Anchor.Edition));

    [Fact]
    public void A_candidate_day_lists_the_GACERE_meetings_already_on_it_but_not_cancelled_ones()
    {
        var expert = new ScheduledMeeting(Guid.NewGuid(), "Expert meeting", MeetingType.ExpertMeeting, MeetingStatus.Announced, new(2024, 4, 19), new(2024, 4, 19));
        var workshop = new ScheduledMeeting(Guid.NewGuid(), "Two-day workshop", MeetingType.SideEvent, MeetingStatus.Planned, new(2024, 2, 24), new(2024, 2, 25));
        var cancelled = new ScheduledMeeting(Guid.NewGuid(), "Cancelled webinar", MeetingType.Webinar, MeetingStatus.Cancelled, new(2024, 3, 2), new(2024, 3, 2));
        var sideEvent = new ScheduledMeeting(Guid.NewGuid(), "UNEA-6 side event", MeetingType.SideEvent, MeetingStatus.Held, new(2024, 2, 27), new(2024, 2, 27));

        var options = CoLocationPlanner.Options(2024, Anchors, [expert, workshop, cancelled, sideEvent]);

        var unea = options.Single(o => o.Anchor.Edition == "UNEA-6").CandidateDates;
        var wcef = options.Single(o => o.Anchor.Edition == "WCEF2024").CandidateDates;
        Assert.Equal([workshop], unea.Single(c => c.Position == "day_before").Conflicts);
        Assert.Empty(unea.Single(c => c.Position == "day_after").Conflicts);
        Assert.Empty(wcef.Single(c => c.Position == "day_before").Conflicts);
        Assert.Equal([expert], wcef.Single(c => c.Position == "day_after").Conflicts);
    }
}
