using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gacere.EndToEndTests.Membership;

/// <summary>The membership API as a stakeholder and the secretariat use it, through the gateway only.</summary>
public sealed class MembershipClient(TopologyFixture platform)
{
    public static readonly string[] ReplicaPrefixes = ["/api/events", "/api/policies", "/api/partnerships"];

    public HttpClient Anonymous => platform.Gateway;

    public static JsonObject Application(string organisation, string orgType = "ngo_civil_society", string? country = "KEN", string? motivation = null) => new()
    {
        ["organisation"] = new JsonObject { ["name"] = organisation, ["orgType"] = orgType, ["countryIso3"] = country },
        ["requestedCategory"] = "supporting_stakeholder",
        ["focalPoint"] = new JsonObject { ["name"] = "Amina Otieno", ["email"] = "amina@example.org", ["phone"] = "+254 20 123 4567" },
        ["alternate"] = new JsonObject { ["name"] = "Jonas Berg", ["email"] = "jonas@example.org" },
        ["motivation"] = motivation ?? "We collect and repair electronics in three cities and want to share what we learn.",
    };

    public static string UniqueName(string what) => $"{what} {Guid.NewGuid():N}"[..(what.Length + 13)];

    public async Task<HttpResponseMessage> SubmitAsync(JsonNode body, string? idempotencyKey = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/membership/applications") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await (client ?? Anonymous).SendAsync(request);
    }

    public async Task<(Guid ApplicationId, string TrackingToken)> SubmitValidAsync(string organisation, string orgType = "ngo_civil_society", string? country = "KEN")
    {
        using var response = await SubmitAsync(Application(organisation, orgType, country));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Describe(response));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("applicationId").GetGuid(), body.RootElement.GetProperty("trackingToken").GetString()!);
    }

    public async Task<HttpResponseMessage> ActAsync(string path, object? body = null)
    {
        using var secretariat = platform.ClientWithToken(GacereRoles.Secretariat);
        return await secretariat.PostAsJsonAsync(path, body ?? new { });
    }

    /// <summary>Submitted → under review → approved; returns the new member's id.</summary>
    public async Task<Guid> AdmitAsync(Guid applicationId, string category = "supporting_stakeholder")
    {
        using (var review = await ActAsync($"/api/membership/applications/{applicationId}/review"))
        {
            Assert.True(review.IsSuccessStatusCode, await Describe(review));
        }
        using var approval = await ActAsync($"/api/membership/applications/{applicationId}/approval", new { category });
        Assert.True(approval.IsSuccessStatusCode, await Describe(approval));
        using var application = JsonDocument.Parse(await approval.Content.ReadAsStringAsync());
        Assert.Equal("approved", application.RootElement.GetProperty("status").GetString());
        return application.RootElement.GetProperty("memberId").GetGuid();
    }

    /// <summary>Every application the secretariat can see, all pages.</summary>
    public async Task<List<JsonElement>> AllApplicationsAsync()
    {
        using var secretariat = platform.ClientWithToken(GacereRoles.Secretariat);
        var all = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            using var document = JsonDocument.Parse(await secretariat.GetStringAsync($"/api/membership/applications?page={page}&pageSize=100"));
            var items = document.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
            all.AddRange(items);
            if (items.Count < 100)
            {
                return all;
            }
        }
    }

    public async Task<int> ApplicationsNamedAsync(string organisation) =>
        (await AllApplicationsAsync()).Count(a => a.GetProperty("organisationName").GetString() == organisation);

    public async Task<JsonElement?> DirectoryEntryAsync(Guid memberId, string query = "pageSize=100")
    {
        using var response = await Anonymous.GetAsync($"/api/membership/directory?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Describe(response));
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        foreach (var entry in page.RootElement.GetProperty("items").EnumerateArray())
        {
            if (entry.GetProperty("memberId").GetGuid() == memberId)
            {
                return entry.Clone();
            }
        }
        return null;
    }

    public async Task<Guid> SeededMemberAsync(string countryIso3)
    {
        using var page = JsonDocument.Parse(await Anonymous.GetStringAsync($"/api/membership/directory?country={countryIso3}&orgType=national_government"));
        return page.RootElement.GetProperty("items")[0].GetProperty("memberId").GetGuid();
    }

    /// <summary>The replica's status of the member in one service, or null while it does not know the member.</summary>
    public async Task<string?> ReplicaStatusAsync(string prefix, Guid memberId)
    {
        using var response = await Anonymous.GetAsync($"{prefix}/members/{memberId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Describe(response));
        using var member = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return member.RootElement.GetProperty("status").GetString();
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.Clone();
    }

    public static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {await response.Content.ReadAsStringAsync()}";
}
