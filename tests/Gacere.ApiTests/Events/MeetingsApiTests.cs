using System.Net;
using System.Net.Http.Json;

namespace Gacere.ApiTests.Events;

/// <summary>Meetings: planning, the one-per-year rule, the lifecycle trail, time zones, the meetings on record.</summary>
[Collection(ServersCollection.Name)]
public sealed class MeetingsApiTests(ServersFixture servers) : IAsyncLifetime
{
    private const string Meetings = EventsService.Prefix + "/meetings";
    private EventsService _events = null!;

    public async Task InitializeAsync() => _events = await EventsService.StartAsync(servers);

    public async Task DisposeAsync() => await _events.DisposeAsync();

    [Fact]
    public async Task The_meetings_on_record_are_public_with_their_sources_and_shown_in_their_own_zone()
    {
        using var anonymous = _events.Anonymous();

        using var response = await anonymous.GetAsync($"{Meetings}?pageSize=100");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await Responses.Describe(response));
        var items = (await Responses.JsonAsync(response)).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(
            ["Launch of the Global Alliance on Circular Economy and Resource Efficiency", "First high-level meeting of GACERE",
             "Partnerships for a global circular economy", "GACERE side event at UNEA-6"],
            items.Select(m => m.GetProperty("title").GetString()));
        Assert.All(items, m => Assert.False(string.IsNullOrWhiteSpace(m.GetProperty("source").GetString())));
        Assert.All(items, m => Assert.Equal("held", m.GetProperty("status").GetString()));

        var firstHighLevel = items[1];
        Assert.Equal("high_level_meeting", firstHighLevel.GetProperty("type").GetString());
        Assert.Equal("2021-09-14T11:00:00+02:00", firstHighLevel.GetProperty("startsAt").GetString()); // CEST
        Assert.Equal("online", firstHighLevel.GetProperty("format").GetString());
        Assert.Equal("WCEF2021", firstHighLevel.GetProperty("anchorEvent").GetString());
        var unea6 = items[3];
        Assert.Equal("2024-02-27T18:30:00+03:00", unea6.GetProperty("startsAt").GetString()); // EAT
        Assert.Equal("2024-02-27T19:45:00+03:00", unea6.GetProperty("endsAt").GetString());
        Assert.Equal("Africa/Nairobi", unea6.GetProperty("timeZone").GetString());
        Assert.Equal("UNEA-6", unea6.GetProperty("anchorEvent").GetString());
        Assert.False(items[0].GetProperty("timesKnown").GetBoolean()); // the launch: the day is on record, not the hours
    }

    [Fact]
    public async Task A_second_high_level_meeting_in_a_year_is_409_naming_the_first_until_that_one_is_cancelled()
    {
        var first = await _events.PlanAsync(EventsService.Meeting(type: "high_level_meeting", title: "High-level meeting 2027",
            format: "hybrid", venue: "Nairobi, UN Gigiri", startsAt: "2027-02-20T10:00:00", endsAt: "2027-02-20T13:00:00", timeZone: "Africa/Nairobi"));
        var firstId = first.GetProperty("id").GetGuid();
        // 2021 already has its high-level meeting on record.
        using var secretariat = _events.Secretariat();
        var second = EventsService.Meeting(type: "high_level_meeting", title: "Second high-level meeting 2027", format: "online",
            startsAt: "2027-12-31T23:00:00", endsAt: "2027-12-31T23:30:00", timeZone: "Pacific/Auckland");

        using var refused = await secretariat.PostAsJsonAsync(Meetings, second);
        using var onRecordYear = await secretariat.PostAsJsonAsync(Meetings, EventsService.Meeting(type: "high_level_meeting",
            title: "Another 2021 meeting", format: "online", startsAt: "2021-11-02T10:00:00", endsAt: "2021-11-02T11:00:00"));

        Assert.True(refused.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(refused));
        var problem = await Responses.ProblemAsync(refused);
        Assert.Contains("High-level meeting 2027", problem.GetProperty("detail").GetString());
        Assert.Contains(firstId.ToString(), problem.GetProperty("detail").GetString());
        Assert.True(onRecordYear.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(onRecordYear));
        Assert.Contains("First high-level meeting of GACERE", (await Responses.ProblemAsync(onRecordYear)).GetProperty("detail").GetString());

        // The year is the meeting's own: 1 January 2028 in Auckland is still 2027 in UTC, and does not collide.
        using var nextYear = await secretariat.PostAsJsonAsync(Meetings, EventsService.Meeting(type: "high_level_meeting",
            title: "New Year high-level meeting", format: "online", startsAt: "2028-01-01T09:00:00", endsAt: "2028-01-01T10:00:00", timeZone: "Pacific/Auckland"));
        Assert.True(nextYear.StatusCode == HttpStatusCode.Created, await Responses.Describe(nextYear));

        using (var cancelled = await _events.MoveAsync(firstId, "cancel", "moved to another year"))
        {
            Assert.True(cancelled.StatusCode == HttpStatusCode.OK, await Responses.Describe(cancelled));
        }
        using var accepted = await secretariat.PostAsJsonAsync(Meetings, second);
        Assert.True(accepted.StatusCode == HttpStatusCode.Created, await Responses.Describe(accepted));
    }

    /// <summary>The year's one check is the database's: requests racing for one year cannot both win, and a move into a taken year is refused too.</summary>
    [Fact]
    public async Task Six_high_level_meetings_planned_at_once_for_one_year_leave_one_and_five_409s_naming_it()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(1, 6).Select(async n =>
        {
            using var secretariat = _events.Secretariat();
            using var response = await secretariat.PostAsJsonAsync(Meetings, EventsService.Meeting(type: "high_level_meeting",
                title: $"High-level meeting 2029 #{n}", format: "online", startsAt: $"2029-06-{n + 10}T10:00:00", endsAt: $"2029-06-{n + 10}T12:00:00"));
            return (response.StatusCode, Body: await Responses.JsonAsync(response));
        }));

        var created = Assert.Single(attempts, a => a.StatusCode == HttpStatusCode.Created);
        var holder = created.Body.GetProperty("id").GetGuid();
        Assert.All(attempts.Where(a => a.StatusCode != HttpStatusCode.Created), a =>
        {
            Assert.Equal(HttpStatusCode.Conflict, a.StatusCode);
            Assert.Contains(holder.ToString(), a.Body.GetProperty("detail").GetString());
        });

        var expert = await _events.PlanAsync(EventsService.Meeting(title: "Expert meeting 2029", startsAt: "2029-09-01T10:00:00", endsAt: "2029-09-01T12:00:00"));
        using var secretariatClient = _events.Secretariat();
        using var promoted = await secretariatClient.PutAsJsonAsync($"{Meetings}/{expert.GetProperty("id").GetGuid()}", EventsService.Meeting(
            type: "high_level_meeting", title: "Expert meeting 2029", format: "online", startsAt: "2029-09-01T10:00:00", endsAt: "2029-09-01T12:00:00"));
        Assert.True(promoted.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(promoted));
        Assert.Contains(holder.ToString(), (await Responses.ProblemAsync(promoted)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_expert_meeting_defaults_to_online_and_other_meetings_must_say_their_format()
    {
        var expert = await _events.PlanAsync(EventsService.Meeting());
        Assert.Equal("online", expert.GetProperty("format").GetString());

        using var secretariat = _events.Secretariat();
        using var webinar = await secretariat.PostAsJsonAsync(Meetings, EventsService.Meeting(type: "webinar"));
        Assert.Equal(["format"], await EventsService.ProblemFieldsAsync(webinar));
        using var inPerson = await secretariat.PostAsJsonAsync(Meetings, EventsService.Meeting(format: "in_person"));
        Assert.Equal(["venue"], await EventsService.ProblemFieldsAsync(inPerson));
    }

    [Fact]
    public async Task Each_move_keeps_who_when_and_why_and_the_lifecycle_refuses_what_it_does_not_allow()
    {
        var meeting = await _events.PlanAsync(EventsService.Meeting());
        var id = meeting.GetProperty("id").GetGuid();
        using var anonymous = _events.Anonymous();
        using (var draft = await anonymous.GetAsync($"{Meetings}/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode); // planned: the secretariat's draft
        }

        await _events.MoveOkAsync(id, "announce", "open_registration");
        using (var withoutReason = await _events.MoveAsync(id, "postpone"))
        {
            Assert.Equal(["reason"], await EventsService.ProblemFieldsAsync(withoutReason));
        }
        using (var postponed = await _events.MoveAsync(id, "postpone", "The venue is unavailable"))
        {
            Assert.True(postponed.StatusCode == HttpStatusCode.OK, await Responses.Describe(postponed));
        }
        using (var held = await _events.MoveAsync(id, "mark_held"))
        {
            Assert.True(held.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(held));
        }
        await _events.MoveOkAsync(id, "announce", "mark_held");
        using (var cancelAfterHeld = await _events.MoveAsync(id, "cancel", "too late"))
        {
            Assert.True(cancelAfterHeld.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(cancelAfterHeld));
        }
        using (var noDocuments = await _events.MoveAsync(id, "publish_report"))
        {
            Assert.True(noDocuments.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(noDocuments));
        }
        using var secretariat = _events.Secretariat();
        using (var documents = await secretariat.PutAsJsonAsync($"{Meetings}/{id}/outcome-documents",
                   new { documents = new[] { new { title = "Chair's summary", url = "https://example.org/summary.pdf" } } }))
        {
            Assert.True(documents.StatusCode == HttpStatusCode.OK, await Responses.Describe(documents));
        }
        await _events.MoveOkAsync(id, "publish_report");

        using var trail = await secretariat.GetAsync($"{Meetings}/{id}/transitions");
        var moves = (await Responses.JsonAsync(trail)).EnumerateArray().ToArray();
        Assert.Equal(
            ["planned", "announced", "registration_open", "postponed", "announced", "held", "report_published"],
            moves.Select(m => m.GetProperty("to").GetString()));
        var postponement = moves[3];
        Assert.Equal("registration_open", postponement.GetProperty("from").GetString());
        Assert.Equal("The venue is unavailable", postponement.GetProperty("reason").GetString());
        Assert.Equal("dev-secretariat", postponement.GetProperty("actor").GetString());
        Assert.True(postponement.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        using var published = await anonymous.GetAsync($"{Meetings}/{id}");
        Assert.Equal("report_published", (await Responses.JsonAsync(published)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Times_are_stored_as_instants_and_shown_with_the_offset_of_their_day_across_a_daylight_saving_change()
    {
        var summer = await _events.PlanAsync(EventsService.Meeting(startsAt: "2026-10-24T11:00:00", endsAt: "2026-10-24T12:00:00"));
        var winter = await _events.PlanAsync(EventsService.Meeting(startsAt: "2026-10-26T11:00:00", endsAt: "2026-10-26T12:00:00"));

        Assert.Equal("2026-10-24T11:00:00+02:00", summer.GetProperty("startsAt").GetString());
        Assert.Equal("2026-10-26T11:00:00+01:00", winter.GetProperty("startsAt").GetString());
        Assert.Equal(new DateTimeOffset(2026, 10, 24, 9, 0, 0, TimeSpan.Zero), summer.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 10, 0, 0, TimeSpan.Zero), winter.GetProperty("startsAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("timeZone", "type", "expert_meeting", "timeZone", "Mars/Olympus_Mons")]
    [InlineData("timeZone", "type", "expert_meeting", "timeZone", "CEST")]
    [InlineData("type", "type", "summit", "timeZone", "Europe/Brussels")]
    [InlineData("startsAt", "startsAt", "2026-03-29T02:30:00", "timeZone", "Europe/Brussels")] // the hour the clocks skip
    [InlineData("startsAt", "startsAt", "2026-03-10T14:00:00Z", "timeZone", "Europe/Brussels")]
    [InlineData("endsAt", "endsAt", "2027-03-10T13:00:00", "timeZone", "Europe/Brussels")]
    [InlineData("anchorEvent", "anchorEvent", "WCEF1999", "timeZone", "Europe/Brussels")]
    [InlineData("onlineLink", "onlineLink", "javascript:alert(1)", "timeZone", "Europe/Brussels")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string field, string key, string value, string zoneKey, string zone)
    {
        var meeting = EventsService.Meeting();
        meeting[key] = value;
        meeting[zoneKey] = zone;
        using var secretariat = _events.Secretariat();

        using var response = await secretariat.PostAsJsonAsync(Meetings, meeting);

        Assert.Contains(field, await EventsService.ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task Only_the_secretariat_plans_and_moves_meetings()
    {
        var memberId = await _events.AddMemberAsync();
        using var focalPoint = _events.FocalPoint(memberId);
        using var anonymous = _events.Anonymous();

        using var byFocalPoint = await focalPoint.PostAsJsonAsync(Meetings, EventsService.Meeting());
        using var byAnonymous = await anonymous.PostAsJsonAsync(Meetings, EventsService.Meeting());

        Assert.Equal(HttpStatusCode.Forbidden, byFocalPoint.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byAnonymous.StatusCode);
    }
}
