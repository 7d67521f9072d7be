using System.Net;
using System.Text.Json;

namespace Gacere.EndToEndTests.Platform;

[Collection(PlatformCollection.Name)]
public sealed class PlatformTests(TopologyFixture platform)
{
    [Fact]
    public async Task The_gateway_and_all_four_services_report_healthy()
    {
        var health = await platform.Topology.GetHealthAsync();

        Assert.Equal(
            ["cache", "events", "gateway", "membership", "messaging", "partnerships", "policymapping", "postgres"],
            health.Select(h => h.Name).Order());
        Assert.All(health, h => Assert.True(h.Health == "Healthy", $"{h.Name} is {h.Health}"));
    }

    [Theory]
    [InlineData("/api/membership/directory")]
    [InlineData("/api/policies/indicators")]
    [InlineData("/api/partnerships/external-initiatives")]
    [InlineData("/api/events/anchor-events")]
    public async Task A_request_through_the_gateway_reaches_each_services_read_endpoint(string path)
    {
        using var response = await platform.Gateway.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(page.RootElement.GetProperty("totalCount").GetInt64() > 0, $"{path} should list its seeded rows");
        Assert.True(response.Headers.Contains("X-Correlation-Id"));
    }

    [Theory]
    [InlineData("/no/such/route")]
    [InlineData("/api/unknown-service/things")]
    public async Task An_unknown_route_is_a_404_problem(string path)
    {
        using var response = await platform.Gateway.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_api_reference_lists_every_services_operations()
    {
        using var page = await platform.Gateway.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        foreach (var (service, operation) in new[]
        {
            (ResourceNames.Membership, "/api/membership/directory"),
            (ResourceNames.PolicyMapping, "/api/policies/indicators"),
            (ResourceNames.Partnerships, "/api/partnerships/external-initiatives"),
            (ResourceNames.Events, "/api/events/anchor-events"),
        })
        {
            using var document = JsonDocument.Parse(await platform.Gateway.GetStringAsync($"/docs/openapi/{service}.json"));
            Assert.True(document.RootElement.GetProperty("paths").TryGetProperty(operation, out _), $"{service} document lacks {operation}");
        }
    }

    [Fact]
    public async Task Health_turns_unhealthy_while_Redis_is_down_and_healthy_again_when_it_returns()
    {
        var membership = platform.Topology.ServiceUrls[ResourceNames.Membership];
        using var client = new HttpClient { BaseAddress = membership };
        async Task<HttpStatusCode> HealthAsync() => (await client.GetAsync("/health")).StatusCode;
        Assert.Equal(HttpStatusCode.OK, await HealthAsync());

        await platform.Topology.Servers.StopServerAsync(ResourceNames.Cache);
        try
        {
            Assert.True(await Eventually.HoldsAsync(async () => await HealthAsync() == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20)),
                "health should report Redis gone");
        }
        finally
        {
            await platform.Topology.Servers.StartServerAsync(ResourceNames.Cache);
        }
        Assert.True(await Eventually.HoldsAsync(async () => await HealthAsync() == HttpStatusCode.OK, TimeSpan.FromSeconds(30)),
            "health should recover once Redis is back");
    }
}
