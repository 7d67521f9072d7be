using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gacere.DevHost;
using Gacere.EndToEndTests.Membership;
using Gacere.ServiceDefaults;
using StackExchange.Redis;

namespace Gacere.EndToEndTests.Hardening;

/// <summary>
/// Issue 8 through the gateway, as an attacker or a careless client would try it: every input below once
/// reached a 500 (or a 502), let an expired token in, or told a stranger more than it should.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HardeningTests(TopologyFixture platform)
{
    private readonly MembershipClient _membership = new(platform);

    /// <summary>Every paged read of the four services, with the role that may read it (null: anonymous).</summary>
    public static TheoryData<string, string?> PagedReads => new()
    {
        { "/api/membership/directory", null },
        { "/api/membership/applications", GacereRoles.Secretariat },
        { "/api/membership/members", GacereRoles.Secretariat },
        { "/api/events/anchor-events", null },
        { "/api/policies/indicators", null },
        { "/api/partnerships/external-initiatives", null },
        { "/api/partnerships/public", null },
        { "/api/partnerships", "secretariat" },
        { "/api/partnerships/overdue-deliverables", "secretariat" },
    };

    [Fact]
    public async Task A_NUL_character_in_free_text_is_a_400_problem_naming_the_field_and_stores_nothing()
    {
        var organisation = MembershipClient.UniqueName("Nul Motivation");
        var body = MembershipClient.Application(organisation, motivation: "We repair things.\u0000 And then some more.");
        using (var submission = await _membership.SubmitAsync(body))
        {
            await AssertFieldRefusedAsync(submission, HttpStatusCode.BadRequest, "motivation");
        }
        Assert.Equal(0, await _membership.ApplicationsNamedAsync(organisation));

        var (applicationId, _) = await _membership.SubmitValidAsync(MembershipClient.UniqueName("Nul Review Note"));
        using var review = await _membership.ActAsync($"/api/membership/applications/{applicationId}/review", new { note = "looks\u0000fine" });
        await AssertFieldRefusedAsync(review, HttpStatusCode.BadRequest, "note");
    }

    [Theory]
    [MemberData(nameof(PagedReads))]
    public async Task A_page_beyond_the_bound_is_a_400_problem_naming_page(string path, string? role)
    {
        using var client = role is null ? null : platform.ClientWithToken(role);
        foreach (var page in new[] { "2147483647", "21474837", "99999999999" })
        {
            using var response = await (client ?? platform.Gateway).GetAsync($"{path}?page={page}&pageSize=100");
            await AssertFieldRefusedAsync(response, HttpStatusCode.BadRequest, "page");
        }
    }

    [Theory]
    [InlineData("requestedCategory", "strategic_partner, convener")]
    [InlineData("requestedCategory", "observer,supporting_stakeholder")]
    [InlineData("organisation.orgType", "un_entity, regional_economic_integration_org")]
    [InlineData("organisation.orgType", "2")]
    public async Task An_enum_given_as_a_list_or_a_number_is_a_400_problem_naming_the_field(string field, string value)
    {
        var organisation = MembershipClient.UniqueName("Flag List");
        var body = MembershipClient.Application(organisation, orgType: "international_network", country: null);
        var target = field == "requestedCategory" ? body : body["organisation"]!.AsObject();
        target[field.Split('.')[^1]] = value;

        using var response = await _membership.SubmitAsync(body);

        await AssertFieldRefusedAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(0, await _membership.ApplicationsNamedAsync(organisation));
    }

    [Fact]
    public async Task An_approval_in_two_categories_at_once_is_refused_and_admits_nobody()
    {
        var (applicationId, _) = await _membership.SubmitValidAsync(MembershipClient.UniqueName("Two Categories"), orgType: "international_network", country: null);
        using (var review = await _membership.ActAsync($"/api/membership/applications/{applicationId}/review"))
        {
            Assert.True(review.IsSuccessStatusCode, await MembershipClient.Describe(review));
        }

        // Observer | strategic_partner was read as the flag value 3, supporting_stakeholder, and admitted.
        using var approval = await _membership.ActAsync($"/api/membership/applications/{applicationId}/approval",
            new { category = "observer,strategic_partner" });

        await AssertFieldRefusedAsync(approval, HttpStatusCode.BadRequest, "category");
        using var secretariat = platform.ClientWithToken(GacereRoles.Secretariat);
        var application = await secretariat.GetFromJsonAsync<JsonObject>($"/api/membership/applications/{applicationId}");
        Assert.Equal("under_review", application!["status"]!.GetValue<string>());
        Assert.Null(application["memberId"]);
    }

    [Theory]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json; charset=utf-16")]
    public async Task JSON_in_an_unknown_or_other_charset_is_a_415_problem(string contentType)
    {
        var organisation = MembershipClient.UniqueName("Bogus Charset");
        using var submission = await SendJsonAsync(platform.Gateway, HttpMethod.Post, "/api/membership/applications",
            MembershipClient.Application(organisation).ToJsonString(), contentType);
        await AssertFieldRefusedAsync(submission, HttpStatusCode.UnsupportedMediaType, "Content-Type");

        using var secretariat = platform.ClientWithToken(GacereRoles.Secretariat);
        using var review = await SendJsonAsync(secretariat, HttpMethod.Post,
            $"/api/membership/applications/{Guid.NewGuid()}/review", "{}", contentType);
        await AssertFieldRefusedAsync(review, HttpStatusCode.UnsupportedMediaType, "Content-Type");

        // Straight to the service too: the policy is the service's own, not only the gateway's.
        using var direct = new HttpClient { BaseAddress = platform.Topology.ServiceUrls[ResourceNames.Membership] };
        using var directSubmission = await SendJsonAsync(direct, HttpMethod.Post, "/api/membership/applications",
            MembershipClient.Application(organisation).ToJsonString(), contentType);
        await AssertFieldRefusedAsync(directSubmission, HttpStatusCode.UnsupportedMediaType, "Content-Type");
        Assert.Equal(0, await _membership.ApplicationsNamedAsync(organisation));
    }

    [Theory]
    [InlineData("Idempotency-Key", "clé-ünïcode")]
    [InlineData("X-Anything", "naïve")]
    public async Task A_non_ASCII_header_is_a_400_problem_from_the_gateway_not_a_502(string header, string value)
    {
        using var client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = platform.Topology.GatewayUrl,
        };
        var organisation = MembershipClient.UniqueName("Non Ascii Key");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/membership/applications")
        {
            Content = JsonContent.Create(MembershipClient.Application(organisation)),
        };
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await client.SendAsync(request);

        await AssertFieldRefusedAsync(response, HttpStatusCode.BadRequest, header);
        Assert.Equal(0, await _membership.ApplicationsNamedAsync(organisation));
    }

    [Fact]
    public async Task A_token_whose_subject_is_too_long_to_record_is_refused_and_changes_nothing()
    {
        var (applicationId, _) = await _membership.SubmitValidAsync(MembershipClient.UniqueName("Long Subject"));
        using var client = new HttpClient { BaseAddress = platform.Topology.GatewayUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            DevTokens.Mint(platform.Topology.SigningKey, GacereRoles.Secretariat, subject: new string('s', 201)));

        using var review = await client.PostAsJsonAsync($"/api/membership/applications/{applicationId}/review", new { });

        Assert.Equal(HttpStatusCode.Unauthorized, review.StatusCode);
        using var secretariat = platform.ClientWithToken(GacereRoles.Secretariat);
        var application = await secretariat.GetFromJsonAsync<JsonObject>($"/api/membership/applications/{applicationId}");
        Assert.Equal("submitted", application!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_expired_a_minute_ago_is_refused_by_the_gateway_and_by_the_service()
    {
        var expired = DevTokens.Mint(platform.Topology.SigningKey, GacereRoles.Secretariat, lifetime: TimeSpan.FromSeconds(-60));
        foreach (var address in new[] { platform.Topology.GatewayUrl, platform.Topology.ServiceUrls[ResourceNames.Membership] })
        {
            using var client = new HttpClient { BaseAddress = address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", expired);
            using var response = await client.GetAsync("/api/membership/applications");
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{address}: {await MembershipClient.Describe(response)}");
        }
    }

    [Fact]
    public async Task A_refused_token_is_told_only_that_it_is_invalid()
    {
        var foreignKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        foreach (var token in new[]
                 {
                     DevTokens.Mint(foreignKey, GacereRoles.Secretariat),
                     DevTokens.Mint(platform.Topology.SigningKey, GacereRoles.Secretariat, lifetime: TimeSpan.FromMinutes(-10)),
                 })
        {
            using var client = new HttpClient { BaseAddress = platform.Topology.GatewayUrl };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.GetAsync("/api/membership/applications");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task Health_through_the_gateway_says_only_the_status()
    {
        using var response = await platform.Gateway.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body);
    }

    [Fact]
    public async Task Junk_query_parameters_do_not_mint_new_edge_cache_entries()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(platform.Topology.Servers.RedisConnectionString);
        var server = redis.GetServers()[0];
        async Task<int> EntriesAsync()
        {
            var count = 0;
            await foreach (var _ in server.KeysAsync(pattern: "gacere:output:*"))
            {
                count++;
            }
            return count;
        }
        // A page size nobody else asks for, so the entries are this test's own.
        var query = $"/api/membership/directory?pageSize={Random.Shared.Next(60, 99)}&region=150";
        var before = await EntriesAsync();

        for (var i = 0; i < 30; i++)
        {
            using var response = await platform.Gateway.GetAsync($"{query}&junk={Guid.NewGuid():N}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // One entry at the edge and one in membership (plus their tags), not one per junk value.
        var added = await EntriesAsync() - before;
        Assert.True(added <= 4, $"30 junk values added {added} cache keys");
    }

    [Fact]
    public async Task Only_declared_public_reads_pass_the_gateway_without_a_token()
    {
        // With events stopped, an anonymous read the gateway forwards fails at the hop (502/503), while one
        // the gateway itself refuses is a 401: so the answer shows who decided.
        await platform.Topology.StopServiceAsync(ResourceNames.Events);
        try
        {
            foreach (var path in new[] { "/api/events/anything-else", "/api/events/members", "/api/events/members/not-a-guid", "/api/events/anchor-events/1" })
            {
                using var response = await platform.Gateway.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, await MembershipClient.Describe(response));
                await MembershipClient.ProblemAsync(response);
            }
            using var declared = await platform.Gateway.GetAsync("/api/events/anchor-events");
            Assert.NotEqual(HttpStatusCode.Unauthorized, declared.StatusCode);
        }
        finally
        {
            await platform.Topology.StartServiceAsync(ResourceNames.Events);
        }
    }

    [Theory]
    [InlineData("/api/events/anchor-events")]
    [InlineData("/api/policies/indicators")]
    [InlineData("/api/partnerships/external-initiatives")]
    [InlineData("/api/partnerships/public")]
    [InlineData("/api/membership/directory")]
    public async Task Declared_public_reads_stay_anonymous(string path)
    {
        using var response = await platform.Gateway.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await MembershipClient.Describe(response));
    }

    [Fact]
    public async Task A_service_called_directly_caps_the_body_size_itself()
    {
        var organisation = MembershipClient.UniqueName("Direct Oversized");
        var body = MembershipClient.Application(organisation, motivation: new string('x', 200_000));
        using var direct = new HttpClient { BaseAddress = platform.Topology.ServiceUrls[ResourceNames.Membership] };

        using var response = await direct.PostAsJsonAsync("/api/membership/applications", body);

        await AssertFieldRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, "body");
    }

    [Fact]
    public async Task A_URL_over_the_platforms_limit_is_a_414_problem_naming_the_url_at_the_gateway_and_at_a_service()
    {
        const string path = "/api/events/anchor-events?pageSize=1&padding=";
        // Over the platform's limit, under Kestrel's (raised) request line: the input policy answers, not Kestrel.
        var tooLong = path + new string('a', KestrelLimits.MaxUrlLength + 1 - path.Length);
        var fits = path + new string('a', KestrelLimits.MaxUrlLength - path.Length);
        using var direct = new HttpClient { BaseAddress = platform.Topology.ServiceUrls[ResourceNames.Events] };

        foreach (var client in new[] { platform.Gateway, direct })
        {
            using (var refused = await client.GetAsync(tooLong))
            {
                await AssertFieldRefusedAsync(refused, HttpStatusCode.RequestUriTooLong, "url");
            }
            using var served = await client.GetAsync(fits);
            Assert.True(served.StatusCode == HttpStatusCode.OK, await MembershipClient.Describe(served));
        }
    }

    [Fact]
    public async Task Headers_over_the_platforms_limit_are_a_431_problem_naming_the_largest_header_at_the_gateway_and_at_a_service()
    {
        using var direct = new HttpClient { BaseAddress = platform.Topology.ServiceUrls[ResourceNames.Events] };
        // The gateway enforces the platform's limit exactly; a service also accepts what the gateway adds when it forwards.
        foreach (var (client, padding) in new[]
                 {
                     (platform.Gateway, KestrelLimits.MaxHeadersTotalSize),
                     (direct, KestrelLimits.MaxHeadersTotalSize + KestrelLimits.ForwardingAllowanceBytes),
                 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events/anchor-events?pageSize=1");
            request.Headers.Add("X-Padding", new string('a', padding));
            using var response = await client.SendAsync(request);
            await AssertFieldRefusedAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "X-Padding");
        }
    }

    [Fact]
    public async Task The_gateway_judges_the_headers_its_client_sent_at_the_very_edge_of_the_limits_not_the_correlation_id_it_adds()
    {
        // Exactly the platform's limits as the client sends them (the Host line is one of its lines and bytes): accepted; one
        // byte or one line more: refused. The X-Correlation-Id the gateway adds for the services is not the client's to count.
        var hostLine = $"Host: {platform.Gateway.BaseAddress!.Authority}\r\n".Length;
        foreach (var over in new[] { 0, 1 })
        {
            using var bytes = new HttpRequestMessage(HttpMethod.Get, "/api/events/anchor-events?pageSize=1");
            bytes.Headers.Add("X-Padding", new string('a', KestrelLimits.MaxHeadersTotalSize - hostLine - "X-Padding: \r\n".Length + over));
            using var bytesResponse = await platform.Gateway.SendAsync(bytes);

            using var lines = new HttpRequestMessage(HttpMethod.Get, "/api/events/anchor-events?pageSize=1");
            for (var i = 1; i < KestrelLimits.MaxHeaderCount + over; i++)
            {
                lines.Headers.Add($"X-Line-{i}", "x");
            }
            using var linesResponse = await platform.Gateway.SendAsync(lines);

            if (over == 0)
            {
                Assert.True(bytesResponse.StatusCode == HttpStatusCode.OK, await MembershipClient.Describe(bytesResponse));
                Assert.True(linesResponse.StatusCode == HttpStatusCode.OK, await MembershipClient.Describe(linesResponse));
                // The request passed the gateway and the service (whose limits allow what the gateway adds); the client sees an id.
                Assert.Matches("^[0-9a-f]{32}$", Assert.Single(bytesResponse.Headers.GetValues("X-Correlation-Id")));
            }
            else
            {
                await AssertFieldRefusedAsync(bytesResponse, HttpStatusCode.RequestHeaderFieldsTooLarge, "X-Padding");
                await AssertFieldRefusedAsync(linesResponse, HttpStatusCode.RequestHeaderFieldsTooLarge, "headers");
            }
        }
    }

    [Fact]
    public async Task A_body_over_the_routes_own_limit_is_a_413_problem_from_the_gateway_naming_the_body()
    {
        // 40 kB: under what membership itself accepts (64 kB), over the submission route's 16 kB at the gateway.
        var organisation = MembershipClient.UniqueName("Route Oversized");
        var body = Encoding.UTF8.GetBytes(MembershipClient.Application(organisation, motivation: new string('x', 40_000)).ToJsonString());
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await platform.Gateway.PostAsync("/api/membership/applications", content);

        await AssertFieldRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Equal(0, await _membership.ApplicationsNamedAsync(organisation));
    }

    [Fact]
    public async Task The_gateway_keeps_a_sane_correlation_id_and_replaces_an_unsafe_one_with_the_trace_id()
    {
        using var sane = new HttpRequestMessage(HttpMethod.Get, "/api/membership/directory?pageSize=1");
        sane.Headers.Add("X-Correlation-Id", "client-report.42");
        using var saneResponse = await platform.Gateway.SendAsync(sane);
        Assert.Equal("client-report.42", Assert.Single(saneResponse.Headers.GetValues("X-Correlation-Id")));

        using var unsafeId = new HttpRequestMessage(HttpMethod.Get, "/api/membership/directory?pageSize=1");
        unsafeId.Headers.Add("X-Correlation-Id", "a b;c");
        using var unsafeResponse = await platform.Gateway.SendAsync(unsafeId);
        var replaced = Assert.Single(unsafeResponse.Headers.GetValues("X-Correlation-Id"));
        Assert.Matches("^[0-9a-f]{32}$", replaced);
    }

    [Fact]
    public async Task A_newline_in_an_organisation_name_cannot_forge_a_log_line()
    {
        var marker = $"forged-{Guid.NewGuid():N}";
        var (applicationId, _) = await _membership.SubmitValidAsync($"Harmless Org\ninfo: {marker} admitted as member\r\nx");

        var lines = await LogLinesAsync(line => line.Contains(applicationId.ToString(), StringComparison.Ordinal) && line.Contains("submitted", StringComparison.Ordinal));
        var forged = platform.RecentLog(5000).Split('\n').Where(l => l.Contains(marker, StringComparison.Ordinal)).ToList();

        Assert.All(forged, line => Assert.Contains(applicationId.ToString(), line));
        Assert.Single(lines);
    }

    [Fact]
    public async Task The_published_documents_still_type_text_and_list_enum_codes()
    {
        // The input policy reads bodies itself rather than replacing converters, which would blank these schemas.
        using var document = JsonDocument.Parse(await platform.Gateway.GetStringAsync("/docs/openapi/membership.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        Assert.Contains("un_entity", schemas.GetProperty("OrgType").GetProperty("enum").EnumerateArray().Select(e => e.ToString()));
        Assert.Contains("string", schemas.GetProperty("OrganisationInput").GetProperty("properties").GetProperty("name").GetProperty("type").ToString());
    }

    private async Task<List<string>> LogLinesAsync(Func<string, bool> match)
    {
        List<string> found = [];
        await Eventually.HoldsAsync(() =>
        {
            found = [.. platform.RecentLog(5000).Split('\n').Where(match)];
            return Task.FromResult(found.Count > 0);
        }, TimeSpan.FromSeconds(5));
        return found;
    }

    private static async Task<HttpResponseMessage> SendJsonAsync(HttpClient client, HttpMethod method, string path, string json, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        return await client.SendAsync(request);
    }

    private static async Task AssertFieldRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.True(response.StatusCode == status, await MembershipClient.Describe(response));
        var problem = await MembershipClient.ProblemAsync(response);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"the problem should name {field}: {problem}");
    }
}
