using System.Net;
using System.Net.Http.Json;

namespace Gacere.ApiTests.Events;

/// <summary>Registration: members only, capacity held under concurrency, the waitlist in order, each focal point to its own.</summary>
[Collection(ServersCollection.Name)]
public sealed class RegistrationsApiTests(ServersFixture servers) : IAsyncLifetime
{
    private EventsService _events = null!;

    public async Task InitializeAsync() => _events = await EventsService.StartAsync(servers);

    public async Task DisposeAsync() => await _events.DisposeAsync();

    [Fact]
    public async Task Fifty_concurrent_registrations_for_ten_seats_confirm_exactly_ten_and_waitlist_the_rest_in_order()
    {
        var meetingId = await _events.OpenMeetingAsync(capacity: 10);
        var members = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            members.Add(await _events.AddMemberAsync());
        }
        using var start = new SemaphoreSlim(0);

        var registrations = Enumerable.Range(0, 50).Select(async n =>
        {
            await start.WaitAsync();
            using var response = await _events.RegisterAsync(meetingId, members[n % members.Count], EventsService.Delegate(n));
            Assert.True(response.StatusCode == HttpStatusCode.Created, await Responses.Describe(response));
            return await Responses.JsonAsync(response);
        }).ToArray();
        start.Release(50);
        var answers = await Task.WhenAll(registrations);

        Assert.Equal(10, answers.Count(a => a.GetProperty("status").GetString() == "confirmed"));
        Assert.Equal(40, answers.Count(a => a.GetProperty("status").GetString() == "registered"));
        var stored = await _events.RegistrationsAsync(meetingId); // in queue order
        Assert.Equal(50, stored.Length);
        Assert.All(stored[..10], r => Assert.Equal("confirmed", r.GetProperty("status").GetString()));
        Assert.All(stored[10..], r => Assert.Equal("registered", r.GetProperty("status").GetString()));
        Assert.Equal(Enumerable.Range(1, 40), stored[10..].Select(r => r.GetProperty("waitlistPosition").GetInt32()));
        // Each answer told its caller the place it got, and no two callers got the same one.
        Assert.Equal(Enumerable.Range(1, 40), answers.Where(a => a.GetProperty("status").GetString() == "registered")
            .Select(a => a.GetProperty("waitlistPosition").GetInt32()).Order());

        // A cancellation gives the seat to the first on the waitlist, and everyone behind moves up one place.
        var firstWaiting = stored[10].GetProperty("id").GetGuid();
        var confirmed = stored[3];
        using (var focalPoint = _events.FocalPoint(confirmed.GetProperty("memberId").GetGuid()))
        using (var cancelled = await focalPoint.PostAsJsonAsync(
                   $"{EventsService.Prefix}/registrations/{confirmed.GetProperty("id").GetGuid()}/cancellation", new { reason = "Travel cancelled" }))
        {
            Assert.True(cancelled.StatusCode == HttpStatusCode.OK, await Responses.Describe(cancelled));
            Assert.Equal("cancelled", (await Responses.JsonAsync(cancelled)).GetProperty("status").GetString());
        }
        var after = await _events.RegistrationsAsync(meetingId);
        Assert.Equal(10, after.Count(r => r.GetProperty("status").GetString() == "confirmed"));
        var promoted = after.Single(r => r.GetProperty("id").GetGuid() == firstWaiting);
        Assert.Equal("confirmed", promoted.GetProperty("status").GetString());
        Assert.Equal(1, after[11].GetProperty("waitlistPosition").GetInt32());
        Assert.Equal(39, after.Count(r => r.GetProperty("status").GetString() == "registered"));

        using var secretariat = _events.Secretariat();
        using var trail = await secretariat.GetAsync($"{EventsService.Prefix}/registrations/{firstWaiting}/transitions");
        var last = (await Responses.JsonAsync(trail)).EnumerateArray().Last();
        Assert.Equal("confirmed", last.GetProperty("to").GetString());
        Assert.Equal("system:waitlist", last.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Raising_the_capacity_seats_the_waitlist_in_order()
    {
        var meetingId = await _events.OpenMeetingAsync(capacity: 1);
        var member = await _events.AddMemberAsync();
        for (var n = 1; n <= 4; n++)
        {
            await _events.RegisterOkAsync(meetingId, member, EventsService.Delegate(n));
        }
        using var secretariat = _events.Secretariat();

        using var raised = await secretariat.PutAsJsonAsync($"{EventsService.Prefix}/meetings/{meetingId}", EventsService.Meeting(capacity: 3));

        Assert.True(raised.StatusCode == HttpStatusCode.OK, await Responses.Describe(raised));
        Assert.Equal(["confirmed", "confirmed", "confirmed", "registered"],
            (await _events.RegistrationsAsync(meetingId)).Select(r => r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_focal_point_sees_and_changes_only_its_own_members_registrations()
    {
        var meetingId = await _events.OpenMeetingAsync(capacity: null);
        var kenya = await _events.AddMemberAsync();
        var chile = await _events.AddMemberAsync();
        var kenyan = await _events.RegisterOkAsync(meetingId, kenya, EventsService.Delegate(1));
        await _events.RegisterOkAsync(meetingId, chile, EventsService.Delegate(2));
        var kenyanId = kenyan.GetProperty("id").GetGuid();
        using var chilean = _events.FocalPoint(chile);
        using var kenyaFocalPoint = _events.FocalPoint(kenya);

        using var read = await chilean.GetAsync($"{EventsService.Prefix}/registrations/{kenyanId}");
        using var trail = await chilean.GetAsync($"{EventsService.Prefix}/registrations/{kenyanId}/transitions");
        using var cancel = await chilean.PostAsJsonAsync($"{EventsService.Prefix}/registrations/{kenyanId}/cancellation", new { reason = "not mine" });
        using var own = await kenyaFocalPoint.GetAsync($"{EventsService.Prefix}/registrations/{kenyanId}");
        using var list = await chilean.GetAsync($"{EventsService.Prefix}/meetings/{meetingId}/registrations");

        Assert.True(read.StatusCode == HttpStatusCode.Forbidden, await Responses.Describe(read));
        Assert.True(trail.StatusCode == HttpStatusCode.Forbidden, await Responses.Describe(trail));
        Assert.True(cancel.StatusCode == HttpStatusCode.Forbidden, await Responses.Describe(cancel));
        Assert.True(own.StatusCode == HttpStatusCode.OK, await Responses.Describe(own));
        var listed = Assert.Single((await Responses.JsonAsync(list)).EnumerateArray());
        Assert.Equal(chile, listed.GetProperty("memberId").GetGuid());
        Assert.Equal("confirmed", (await _events.RegistrationsAsync(meetingId)).Single(r => r.GetProperty("id").GetGuid() == kenyanId)
            .GetProperty("status").GetString());
    }

    [Fact]
    public async Task Only_active_members_register_and_observers_only_where_the_meeting_allows_them()
    {
        var membersOnly = await _events.OpenMeetingAsync(capacity: 20);
        var observersWelcome = await _events.OpenMeetingAsync(capacity: 20, openToObservers: true);
        var observer = await _events.AddMemberAsync(category: "observer");
        var partner = await _events.AddMemberAsync(category: "strategic_partner");
        var suspended = await _events.AddMemberAsync(status: "suspended");
        var unknown = Guid.NewGuid();

        using var observerRefused = await _events.RegisterAsync(membersOnly, observer, EventsService.Delegate(1));
        using var observerAccepted = await _events.RegisterAsync(observersWelcome, observer, EventsService.Delegate(1));
        using var partnerRefused = await _events.RegisterAsync(observersWelcome, partner, EventsService.Delegate(2));
        using var suspendedRefused = await _events.RegisterAsync(membersOnly, suspended, EventsService.Delegate(3));
        using var unknownRefused = await _events.RegisterAsync(membersOnly, unknown, EventsService.Delegate(4));

        Assert.True(observerRefused.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(observerRefused));
        Assert.True(observerAccepted.StatusCode == HttpStatusCode.Created, await Responses.Describe(observerAccepted));
        Assert.True(partnerRefused.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(partnerRefused));
        Assert.True(suspendedRefused.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(suspendedRefused));
        Assert.True(unknownRefused.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(unknownRefused));
        Assert.Empty(await _events.RegistrationsAsync(membersOnly));
    }

    [Fact]
    public async Task Registration_needs_an_open_meeting_a_focal_point_and_a_valid_delegate()
    {
        var member = await _events.AddMemberAsync();
        var planned = await _events.PlanAsync(EventsService.Meeting());
        var announced = planned.GetProperty("id").GetGuid();
        await _events.MoveOkAsync(announced, "announce");
        var open = await _events.OpenMeetingAsync(capacity: 5);

        using var notOpen = await _events.RegisterAsync(announced, member, EventsService.Delegate(1));
        using var badEmail = await _events.RegisterAsync(open, member, new { name = "Ada Obi", role = "Adviser", email = "not-an-address" });
        using var noName = await _events.RegisterAsync(open, member, new { role = "Adviser", email = "ada@example.org" });
        await _events.RegisterOkAsync(open, member, EventsService.Delegate(7));
        using var twice = await _events.RegisterAsync(open, member, EventsService.Delegate(7));
        using var secretariat = _events.Secretariat();
        using var bySecretariat = await secretariat.PostAsJsonAsync($"{EventsService.Prefix}/meetings/{open}/registrations", EventsService.Delegate(8));
        using var unknownMeeting = await _events.RegisterAsync(Guid.NewGuid(), member, EventsService.Delegate(9));

        Assert.True(notOpen.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(notOpen));
        Assert.Equal(["email"], await EventsService.ProblemFieldsAsync(badEmail));
        Assert.Equal(["name"], await EventsService.ProblemFieldsAsync(noName));
        Assert.True(twice.StatusCode == HttpStatusCode.Conflict, await Responses.Describe(twice));
        Assert.Equal(HttpStatusCode.Forbidden, bySecretariat.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownMeeting.StatusCode);
    }
}
