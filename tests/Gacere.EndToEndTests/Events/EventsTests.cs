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
