using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Npgsql;

namespace Gacere.ApiTests.Events;

/// <summary>The iCalendar files, parsed back and checked field by field.</summary>
[Collection(ServersCollection.Name)]
public sealed class CalendarApiTests(ServersFixture servers) : IAsyncLifetime
{
    private const string Feed = EventsService.Prefix + "/calendar";
    private EventsService _events = null!;

    public async Task InitializeAsync() => _events = await EventsService.StartAsync(servers);

    public async Task DisposeAsync() => await _events.DisposeAsync();

    private async Task<(Calendar Calendar, string Text, HttpResponseMessage Response)> GetAsync(string path)
    {
        using var anonymous = _events.Anonymous();
        var response = await anonymous.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Responses.Describe(response));
        var text = await response.Content.ReadAsStringAsync();
        return (Calendar.Load(text)!, text, response);
    }

    [Fact]
    public async Task The_feed_holds_every_public_meeting_with_its_zone_a_stable_uid_and_its_sequence()
    {
        var planned = await _events.PlanAsync(EventsService.Meeting(title: "Draft meeting"));
        var meeting = await _events.PlanAsync(EventsService.Meeting(title: "Expert meeting on metrics", startsAt: "2027-03-10T14:00:00", endsAt: "2027-03-10T16:30:00"));
        var id = meeting.GetProperty("id").GetGuid();
        await _events.MoveOkAsync(id, "announce");

        var (calendar, text, response) = await GetAsync(Feed);

        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("2.0", calendar.Version);
        Assert.Equal("-//GACERE//Events//EN", calendar.ProductId);
        Assert.Contains("\r\n", text); // RFC 5545 lines end in CRLF
        // The four meetings on record and the announced one; never the draft.
        Assert.Equal(5, calendar.Events.Count);
        Assert.DoesNotContain(calendar.Events, e => e.Summary == "Draft meeting");
        Assert.DoesNotContain(planned.GetProperty("id").GetGuid().ToString(), text);

        var item = Assert.Single(calendar.Events, e => e.Summary == "Expert meeting on metrics");
        Assert.Equal($"{id}@events.gacere", item.Uid);
        Assert.Equal("Europe/Brussels", item.DtStart!.TzId);
        Assert.Equal(new DateTime(2027, 3, 10, 14, 0, 0), item.DtStart.Value);
        Assert.Equal(new DateTime(2027, 3, 10, 16, 30, 0), item.DtEnd!.Value);
        Assert.Equal("CONFIRMED", item.Status);
        Assert.Equal("Online", item.Location);
        Assert.Equal(meeting.GetProperty("sequence").GetInt32() + 1, item.Sequence);
        Assert.Contains("Material footprint indicators", item.Description);
        Assert.Contains(calendar.TimeZones, tz => tz.TzId == "Europe/Brussels");
        Assert.Contains(calendar.TimeZones, tz => tz.TzId == "Africa/Nairobi");

        var unea6 = Assert.Single(calendar.Events, e => e.Summary == "GACERE side event at UNEA-6");
        Assert.Equal("0193a000-0000-7000-8000-000000000004@events.gacere", unea6.Uid);
        Assert.Equal("Africa/Nairobi", unea6.DtStart!.TzId);
        Assert.Equal(new DateTime(2024, 2, 27, 18, 30, 0), unea6.DtStart.Value);
        Assert.Equal("Nairobi", unea6.Location);
        var launch = Assert.Single(calendar.Events, e => e.Summary!.StartsWith("Launch", StringComparison.Ordinal));
        Assert.False(launch.DtStart!.HasTime); // only the day is on record
        Assert.Equal(new DateTime(2021, 2, 22), launch.DtStart.Value);
    }

    [Fact]
    public async Task A_change_bumps_the_sequence_and_the_etag_and_a_cancellation_is_status_cancelled_under_the_same_uid()
    {
        var meeting = await _events.PlanAsync(EventsService.Meeting(title: "Webinar on repair", type: "webinar", format: "online"));
        var id = meeting.GetProperty("id").GetGuid();
        await _events.MoveOkAsync(id, "announce");
        var path = $"{EventsService.Prefix}/meetings/{id}/calendar";
        var (before, _, firstResponse) = await GetAsync(path);
        var etag = firstResponse.Headers.ETag!;

        using (var anonymous = _events.Anonymous())
        {
            anonymous.DefaultRequestHeaders.IfNoneMatch.Add(etag);
            using var unchanged = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        }

        using (var secretariat = _events.Secretariat())
        using (var moved = await secretariat.PutAsJsonAsync($"{EventsService.Prefix}/meetings/{id}",
                   EventsService.Meeting(title: "Webinar on repair", type: "webinar", format: "online", startsAt: "2027-03-11T09:00:00", endsAt: "2027-03-11T10:00:00")))
        {
            Assert.True(moved.StatusCode == HttpStatusCode.OK, await Responses.Describe(moved));
        }
        var (rescheduled, _, secondResponse) = await GetAsync(path);
        using (var cancelled = await _events.MoveAsync(id, "cancel", "Speakers unavailable"))
        {
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }
        var (gone, _, _) = await GetAsync(path);

        var first = Assert.Single(before.Events);
        var second = Assert.Single(rescheduled.Events);
        var third = Assert.Single(gone.Events);
        Assert.Equal(first.Uid, second.Uid);
        Assert.Equal(first.Uid, third.Uid);
        Assert.True(second.Sequence > first.Sequence, $"{second.Sequence} after {first.Sequence}");
        Assert.True(third.Sequence > second.Sequence, $"{third.Sequence} after {second.Sequence}");
        Assert.Equal(new DateTime(2027, 3, 11, 9, 0, 0), second.DtStart!.Value);
        Assert.NotEqual(etag, secondResponse.Headers.ETag);
        Assert.Equal("CANCELLED", third.Status);
        // Still in the feed, so subscribers learn of the cancellation.
        var (feed, _, _) = await GetAsync(Feed);
        Assert.Equal("CANCELLED", Assert.Single(feed.Events, e => e.Uid == first.Uid).Status);
    }

    /// <summary>
    /// A poll is answered from the shared output cache, not rebuilt: a change made behind the API's back (straight in
    /// the database) does not show until a change through the service evicts the cached calendars.
    /// </summary>
    [Fact]
    public async Task The_feed_comes_from_the_output_cache_with_its_etag_until_a_meeting_changes()
    {
        var meeting = await _events.PlanAsync(EventsService.Meeting(title: "Webinar on reuse", type: "webinar", format: "online"));
        var id = meeting.GetProperty("id").GetGuid();
        await _events.MoveOkAsync(id, "announce");
        var (_, firstText, first) = await GetAsync(Feed);
        await using (var connection = new NpgsqlConnection(_events.Factory.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var rename = new NpgsqlCommand("UPDATE events.meetings SET title = 'Renamed behind the API' WHERE id = $1", connection);
            rename.Parameters.Add(new NpgsqlParameter { Value = id });
            Assert.Equal(1, await rename.ExecuteNonQueryAsync());
        }

        var (_, cachedText, cached) = await GetAsync(Feed);
        Assert.Equal(firstText, cachedText);
        Assert.Equal(first.Headers.ETag, cached.Headers.ETag);
        using (var anonymous = _events.Anonymous())
        {
            anonymous.DefaultRequestHeaders.IfNoneMatch.Add(first.Headers.ETag!);
            using var unchanged = await anonymous.GetAsync(Feed);
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
            Assert.Equal(first.Headers.ETag, unchanged.Headers.ETag);
        }

        await _events.MoveOkAsync(id, "open_registration");
        var (fresh, _, freshResponse) = await GetAsync(Feed);
        Assert.Equal("Renamed behind the API", Assert.Single(fresh.Events, e => e.Uid == $"{id}@events.gacere").Summary);
        Assert.NotEqual(first.Headers.ETag, freshResponse.Headers.ETag);
    }

    [Fact]
    public async Task A_meeting_never_announced_has_no_calendar()
    {
        var meeting = await _events.PlanAsync(EventsService.Meeting());
        using var anonymous = _events.Anonymous();

        using var response = await anonymous.GetAsync($"{EventsService.Prefix}/meetings/{meeting.GetProperty("id").GetGuid()}/calendar");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_members_feed_is_reached_by_its_secret_url_which_rotates_and_shows_only_that_members_meetings()
    {
        var member = await _events.AddMemberAsync();
        var other = await _events.AddMemberAsync();
        var ours = await _events.OpenMeetingAsync(capacity: null);
        var theirs = await _events.OpenMeetingAsync(capacity: null);
        var registration = await _events.RegisterOkAsync(ours, member, EventsService.Delegate(1));
        await _events.RegisterOkAsync(theirs, other, EventsService.Delegate(2));
        using var focalPoint = _events.FocalPoint(member);

        using var foreign = await focalPoint.PostAsync($"{EventsService.Prefix}/members/{other}/calendar-token", null);
        using var issued = await focalPoint.PostAsync($"{EventsService.Prefix}/members/{member}/calendar-token", null);
        Assert.True(foreign.StatusCode == HttpStatusCode.Forbidden, await Responses.Describe(foreign));
        Assert.True(issued.StatusCode == HttpStatusCode.OK, await Responses.Describe(issued));
        var firstPath = (await Responses.JsonAsync(issued)).GetProperty("path").GetString()!;

        var (calendar, _, _) = await GetAsync(firstPath);
        var item = Assert.Single(calendar.Events);
        Assert.Equal($"{ours}@events.gacere", item.Uid);
        Assert.Contains("Delegate 1 (confirmed)", item.Description);

        using var rotated = await focalPoint.PostAsync($"{EventsService.Prefix}/members/{member}/calendar-token", null);
        var secondPath = (await Responses.JsonAsync(rotated)).GetProperty("path").GetString()!;
        Assert.NotEqual(firstPath, secondPath);
        using var anonymous = _events.Anonymous();
        using (var old = await anonymous.GetAsync(firstPath))
        {
            Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        }
        using (var guessed = await anonymous.GetAsync($"{EventsService.Prefix}/registrations/calendar/{new string('A', 43)}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);
        }

        using (var cancelled = await focalPoint.PostAsJsonAsync($"{EventsService.Prefix}/registrations/{registration.GetProperty("id").GetGuid()}/cancellation", new { }))
        {
            Assert.True(cancelled.StatusCode == HttpStatusCode.OK, await Responses.Describe(cancelled));
        }
        // No delegate left: the entry stays under its UID, cancelled, so subscribers drop it from their plans.
        var (after, _, _) = await GetAsync(secondPath);
        var withdrawn = Assert.Single(after.Events);
        Assert.Equal(item.Uid, withdrawn.Uid);
        Assert.Equal("CANCELLED", withdrawn.Status);
        Assert.DoesNotContain("Delegate 1", withdrawn.Description);
    }

    /// <summary>
    /// Issue 12, item 5: the member's feed shows its delegates' statuses, so a change of status alone (a cancellation,
    /// a promotion from the waitlist) must raise that meeting's SEQUENCE and the feed's ETag under the same UID, or
    /// subscribed clients keep the stale entry; once no delegate is left the entry stays, cancelled.
    /// </summary>
    [Fact]
    public async Task A_members_feed_raises_the_sequence_and_the_etag_when_only_a_delegates_status_changes()
    {
        var member = await _events.AddMemberAsync();
        var meetingId = await _events.OpenMeetingAsync(capacity: 1);
        var first = (await _events.RegisterOkAsync(meetingId, member, EventsService.Delegate(1))).GetProperty("id").GetGuid();
        var second = (await _events.RegisterOkAsync(meetingId, member, EventsService.Delegate(2))).GetProperty("id").GetGuid();
        using var focalPoint = _events.FocalPoint(member);
        using var issued = await focalPoint.PostAsync($"{EventsService.Prefix}/members/{member}/calendar-token", null);
        Assert.True(issued.StatusCode == HttpStatusCode.OK, await Responses.Describe(issued));
        var path = (await Responses.JsonAsync(issued)).GetProperty("path").GetString()!;

        var (before, _, beforeResponse) = await GetAsync(path);
        var waiting = Assert.Single(before.Events);
        Assert.Contains("Delegate 1 (confirmed)", waiting.Description);
        Assert.Contains("Delegate 2 (registered)", waiting.Description);

        // Delegate 1 cancels; delegate 2 takes the seat from the waitlist. The meeting itself does not change.
        await CancelOkAsync(focalPoint, first);
        var (promoted, _, promotedResponse) = await GetAsync(path);
        var seated = Assert.Single(promoted.Events);
        Assert.Equal(waiting.Uid, seated.Uid);
        Assert.Contains("Delegate 2 (confirmed)", seated.Description);
        Assert.DoesNotContain("Delegate 1", seated.Description);
        Assert.True(seated.Sequence > waiting.Sequence, $"SEQUENCE {seated.Sequence} after {waiting.Sequence}");
        Assert.True(seated.DtStamp!.AsUtc >= waiting.DtStamp!.AsUtc);
        Assert.NotEqual(beforeResponse.Headers.ETag, promotedResponse.Headers.ETag);
        using (var anonymous = _events.Anonymous())
        {
            anonymous.DefaultRequestHeaders.IfNoneMatch.Add(beforeResponse.Headers.ETag!);
            using var revalidated = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, revalidated.StatusCode);
        }
        using (var anonymous = _events.Anonymous())
        {
            anonymous.DefaultRequestHeaders.IfNoneMatch.Add(promotedResponse.Headers.ETag!);
            using var unchanged = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        }

        // The last delegate cancels: the entry stays under its UID, cancelled, with a higher SEQUENCE still.
        await CancelOkAsync(focalPoint, second);
        var (left, _, leftResponse) = await GetAsync(path);
        var withdrawn = Assert.Single(left.Events);
        Assert.Equal(waiting.Uid, withdrawn.Uid);
        Assert.Equal("CANCELLED", withdrawn.Status);
        Assert.True(withdrawn.Sequence > seated.Sequence, $"SEQUENCE {withdrawn.Sequence} after {seated.Sequence}");
        Assert.NotEqual(promotedResponse.Headers.ETag, leftResponse.Headers.ETag);
        // The URL is a credential: no shared cache may keep (or serve) the feed.
        Assert.True(leftResponse.Headers.CacheControl is { Private: true, Public: false }, $"Cache-Control: {leftResponse.Headers.CacheControl}");

        // The public feed is untouched by registrations: its entry keeps the meeting's own sequence and status.
        var (feed, _, _) = await GetAsync(Feed);
        var open = Assert.Single(feed.Events, e => e.Uid == waiting.Uid);
        Assert.Equal("CONFIRMED", open.Status);
        using var secretariat = _events.Secretariat();
        var meeting = await Responses.JsonAsync(await secretariat.GetAsync($"{EventsService.Prefix}/meetings/{meetingId}"));
        Assert.Equal(meeting.GetProperty("sequence").GetInt32(), open.Sequence);
    }

    private static async Task CancelOkAsync(HttpClient focalPoint, Guid registrationId)
    {
        using var cancelled = await focalPoint.PostAsJsonAsync($"{EventsService.Prefix}/registrations/{registrationId}/cancellation", new { reason = "Travel cancelled" });
        Assert.True(cancelled.StatusCode == HttpStatusCode.OK, await Responses.Describe(cancelled));
    }

    /// <summary>
    /// An independent reader: Mozilla's ical.js (Thunderbird's parser) reads the feed, resolves every TZID through the
    /// file's own VTIMEZONEs, and must land on the very instants the API states for each meeting.
    /// </summary>
    [Fact]
    public async Task Ical_js_reads_the_feed_and_resolves_every_meeting_to_the_instants_the_api_states()
    {
        var reader = RepositoryRoot.PathOf("tests", "Gacere.ApiTests", "Events", "icaljs");
        Assert.True(Directory.Exists(Path.Combine(reader, "node_modules", "ical.js")),
            $"ical.js is missing: run `npm ci` in {reader} (./gacere test does).");
        var autumn = await _events.PlanAsync(EventsService.Meeting(title: "Autumn expert meeting", startsAt: "2026-10-26T11:00:00", endsAt: "2026-10-26T12:30:00"));
        await _events.MoveOkAsync(autumn.GetProperty("id").GetGuid(), "announce");
        var auckland = await _events.PlanAsync(EventsService.Meeting(title: "Pacific webinar", type: "webinar", format: "online",
            startsAt: "2027-01-15T08:00:00", endsAt: "2027-01-15T09:00:00", timeZone: "Pacific/Auckland"));
        await _events.MoveOkAsync(auckland.GetProperty("id").GetGuid(), "announce", "cancel");
        var (_, text, _) = await GetAsync(Feed);
        using var anonymous = _events.Anonymous();
        var meetings = (await Responses.JsonAsync(await anonymous.GetAsync($"{EventsService.Prefix}/meetings?pageSize=100")))
            .GetProperty("items").EnumerateArray().ToArray();

        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, text);
            var start = new ProcessStartInfo("node") { WorkingDirectory = reader, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("read-calendar.mjs");
            start.ArgumentList.Add(file);
            using var node = Process.Start(start)!;
            var output = node.StandardOutput.ReadToEndAsync();
            var errors = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(node.ExitCode == 0, $"ical.js could not read the feed ({node.ExitCode}): {await errors}\n{text}");

            using var read = JsonDocument.Parse(await output);
            var calendar = read.RootElement;
            Assert.Equal("2.0", calendar.GetProperty("version").GetString());
            var events = calendar.GetProperty("events").EnumerateArray().ToDictionary(e => e.GetProperty("uid").GetString()!);
            Assert.Equal(meetings.Length, events.Count);
            foreach (var meeting in meetings)
            {
                var item = events[$"{meeting.GetProperty("id").GetGuid()}@events.gacere"];
                Assert.Equal(meeting.GetProperty("title").GetString(), item.GetProperty("summary").GetString());
                var sequence = item.GetProperty("sequence"); // absent means 0 (RFC 5545, 3.8.7.4)
                Assert.Equal(meeting.GetProperty("sequence").GetInt32(), sequence.ValueKind == JsonValueKind.Null ? 0 : sequence.GetInt32());
                Assert.Equal(meeting.GetProperty("status").GetString() == "cancelled" ? "CANCELLED" : "CONFIRMED", item.GetProperty("status").GetString());
                if (meeting.GetProperty("timesKnown").GetBoolean())
                {
                    Assert.Equal(meeting.GetProperty("timeZone").GetString(), item.GetProperty("tzid").GetString());
                    Assert.Equal(meeting.GetProperty("startsAt").GetDateTimeOffset(), DateTimeOffset.Parse(item.GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                    Assert.Equal(meeting.GetProperty("endsAt").GetDateTimeOffset(), DateTimeOffset.Parse(item.GetProperty("end").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    Assert.True(item.GetProperty("allDay").GetBoolean());
                    Assert.Equal(meeting.GetProperty("startsAt").GetString()![..10], item.GetProperty("start").GetString());
                }
            }
            // Kigali's meeting on record is an all-day entry: it names no zone, so the file defines none for it.
            Assert.Equal(["Africa/Nairobi", "Europe/Brussels", "Pacific/Auckland"],
                calendar.GetProperty("timezones").EnumerateArray().Select(z => z.GetString()).Order(StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
