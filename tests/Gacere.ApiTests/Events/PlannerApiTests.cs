using System.Net;
using System.Net.Http.Json;

namespace Gacere.ApiTests.Events;

/// <summary>The co-location planner over the anchor-event data, and the anchor events the secretariat adds.</summary>
[Collection(ServersCollection.Name)]
public sealed class PlannerApiTests(ServersFixture servers) : IAsyncLifetime
{
    private const string Planner = EventsService.Prefix + "/planner/high-level-meeting";
    private EventsService _events = null!;

    public async Task InitializeAsync() => _events = await EventsService.StartAsync(servers);

    public async Task DisposeAsync() => await _events.DisposeAsync();

    [Fact]
    public async Task In_2024_the_planner_offers_both_UNEA_6_and_WCEF2024_with_the_days_beside_them()
    {
        using var secretariat = _events.Secretariat();

        using var response = await secretariat.GetAsync($"{Planner}?year=2024");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await Responses.Describe(response));
        var plan = await Responses.JsonAsync(response);
        var options = plan.GetProperty("options").EnumerateArray().ToArray();
        Assert.Equal(["UNEA-6", "WCEF2024"], options.Select(o => o.GetProperty("anchorEvent").GetProperty("edition").GetString()));
        Assert.Equal(["Nairobi", "Brussels"], options.Select(o => o.GetProperty("anchorEvent").GetProperty("place").GetString()));
        Assert.Equal(["2024-02-25", "2024-03-02"], options[0].GetProperty("candidateDates").EnumerateArray().Select(c => c.GetProperty("date").GetString()));
        Assert.Equal(["day_before", "day_after"], options[0].GetProperty("candidateDates").EnumerateArray().Select(c => c.GetProperty("position").GetString()));
        Assert.Equal(["2024-04-14", "2024-04-19"], options[1].GetProperty("candidateDates").EnumerateArray().Select(c => c.GetProperty("date").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, plan.GetProperty("existingHighLevelMeeting").ValueKind);

        using var year2021 = await secretariat.GetAsync($"{Planner}?year=2021");
        Assert.Equal("First high-level meeting of GACERE",
            (await Responses.JsonAsync(year2021)).GetProperty("existingHighLevelMeeting").GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_anchor_event_the_secretariat_adds_is_planned_beside_and_meetings_on_its_days_are_conflicts()
    {
        using var secretariat = _events.Secretariat();
        var anchor = new { edition = "WCEF2027", series = "WCEF", startsOn = "2027-09-20", endsOn = "2027-09-22", place = "Geneva", online = false };

        using var added = await secretariat.PostAsJsonAsync($"{EventsService.Prefix}/anchor-events", anchor);
        using var again = await secretariat.PostAsJsonAsync($"{EventsService.Prefix}/anchor-events", anchor);
        using var backwards = await secretariat.PostAsJsonAsync($"{EventsService.Prefix}/anchor-events",
            anchor with { edition = "UNEA-8", startsOn = "2027-03-05", endsOn = "2027-03-01" });
        using var focalPoint = _events.FocalPoint(Guid.NewGuid());
        using var byFocalPoint = await focalPoint.PostAsJsonAsync($"{EventsService.Prefix}/anchor-events", anchor with { edition = "WCEF2028" });

        Assert.True(added.StatusCode == HttpStatusCode.Created, await Responses.Describe(added));
        Assert.True(again.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(again));
        Assert.Equal(["endsOn"], await EventsService.ProblemFieldsAsync(backwards));
        Assert.Equal(HttpStatusCode.Forbidden, byFocalPoint.StatusCode);

        var expert = await _events.PlanAsync(EventsService.Meeting(title: "Expert meeting beside WCEF2027",
            startsAt: "2027-09-23T09:00:00", endsAt: "2027-09-23T12:00:00", timeZone: "Europe/Zurich"));
        using var response = await secretariat.GetAsync($"{Planner}?year=2027");
        var option = Assert.Single((await Responses.JsonAsync(response)).GetProperty("options").EnumerateArray());
        Assert.Equal("WCEF2027", option.GetProperty("anchorEvent").GetProperty("edition").GetString());
        var days = option.GetProperty("candidateDates").EnumerateArray().ToArray();
        Assert.Empty(days[0].GetProperty("conflicts").EnumerateArray());
        var conflict = Assert.Single(days[1].GetProperty("conflicts").EnumerateArray());
        Assert.Equal(expert.GetProperty("id").GetGuid(), conflict.GetProperty("meetingId").GetGuid());
    }

    [Fact]
    public async Task The_years_the_planner_answers_are_the_ones_the_anchor_events_cover()
    {
        using var secretariat = _events.Secretariat();

        using var beyond = await secretariat.GetAsync($"{Planner}?year=2031");
        Assert.Equal(["year"], await EventsService.ProblemFieldsAsync(beyond));
        using var before = await secretariat.GetAsync($"{Planner}?year=2020");
        Assert.Equal(["year"], await EventsService.ProblemFieldsAsync(before));

        using (var added = await secretariat.PostAsJsonAsync($"{EventsService.Prefix}/anchor-events",
                   new { edition = "WCEF2031", series = "WCEF", startsOn = "2031-05-12", endsOn = "2031-05-14", place = "Nairobi", online = false }))
        {
            Assert.True(added.StatusCode == HttpStatusCode.Created, await Responses.Describe(added));
        }
        using var covered = await secretariat.GetAsync($"{Planner}?year=2031");
        Assert.True(covered.StatusCode == HttpStatusCode.OK, await Responses.Describe(covered));
        // A year inside the span with no anchor event of its own is a quiet year, not an error.
        using var quiet = await secretariat.GetAsync($"{Planner}?year=2028");
        Assert.True(quiet.StatusCode == HttpStatusCode.OK, await Responses.Describe(quiet));
        Assert.Empty((await Responses.JsonAsync(quiet)).GetProperty("options").EnumerateArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?year=1999")]
    [InlineData("?year=abc")]
    public async Task A_missing_or_impossible_year_is_a_400_naming_year(string query)
    {
        using var secretariat = _events.Secretariat();

        using var response = await secretariat.GetAsync($"{Planner}{query}");

        Assert.Contains("year", await EventsService.ProblemFieldsAsync(response));
    }
}
