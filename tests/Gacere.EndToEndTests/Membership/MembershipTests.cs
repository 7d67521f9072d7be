using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Gacere.EndToEndTests.Membership;

/// <summary>Issue 4 through the gateway: apply, admit, publish; idempotency, rules, security, limits, cache.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MembershipTests(TopologyFixture platform)
{
    private readonly MembershipClient _membership = new(platform);

    [Fact]
    public async Task Apply_review_approve_puts_the_member_in_the_directory_and_every_replica_within_two_seconds()
    {
        var organisation = MembershipClient.UniqueName("Repair Cafe Nairobi");
        var (applicationId, trackingToken) = await _membership.SubmitValidAsync(organisation);
        using (var status = await _membership.Anonymous.GetAsync($"/api/membership/applications/status/{trackingToken}"))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            Assert.Equal("submitted", (await status.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
        }

        var memberId = await _membership.AdmitAsync(applicationId);
        var clock = Stopwatch.StartNew();

        // The directory is read straight after the approval: no waiting, the cache was evicted on commit.
        var entry = await _membership.DirectoryEntryAsync(memberId, "orgType=ngo_civil_society&pageSize=100");
        Assert.True(entry is not null, "the approved member is not in the directory");
        Assert.Equal(organisation, entry.Value.GetProperty("organisationName").GetString());
        Assert.Equal("supporting_stakeholder", entry.Value.GetProperty("category").GetString());

        var everyReplica = await Eventually.HoldsAsync(async () =>
        {
            var statuses = await Task.WhenAll(MembershipClient.ReplicaPrefixes.Select(prefix => _membership.ReplicaStatusAsync(prefix, memberId)));
            return statuses.All(s => s == "active");
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
        var elapsed = clock.Elapsed;
        Assert.True(everyReplica, "a replica never learned of the new member\n" + platform.RecentLog());
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"the replicas took {elapsed.TotalMilliseconds:F0} ms");

        using (var status = await _membership.Anonymous.GetAsync($"/api/membership/applications/status/{trackingToken}"))
        {
            var view = (await status.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("approved", view["status"]!.GetValue<string>());
            Assert.Equal(memberId, view["memberId"]!.GetValue<Guid>());
        }
    }

    [Fact]
    public async Task The_same_Idempotency_Key_twice_creates_one_application_and_replays_the_first_response()
    {
        var organisation = MembershipClient.UniqueName("Circular Textiles Lima");
        var key = Guid.NewGuid().ToString();
        var body = MembershipClient.Application(organisation, country: "PER");

        using var first = await _membership.SubmitAsync(body, key);
        using var second = await _membership.SubmitAsync(body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await _membership.ApplicationsNamedAsync(organisation));

        // The same key with a different request is a client error, not a silent replay.
        using var reused = await _membership.SubmitAsync(MembershipClient.Application(organisation + " bis", country: "PER"), key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal(0, await _membership.ApplicationsNamedAsync(organisation + " bis"));
    }

    [Fact]
    public async Task An_illegal_transition_is_a_409_problem_and_changes_nothing()
    {
        var (applicationId, trackingToken) = await _membership.SubmitValidAsync(MembershipClient.UniqueName("Zero Waste Kigali"), country: "RWA");

        // DOMAIN.md: an application is approved only from under_review.
        using var approval = await _membership.ActAsync($"/api/membership/applications/{applicationId}/approval", new { category = "observer" });

        Assert.Equal(HttpStatusCode.Conflict, approval.StatusCode);
        var problem = await MembershipClient.ProblemAsync(approval);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        using var status = await _membership.Anonymous.GetAsync($"/api/membership/applications/status/{trackingToken}");
        Assert.Equal("submitted", (await status.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_business_cannot_be_admitted_in_the_member_category()
    {
        var (applicationId, _) = await _membership.SubmitValidAsync(MembershipClient.UniqueName("Recycling Ltd"), orgType: "business", country: "CHL");
        using (var review = await _membership.ActAsync($"/api/membership/applications/{applicationId}/review"))
        {
            Assert.True(review.IsSuccessStatusCode, await MembershipClient.Describe(review));
        }

        using var approval = await _membership.ActAsync($"/api/membership/applications/{applicationId}/approval", new { category = "member" });

        Assert.True(approval.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest,
            await MembershipClient.Describe(approval));
        await MembershipClient.ProblemAsync(approval);
    }

    public static TheoryData<string, string> InvalidApplications => new()
    {
        { "missing-name", "organisation.name" },
        { "malformed-email", "focalPoint.email" },
        { "unknown-country", "organisation.countryIso3" },
        { "unknown-org-type", "organisation.orgType" },
        { "missing-alternate", "alternate" },
    };

    [Theory]
    [MemberData(nameof(InvalidApplications))]
    public async Task An_invalid_application_is_a_400_problem_naming_the_field_and_stores_nothing(string defect, string field)
    {
        var organisation = MembershipClient.UniqueName($"Invalid {defect}");
        var body = MembershipClient.Application(organisation);
        switch (defect)
        {
            case "missing-name":
                body["organisation"]!.AsObject().Remove("name");
                break;
            case "malformed-email":
                body["focalPoint"]!["email"] = "not-an-address";
                break;
            case "unknown-country":
                body["organisation"]!["countryIso3"] = "XYZ";
                break;
            case "unknown-org-type":
                body["organisation"]!["orgType"] = "pirate_ship";
                break;
            case "missing-alternate":
                body.Remove("alternate");
                break;
        }

        using var response = await _membership.SubmitAsync(body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await MembershipClient.Describe(response));
        var problem = await MembershipClient.ProblemAsync(response);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"the problem should name {field}: {problem}");
        Assert.Equal(0, await _membership.ApplicationsNamedAsync(organisation));
    }

    [Fact]
    public async Task An_oversized_application_is_a_413_problem_and_stores_nothing()
    {
        var organisation = MembershipClient.UniqueName("Oversized");
        var body = MembershipClient.Application(organisation, motivation: new string('x', 40_000));

        using var response = await _membership.SubmitAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await MembershipClient.ProblemAsync(response);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal(0, await _membership.ApplicationsNamedAsync(organisation));
    }

    [Theory]
    [InlineData("GET", "/api/membership/applications")]
    [InlineData("POST", "/api/membership/applications/0196a0a0-0000-7000-8000-000000000001/approval")]
    [InlineData("GET", "/api/membership/members")]
    public async Task Secretariat_routes_without_a_token_are_401(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { category = "observer" });
        }

        using var response = await _membership.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_focal_point_reads_and_updates_its_own_members_contacts_and_never_another_members()
    {
        var kenya = await _membership.SeededMemberAsync("KEN");
        var chile = await _membership.SeededMemberAsync("CHL");
        using var focalPoint = platform.ClientWithToken(GacereRoles.FocalPoint, kenya);
        var contacts = new
        {
            focalPoint = new { name = "Wanjiru Kamau", email = "wanjiru@environment.go.ke" },
            alternate = new { name = "Otieno Odhiambo", email = "otieno@environment.go.ke", phone = "+254 20 765 4321" },
        };

        using (var own = await focalPoint.PutAsJsonAsync($"/api/membership/members/{kenya}/contacts", contacts))
        {
            Assert.True(own.StatusCode == HttpStatusCode.OK, await MembershipClient.Describe(own));
        }
        var read = await focalPoint.GetFromJsonAsync<JsonObject>($"/api/membership/members/{kenya}/contacts");
        Assert.Equal("wanjiru@environment.go.ke", read!["focalPoint"]!["email"]!.GetValue<string>());

        using var otherRead = await focalPoint.GetAsync($"/api/membership/members/{chile}/contacts");
        using var otherWrite = await focalPoint.PutAsJsonAsync($"/api/membership/members/{chile}/contacts", contacts);
        using var otherMember = await focalPoint.GetAsync($"/api/membership/members/{chile}");
        using var secretariatOnly = await focalPoint.GetAsync("/api/membership/applications");

        Assert.Equal(HttpStatusCode.Forbidden, otherRead.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherWrite.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherMember.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, secretariatOnly.StatusCode);
        using var secretariat = platform.ClientWithToken(GacereRoles.Secretariat);
        var chileContacts = await secretariat.GetFromJsonAsync<JsonObject>($"/api/membership/members/{chile}/contacts");
        Assert.NotEqual("wanjiru@environment.go.ke", chileContacts!["focalPoint"]?["email"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_burst_of_anonymous_submissions_is_limited_with_429_and_Retry_After()
    {
        using var client = platform.ClientFrom("127.0.0.2");
        // Empty applications: every one is refused by validation, so the burst stores nothing.
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < TopologyFixture.AnonymousWritesPerWindow + 5; i++)
        {
            statuses.Add(await _membership.SubmitAsync(new JsonObject(), client: client));
        }

        try
        {
            Assert.Equal(TopologyFixture.AnonymousWritesPerWindow, statuses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
            var limited = statuses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.Equal(5, limited.Count);
            Assert.All(limited, r => Assert.True(r.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After"));
            await MembershipClient.ProblemAsync(limited[0]);

            // Reads from the same address are a separate, larger allowance.
            using var read = await client.GetAsync("/api/membership/directory");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
        finally
        {
            statuses.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task A_withdrawal_propagates_to_every_replica_and_leaves_the_directory()
    {
        var (applicationId, _) = await _membership.SubmitValidAsync(MembershipClient.UniqueName("Resource Efficiency Network"), orgType: "international_network", country: null);
        var memberId = await _membership.AdmitAsync(applicationId, "observer");
        Assert.True(await Eventually.HoldsAsync(async () =>
            (await Task.WhenAll(MembershipClient.ReplicaPrefixes.Select(p => _membership.ReplicaStatusAsync(p, memberId)))).All(s => s == "active"),
            TimeSpan.FromSeconds(10)), "the replicas never learned of the member");

        using var withdrawal = await _membership.ActAsync($"/api/membership/members/{memberId}/withdrawal", new { reason = "The network dissolved." });
        Assert.True(withdrawal.IsSuccessStatusCode, await MembershipClient.Describe(withdrawal));

        Assert.True(await Eventually.HoldsAsync(async () =>
            (await Task.WhenAll(MembershipClient.ReplicaPrefixes.Select(p => _membership.ReplicaStatusAsync(p, memberId)))).All(s => s == "withdrawn"),
            TimeSpan.FromSeconds(10)), "a replica still shows the member active\n" + platform.RecentLog());
        Assert.Null(await _membership.DirectoryEntryAsync(memberId, "orgType=international_network&pageSize=100"));

        // Withdrawn is final: suspending a withdrawn member is an illegal transition.
        using var suspension = await _membership.ActAsync($"/api/membership/members/{memberId}/suspension", new { reason = "Late." });
        Assert.Equal(HttpStatusCode.Conflict, suspension.StatusCode);
    }

    [Fact]
    public async Task Repeated_directory_reads_are_served_from_the_cache_until_membership_changes()
    {
        const string query = "/api/membership/directory?region=002&pageSize=50";
        using var first = await _membership.Anonymous.GetAsync(query);
        using var second = await _membership.Anonymous.GetAsync(query);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.True(second.Headers.Age is not null, "the repeated read should be a cache hit (Age header)");

        // A change evicts: the next read is computed afresh (no Age) and shows the new member (Kenya is in Africa, M49 002).
        var (applicationId, _) = await _membership.SubmitValidAsync(MembershipClient.UniqueName("Mombasa Makers"), country: "KEN");
        var memberId = await _membership.AdmitAsync(applicationId);
        using var afterChange = await _membership.Anonymous.GetAsync(query);
        Assert.Null(afterChange.Headers.Age);
        Assert.Contains(memberId.ToString(), await afterChange.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_seeded_members_are_in_every_replica()
    {
        var kenya = await _membership.SeededMemberAsync("KEN");

        // All services start together: a seed event that met no queue stays pending and is retried, and the replica catches up.
        Assert.True(await Eventually.HoldsAsync(async () =>
            (await Task.WhenAll(MembershipClient.ReplicaPrefixes.Select(p => _membership.ReplicaStatusAsync(p, kenya)))).All(s => s == "active"),
            TimeSpan.FromSeconds(10)), "a replica lacks the seeded member Kenya");
    }

    [Fact]
    public async Task An_applicant_answers_an_information_request_with_the_tracking_token_through_the_gateway()
    {
        var (applicationId, trackingToken) = await _membership.SubmitValidAsync(MembershipClient.UniqueName("Bogota Compost"), country: "COL");
        using (var review = await _membership.ActAsync($"/api/membership/applications/{applicationId}/review"))
        {
            Assert.True(review.IsSuccessStatusCode, await MembershipClient.Describe(review));
        }
        using (var request = await _membership.ActAsync($"/api/membership/applications/{applicationId}/information-request",
                   new { message = "Please describe your work with municipalities." }))
        {
            Assert.True(request.IsSuccessStatusCode, await MembershipClient.Describe(request));
        }
        var status = await _membership.Anonymous.GetFromJsonAsync<JsonObject>($"/api/membership/applications/status/{trackingToken}");
        Assert.Equal("info_requested", status!["status"]!.GetValue<string>());
        Assert.Equal("Please describe your work with municipalities.", status["informationRequest"]!.GetValue<string>());

        using var answer = await _membership.Anonymous.PostAsJsonAsync($"/api/membership/applications/status/{trackingToken}/information",
            new { response = "We run compost collection with four municipalities." });

        Assert.True(answer.IsSuccessStatusCode, await MembershipClient.Describe(answer));
        status = await _membership.Anonymous.GetFromJsonAsync<JsonObject>($"/api/membership/applications/status/{trackingToken}");
        Assert.Equal("under_review", status!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Seeding_is_idempotent_across_a_restart_of_the_membership_service()
    {
        using var secretariat = platform.ClientWithToken(GacereRoles.Secretariat);
        async Task<(long Total, string[] Seeded)> MembersAsync()
        {
            var page = await secretariat.GetFromJsonAsync<JsonObject>("/api/membership/members?pageSize=100");
            var seeded = page!["items"]!.AsArray()
                .Where(m => m!["applicationId"] is null)
                .Select(m => m!["memberId"]!.GetValue<string>())
                .Order(StringComparer.Ordinal)
                .ToArray();
            return (page["totalCount"]!.GetValue<long>(), seeded);
        }
        var before = await MembersAsync();
        Assert.Equal(18, before.Seeded.Length); // DOMAIN.md's verified facts: the EU, 11 founders, UNEP, UNIDO, 4 by August 2021

        await platform.Topology.RestartServiceAsync(ResourceNames.Membership);

        var after = await MembersAsync();
        Assert.Equal(before.Total, after.Total);
        Assert.Equal(before.Seeded, after.Seeded);
    }

    [Fact]
    public async Task Development_tokens_signed_with_another_key_are_refused()
    {
        using var client = new HttpClient { BaseAddress = platform.Topology.GatewayUrl };
        var foreignKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Gacere.DevHost.DevTokens.Mint(foreignKey, GacereRoles.Secretariat));

        using var response = await client.GetAsync("/api/membership/applications");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
