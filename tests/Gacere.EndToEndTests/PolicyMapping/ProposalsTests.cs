using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Gacere.EndToEndTests.PolicyMapping;

/// <summary>
/// Issue 10, item 6 through the gateway: a focal point proposes a barrier and a research need, the secretariat
/// publishes them, and the public reads and filters them anonymously; before publication the public sees nothing
/// and the curation routes need a token.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ProposalsTests(TopologyFixture platform)
{
    private static readonly TimeSpan ReplicaPatience = TimeSpan.FromSeconds(30);

    private HttpClient Anonymous => platform.Gateway;

    [Fact]
    public async Task A_proposed_barrier_and_research_need_are_public_through_the_gateway_once_the_secretariat_publishes_them()
    {
        var (memberId, country) = await SeededGovernmentAsync();
        using var focalPoint = platform.ClientWithToken("focal-point", memberId);
        using var secretariat = platform.ClientWithToken("secretariat");
        var word = $"gap{Guid.NewGuid():N}"[..16];

        using var proposed = await focalPoint.PostAsJsonAsync("/api/policies/barriers", new
        {
            title = $"No certified repairers for electronics {word}",
            description = "Repair shops cannot get spare parts or manuals, so devices are discarded.",
            type = "technical",
            scope = "national",
            countries = new[] { country },
            valueChains = new[] { "electronics_ict" },
        });
        Assert.True(proposed.StatusCode == HttpStatusCode.Created, await Describe(proposed));
        var barrierId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("barrierId").GetGuid();

        using var need = await focalPoint.PostAsJsonAsync("/api/policies/research-needs", new
        {
            title = $"Material footprint of informal repair {word}",
            description = "How much the informal repair sector lowers the national material footprint.",
            indicatorCodes = new[] { "material-footprint" },
            countries = new[] { country },
        });
        Assert.True(need.StatusCode == HttpStatusCode.Created, await Describe(need));
        var needId = (await need.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("researchNeedId").GetGuid();

        // Unpublished: not public, and curating needs a token at the gateway.
        using (var hidden = await Anonymous.GetAsync($"/api/policies/barriers/{barrierId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }
        using (var anonymousPublish = await Anonymous.PostAsJsonAsync($"/api/policies/barriers/{barrierId}/publication", new { }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymousPublish.StatusCode);
        }
        Assert.DoesNotContain(barrierId, await IdsAsync($"/api/policies/barriers?country={country}&pageSize=100", "barrierId"));

        await StepAsync(secretariat, $"/api/policies/barriers/{barrierId}/publication");
        await StepAsync(secretariat, $"/api/policies/research-needs/{needId}/publication");

        using (var shown = await Anonymous.GetAsync($"/api/policies/barriers/{barrierId}"))
        {
            Assert.True(shown.StatusCode == HttpStatusCode.OK, await Describe(shown));
            var barrier = await shown.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("published", memberId), (barrier.GetProperty("status").GetString(), barrier.GetProperty("proposerMemberId").GetGuid()));
        }
        Assert.Contains(barrierId, await IdsAsync($"/api/policies/barriers?country={country}&type=technical&valueChain=electronics_ict&pageSize=100", "barrierId"));
        Assert.Contains(needId, await IdsAsync($"/api/policies/research-needs?indicator=material-footprint&country={country}&pageSize=100", "researchNeedId"));
        using (var shownNeed = await Anonymous.GetAsync($"/api/policies/research-needs/{needId}"))
        {
            Assert.True(shownNeed.StatusCode == HttpStatusCode.OK, await Describe(shownNeed));
        }
        using var bad = await Anonymous.GetAsync("/api/policies/barriers?type=bureaucracy");
        Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, await Describe(bad));
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("type", out _));
    }

    private async Task<(Guid MemberId, string CountryIso3)> SeededGovernmentAsync()
    {
        var directory = await Anonymous.GetFromJsonAsync<JsonElement>("/api/membership/directory?orgType=national_government&pageSize=1");
        var government = directory.GetProperty("items").EnumerateArray().First();
        var memberId = government.GetProperty("memberId").GetGuid();
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var replica = await Anonymous.GetAsync($"/api/policies/members/{memberId}");
            return replica.StatusCode == HttpStatusCode.OK;
        }, ReplicaPatience, TimeSpan.FromMilliseconds(200)), "policymapping's replica never got the member");
        return (memberId, government.GetProperty("countryIso3").GetString()!);
    }

    private async Task<List<Guid>> IdsAsync(string path, string idProperty)
    {
        using var response = await Anonymous.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Describe(response));
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty(idProperty).GetGuid())];
    }

    private static async Task StepAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsJsonAsync(path, new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Describe(response));
    }

    private static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {await response.Content.ReadAsStringAsync()}";
}
