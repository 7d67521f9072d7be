using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gacere.EndToEndTests.Membership;

namespace Gacere.EndToEndTests.Partnerships;

/// <summary>Partnerships through the gateway, with partners admitted by membership and known from the replica.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PartnershipsTests(TopologyFixture platform)
{
    private static readonly TimeSpan ReplicaPatience = TimeSpan.FromSeconds(30);
    private readonly MembershipClient _membership = new(platform);

    private async Task<Guid> AdmittedAsync(string name)
    {
        var (applicationId, _) = await _membership.SubmitValidAsync(MembershipClient.UniqueName(name));
        return await _membership.AdmitAsync(applicationId);
    }

    private async Task AwaitReplicaAsync(Guid memberId, string status) =>
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var response = await platform.Gateway.GetAsync($"/api/partnerships/members/{memberId}");
            return response.IsSuccessStatusCode &&
                   JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString() == status;
        }, ReplicaPatience), $"partnerships' replica never showed member {memberId} as {status}");

    private static JsonObject Proposal(Guid lead, Guid partner, string title, string currency = "EUR") => new()
    {
        ["title"] = title,
        ["kind"] = "bilateral",
        ["objective"] = "Collect and recycle post-consumer textile waste in Nairobi and Kampala, creating jobs for informal waste pickers.",
        ["startDate"] = "2026-01-01",
        ["endDate"] = "2028-12-31",
        ["partners"] = new JsonArray(new JsonObject { ["memberId"] = lead, ["role"] = "lead" }, new JsonObject { ["memberId"] = partner, ["role"] = "implementing" }),
        ["countries"] = new JsonArray("KEN", "UGA"),
        ["valueChains"] = new JsonArray("textiles"),
        ["sdgTargets"] = new JsonArray("12.5"),
        ["deliverables"] = new JsonArray(new JsonObject { ["title"] = "Collection points", ["dueDate"] = "2026-06-30", ["indicator"] = "points operating" }),
        ["resources"] = new JsonArray(new JsonObject { ["type"] = "financial", ["amount"] = 50000, ["currency"] = currency }),
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Proposed_by_a_focal_point_a_near_duplicate_listed_decided_and_activated_then_public_through_the_gateway()
    {
        var lead = await AdmittedAsync("Textile Recyclers Nairobi");
        var partner = await AdmittedAsync("Kampala Waste Pickers");
        var suspended = await AdmittedAsync("Suspended Recyclers");
        using (var suspension = await _membership.ActAsync($"/api/membership/members/{suspended}/suspension", new { reason = "dues unpaid" }))
        {
            Assert.True(suspension.IsSuccessStatusCode, await suspension.Content.ReadAsStringAsync());
        }
        await AwaitReplicaAsync(lead, "active");
        await AwaitReplicaAsync(partner, "active");
        await AwaitReplicaAsync(suspended, "suspended");
        using var leadsFocalPoint = platform.ClientWithToken("focal-point", lead);
        using var partnersFocalPoint = platform.ClientWithToken("focal-point", partner);
        using var secretariat = platform.ClientWithToken("secretariat");
        var title = MembershipClient.UniqueName("Textile waste recycling");

        await JsonAsync(await platform.Gateway.PostAsJsonAsync("/api/partnerships", Proposal(lead, partner, title)), HttpStatusCode.Unauthorized);
        await JsonAsync(await partnersFocalPoint.PostAsJsonAsync("/api/partnerships", Proposal(lead, partner, title)), HttpStatusCode.Forbidden);
        var withSuspended = await JsonAsync(await leadsFocalPoint.PostAsJsonAsync("/api/partnerships", Proposal(lead, suspended, title)), HttpStatusCode.BadRequest);
        Assert.True(withSuspended.GetProperty("errors").TryGetProperty("partners[1].memberId", out _), withSuspended.ToString());
        var badCurrency = await JsonAsync(await leadsFocalPoint.PostAsJsonAsync("/api/partnerships", Proposal(lead, partner, title, currency: "EURO")), HttpStatusCode.BadRequest);
        Assert.True(badCurrency.GetProperty("errors").TryGetProperty("resources[0].currency", out _), badCurrency.ToString());

        var first = await JsonAsync(await leadsFocalPoint.PostAsJsonAsync("/api/partnerships", Proposal(lead, partner, title)), HttpStatusCode.Created);
        var second = await JsonAsync(await leadsFocalPoint.PostAsJsonAsync("/api/partnerships", Proposal(lead, partner, $"{title} hubs")), HttpStatusCode.Created);
        var id = second.GetProperty("id").GetGuid();
        var candidate = second.GetProperty("duplicateCandidates").EnumerateArray()
            .Single(c => c.GetProperty("partnershipId").ValueKind == JsonValueKind.String && c.GetProperty("partnershipId").GetGuid() == first.GetProperty("id").GetGuid());
        var reasons = candidate.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("same lead", reasons);
        Assert.Contains("2 of 2 countries", reasons);

        await JsonAsync(await secretariat.PostAsJsonAsync($"/api/partnerships/{id}/review", new { }), HttpStatusCode.OK);
        foreach (var criterion in new[] { "specific", "measurable", "achievable", "resource_based", "time_bound" })
        {
            await JsonAsync(await secretariat.PostAsJsonAsync($"/api/partnerships/{id}/smart-judgements", new { criterion, judgement = "accepted" }), HttpStatusCode.OK);
        }
        await JsonAsync(await secretariat.PostAsJsonAsync($"/api/partnerships/{id}/activation", new { }), HttpStatusCode.Conflict);
        foreach (var listed in (await JsonAsync(await secretariat.GetAsync($"/api/partnerships/{id}"), HttpStatusCode.OK)).GetProperty("duplicateCandidates").EnumerateArray())
        {
            await JsonAsync(await secretariat.PostAsJsonAsync($"/api/partnerships/{id}/duplicate-decisions",
                new { candidateId = listed.GetProperty("id").GetGuid(), decision = "merge" }), HttpStatusCode.OK);
        }
        var active = await JsonAsync(await secretariat.PostAsJsonAsync($"/api/partnerships/{id}/activation", new { }), HttpStatusCode.OK);
        Assert.Equal("active", active.GetProperty("status").GetString());

        var page = await JsonAsync(await platform.Gateway.GetAsync($"/api/partnerships/public/{id}"), HttpStatusCode.OK);
        Assert.Equal($"{title} hubs", page.GetProperty("title").GetString());
        await JsonAsync(await platform.Gateway.GetAsync($"/api/partnerships/public/{first.GetProperty("id").GetGuid()}"), HttpStatusCode.NotFound);
        var list = await JsonAsync(await platform.Gateway.GetAsync("/api/partnerships/public?pageSize=100"), HttpStatusCode.OK);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetGuid() == id);
        await JsonAsync(await platform.Gateway.GetAsync($"/api/partnerships/{id}"), HttpStatusCode.Unauthorized);

        // The lead leaves the Alliance: membership's event reaches partnerships, which flags both partnerships it leads, once each.
        using (var withdrawal = await _membership.ActAsync($"/api/membership/members/{lead}/withdrawal", new { reason = "left the Alliance" }))
        {
            Assert.True(withdrawal.IsSuccessStatusCode, await withdrawal.Content.ReadAsStringAsync());
        }
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var response = await secretariat.GetAsync($"/api/partnerships/{id}");
            return response.IsSuccessStatusCode && JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("needsNewLead").GetBoolean();
        }, ReplicaPatience), "the active partnership was never flagged for a new lead");
        await AwaitReplicaAsync(lead, "withdrawn");
        foreach (var flagged in new[] { id, first.GetProperty("id").GetGuid() })
        {
            var trail = await JsonAsync(await secretariat.GetAsync($"/api/partnerships/{flagged}/trail?pageSize=100"), HttpStatusCode.OK);
            Assert.Single(trail.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "partner_withdrawn");
        }

        // The secretariat names the remaining partner the new lead of the active partnership.
        var relead = await JsonAsync(await secretariat.PostAsJsonAsync($"/api/partnerships/{id}/lead", new { memberId = partner, note = "agreed" }), HttpStatusCode.OK);
        Assert.False(relead.GetProperty("needsNewLead").GetBoolean());
        Assert.Equal("active", relead.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_best_practice_submitted_by_a_focal_point_and_published_by_the_secretariat_is_found_by_anyone_through_the_gateway()
    {
        var member = await AdmittedAsync("Deposit Systems Nairobi");
        var suspended = await AdmittedAsync("Suspended Depositors");
        using (var suspension = await _membership.ActAsync($"/api/membership/members/{suspended}/suspension", new { reason = "dues unpaid" }))
        {
            Assert.True(suspension.IsSuccessStatusCode, await suspension.Content.ReadAsStringAsync());
        }
        await AwaitReplicaAsync(member, "active");
        await AwaitReplicaAsync(suspended, "suspended");
        using var focalPoint = platform.ClientWithToken("focal-point", member);
        using var suspendedFocalPoint = platform.ClientWithToken("focal-point", suspended);
        using var secretariat = platform.ClientWithToken("secretariat");
        var word = $"zq{Guid.NewGuid():N}"[..12]; // a word only this test's practice has
        JsonObject Practice(Guid memberId) => new()
        {
            ["memberId"] = memberId,
            ["title"] = $"Bottle deposit {word}",
            ["country"] = "KEN",
            ["valueChain"] = "packaging",
            ["rStrategies"] = new JsonArray("reuse", "recycle"),
            ["language"] = "en",
            ["outcomes"] = "Return rate of PET bottles rose from 40% to 85% within two years.",
            ["source"] = "https://example.org/practices/deposit",
        };

        await JsonAsync(await platform.Gateway.PostAsJsonAsync("/api/partnerships/best-practices", Practice(member)), HttpStatusCode.Unauthorized);
        var refused = await JsonAsync(await suspendedFocalPoint.PostAsJsonAsync("/api/partnerships/best-practices", Practice(suspended)), HttpStatusCode.Conflict);
        Assert.Contains("suspended", refused.GetProperty("detail").GetString());
        var badLanguage = Practice(member);
        badLanguage["language"] = "english";
        var invalid = await JsonAsync(await focalPoint.PostAsJsonAsync("/api/partnerships/best-practices", badLanguage), HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("language", out _), invalid.ToString());

        var id = (await JsonAsync(await focalPoint.PostAsJsonAsync("/api/partnerships/best-practices", Practice(member)), HttpStatusCode.Created))
            .GetProperty("bestPracticeId").GetGuid();
        await JsonAsync(await platform.Gateway.GetAsync($"/api/partnerships/best-practices/{id}"), HttpStatusCode.NotFound);
        await JsonAsync(await secretariat.PostAsJsonAsync($"/api/partnerships/best-practices/{id}/publication", new { note = "evidence given" }), HttpStatusCode.OK);

        var page = await JsonAsync(await platform.Gateway.GetAsync($"/api/partnerships/best-practices/{id}"), HttpStatusCode.OK);
        Assert.Equal($"Bottle deposit {word}", page.GetProperty("title").GetString());
        var found = await JsonAsync(await platform.Gateway.GetAsync($"/api/partnerships/best-practices/search?q={word}&rStrategy=reuse"), HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("bestPracticeId").GetGuid());
        Assert.Equal(1, found.GetProperty("facets").GetProperty("valueChain").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "packaging").GetProperty("count").GetInt64());
        // Submissions stay behind authentication.
        await JsonAsync(await platform.Gateway.GetAsync("/api/partnerships/best-practices/submissions"), HttpStatusCode.Unauthorized);
    }
}
