using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gacere.EndToEndTests.Membership;

namespace Gacere.EndToEndTests.Events;

/// <summary>
/// Events through the gateway on the whole topology: a meeting announced and opened, a member's focal point
/// registers, membership suspends the member, and over RabbitMQ its registration is cancelled once while the
/// waitlist moves up; the calendar is public and the meeting is in it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class EventsTests(TopologyFixture platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly MembershipClient _membership = new(platform);

    [Fact]
    public async Task Announce_open_register_suspend_the_member_and_its_registration_is_cancelled_once_and_the_waitlist_promoted()
    {
        // Two members: one admitted now (to be suspended), one seeded.
        var application = MembershipClient.Application(MembershipClient.UniqueName("Circular Forum"), orgType: "intergovernmental_org", country: null);
        application["requestedCategory"] = "member";
        Guid applicationId;
        using (var submitted = await _membership.SubmitAsync(application))
        {
            Assert.True(submitted.StatusCode == HttpStatusCode.Created, await MembershipClient.Describe(submitted));
            applicationId = (await JsonAsync(submitted)).GetProperty("applicationId").GetGuid();
        }
        var leaving = await _membership.AdmitAsync(applicationId, "member");
        var staying = await _membership.SeededMemberAsync("KEN");
        foreach (var member in new[] { leaving, staying })
        {
            Assert.True(await Eventually.HoldsAsync(async () => await _membership.ReplicaStatusAsync("/api/events", member) == "active", Patience),
                $"events never learned that {member} is an active member");
        }

        using var secretariat = platform.ClientWithToken("secretariat");
        using var planned = await secretariat.PostAsJsonAsync("/api/events/meetings", new
        {
            type = "expert_meeting",
            title = $"Expert meeting {Guid.NewGuid():N}"[..30],
            startsAt = "2030-05-14T10:00:00",
            endsAt = "2030-05-14T12:00:00",
            timeZone = "Africa/Nairobi",
            capacity = 1,
        });
        Assert.True(planned.StatusCode == HttpStatusCode.Created, await MembershipClient.Describe(planned));
        var meetingId = (await JsonAsync(planned)).GetProperty("id").GetGuid();
        foreach (var action in new[] { "announce", "open_registration" })
        {
            using var moved = await secretariat.PostAsJsonAsync($"/api/events/meetings/{meetingId}/transitions", new { action });
            Assert.True(moved.StatusCode == HttpStatusCode.OK, await MembershipClient.Describe(moved));
        }

        var seated = await RegisterAsync(meetingId, leaving, "Ana Lima", "ana@example.org");
        var waiting = await RegisterAsync(meetingId, staying, "Otieno Kamau", "otieno@example.org");
        Assert.Equal("confirmed", seated.GetProperty("status").GetString());
        Assert.Equal("registered", waiting.GetProperty("status").GetString());
        Assert.Equal(1, waiting.GetProperty("waitlistPosition").GetInt32());

        using (var suspension = await _membership.ActAsync($"/api/membership/members/{leaving}/suspension", new { reason = "Contribution overdue" }))
        {
            Assert.True(suspension.IsSuccessStatusCode, await MembershipClient.Describe(suspension));
        }

        var seatedId = seated.GetProperty("id").GetGuid();
        var waitingId = waiting.GetProperty("id").GetGuid();
        Assert.True(await Eventually.HoldsAsync(async () => await StatusAsync(seatedId) == "cancelled", Patience), "the registration was not cancelled");
        Assert.True(await Eventually.HoldsAsync(async () => await StatusAsync(waitingId) == "confirmed", Patience), "the waitlist did not move up");
        using var trail = await secretariat.GetAsync($"/api/events/registrations/{seatedId}/transitions");
        var moves = (await JsonAsync(trail)).EnumerateArray().ToArray();
        var cancellation = Assert.Single(moves, m => m.GetProperty("to").GetString() == "cancelled");
        Assert.Equal("system:membership", cancellation.GetProperty("actor").GetString());
        Assert.Contains("Contribution overdue", cancellation.GetProperty("reason").GetString());

        // Public without a token through the gateway: the meeting and the calendar feed.
        using var meeting = await platform.Gateway.GetAsync($"/api/events/meetings/{meetingId}");
        Assert.True(meeting.StatusCode == HttpStatusCode.OK, await MembershipClient.Describe(meeting));
        Assert.Equal("2030-05-14T10:00:00+03:00", (await JsonAsync(meeting)).GetProperty("startsAt").GetString());
        using var feed = await platform.Gateway.GetAsync("/api/events/calendar");
        Assert.True(feed.StatusCode == HttpStatusCode.OK, await MembershipClient.Describe(feed));
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"UID:{meetingId}@events.gacere", await feed.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Through the gateway: reads of announced meetings and calendars need no token; a draft is not public anywhere;
    /// every write needs a token (401) and the right role (403), and so do the secretariat's reads.
    /// </summary>
    [Fact]
    public async Task Public_reads_are_anonymous_drafts_are_not_public_and_writes_need_a_token_and_the_right_role()
    {
        using var secretariat = platform.ClientWithToken(GacereRoles.Secretariat);
        var announcedId = await PlanAsync(secretariat, "Public webinar");
        var draftId = await PlanAsync(secretariat, "Draft webinar");
        using (var announced = await secretariat.PostAsJsonAsync($"/api/events/meetings/{announcedId}/transitions", new { action = "announce" }))
        {
            Assert.True(announced.StatusCode == HttpStatusCode.OK, await MembershipClient.Describe(announced));
        }

        // Anonymous reads: the announced meeting, its file, the feed and the list; the draft is in none of them.
        var anonymous = platform.Gateway;
        using (var meeting = await anonymous.GetAsync($"/api/events/meetings/{announcedId}"))
        {
            Assert.True(meeting.StatusCode == HttpStatusCode.OK, await MembershipClient.Describe(meeting));
        }
        using (var file = await anonymous.GetAsync($"/api/events/meetings/{announcedId}/calendar"))
        {
            Assert.True(file.StatusCode == HttpStatusCode.OK, $"{await MembershipClient.Describe(file)}\n{platform.RecentLog(80)}");
            Assert.Equal("text/calendar", file.Content.Headers.ContentType?.MediaType);
        }
        using (var draft = await anonymous.GetAsync($"/api/events/meetings/{draftId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        }
        using (var draftFile = await anonymous.GetAsync($"/api/events/meetings/{draftId}/calendar"))
        {
            Assert.Equal(HttpStatusCode.NotFound, draftFile.StatusCode);
        }
        using (var feed = await anonymous.GetAsync("/api/events/calendar"))
        {
            Assert.True(feed.StatusCode == HttpStatusCode.OK, await MembershipClient.Describe(feed));
            var text = await feed.Content.ReadAsStringAsync();
            Assert.Contains($"UID:{announcedId}@events.gacere", text);
            Assert.DoesNotContain(draftId.ToString(), text);
        }
        var listed = new List<Guid>();
        for (var page = 1; ; page++)
        {
            using var list = await anonymous.GetAsync($"/api/events/meetings?page={page}&pageSize=100");
            Assert.True(list.StatusCode == HttpStatusCode.OK, await MembershipClient.Describe(list));
            var items = (await JsonAsync(list)).GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).ToList();
            listed.AddRange(items);
            if (items.Count < 100)
            {
                break;
            }
        }
        Assert.Contains(announcedId, listed);
        Assert.DoesNotContain(draftId, listed);
        // The secretariat sees its draft.
        using (var own = await secretariat.GetAsync($"/api/events/meetings/{draftId}"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        // Writes and the secretariat's reads: 401 without a token, 403 with the wrong role, at the gateway or the service.
        using var focalPoint = platform.ClientWithToken(GacereRoles.FocalPoint, Guid.NewGuid());
        var meetingBody = Meeting("Not allowed");
        var cases = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Post, "/api/events/meetings", meetingBody),
            (HttpMethod.Put, $"/api/events/meetings/{announcedId}", meetingBody),
            (HttpMethod.Post, $"/api/events/meetings/{announcedId}/transitions", new { action = "open_registration" }),
            (HttpMethod.Get, $"/api/events/meetings/{announcedId}/transitions", null),
            (HttpMethod.Put, $"/api/events/meetings/{announcedId}/outcome-documents", new { documents = Array.Empty<object>() }),
            (HttpMethod.Post, "/api/events/anchor-events", new { edition = "WCEF2040", series = "WCEF", startsOn = "2040-05-01", endsOn = "2040-05-03", place = "Helsinki" }),
            (HttpMethod.Get, "/api/events/planner/high-level-meeting?year=2024", null),
            (HttpMethod.Post, $"/api/events/registrations/{Guid.NewGuid()}/attendance", new { attended = true }),
        };
        foreach (var (method, path, body) in cases)
        {
            using var withoutToken = await SendAsync(anonymous, method, path, body);
            Assert.True(withoutToken.StatusCode == HttpStatusCode.Unauthorized, $"anonymous: {await MembershipClient.Describe(withoutToken)}");
            using var wrongRole = await SendAsync(focalPoint, method, path, body);
            Assert.True(wrongRole.StatusCode == HttpStatusCode.Forbidden, $"focal point: {await MembershipClient.Describe(wrongRole)}");
        }
        // A focal point's own writes need a token too; the secretariat does not register delegates.
        using (var register = await SendAsync(anonymous, HttpMethod.Post, $"/api/events/meetings/{announcedId}/registrations",
                   new { name = "Ana Lima", role = "Delegate", email = "ana@example.org" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, register.StatusCode);
        }
        using (var rotate = await SendAsync(anonymous, HttpMethod.Post, $"/api/events/members/{Guid.NewGuid()}/calendar-token", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, rotate.StatusCode);
        }
        using (var bySecretariat = await secretariat.PostAsJsonAsync($"/api/events/meetings/{announcedId}/registrations",
                   new { name = "Ana Lima", role = "Delegate", email = "ana@example.org" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bySecretariat.StatusCode);
            await MembershipClient.ProblemAsync(bySecretariat);
        }
        using (var othersToken = await focalPoint.PostAsync($"/api/events/members/{Guid.NewGuid()}/calendar-token", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, othersToken.StatusCode);
        }
    }

    private static object Meeting(string title) => new
    {
        type = "webinar",
        title = $"{title} {Guid.NewGuid():N}"[..40],
        format = "online",
        startsAt = "2031-03-04T10:00:00",
        endsAt = "2031-03-04T11:00:00",
        timeZone = "Europe/Brussels",
    };

    private static async Task<Guid> PlanAsync(HttpClient secretariat, string title)
    {
        using var planned = await secretariat.PostAsJsonAsync("/api/events/meetings", Meeting(title));
        Assert.True(planned.StatusCode == HttpStatusCode.Created, await MembershipClient.Describe(planned));
        return (await JsonAsync(planned)).GetProperty("id").GetGuid();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) });

    private async Task<JsonElement> RegisterAsync(Guid meetingId, Guid memberId, string name, string email)
    {
        using var focalPoint = platform.ClientWithToken("focal-point", memberId);
        using var response = await focalPoint.PostAsJsonAsync($"/api/events/meetings/{meetingId}/registrations", new { name, role = "Delegate", email });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await MembershipClient.Describe(response));
        return await JsonAsync(response);
    }

    private async Task<string?> StatusAsync(Guid registrationId)
    {
        using var secretariat = platform.ClientWithToken("secretariat");
        using var response = await secretariat.GetAsync($"/api/events/registrations/{registrationId}");
        return response.IsSuccessStatusCode ? (await JsonAsync(response)).GetProperty("status").GetString() : null;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
