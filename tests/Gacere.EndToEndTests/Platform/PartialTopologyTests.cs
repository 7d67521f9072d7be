using Gacere.DevHost;

namespace Gacere.EndToEndTests.Platform;

[Collection(PlatformCollection.Name)]
public sealed class PartialTopologyTests
{
    [Fact]
    public async Task Services_start_alone_and_later_in_any_order()
    {
        await using var topology = await PlatformTopology.StartAsync(new TopologyOptions { Services = [ResourceNames.Membership] });

        // Membership and the gateway need no other service to become healthy.
        Assert.Equal(
            ["events: Stopped", "gateway: Healthy", "membership: Healthy", "partnerships: Stopped", "policymapping: Stopped"],
            await ServiceHealthAsync(topology));

        await topology.StartServiceAsync(ResourceNames.Events);
        Assert.Contains("events: Healthy", await ServiceHealthAsync(topology));

        await topology.StopServiceAsync(ResourceNames.Events);
        Assert.Contains("events: Stopped", await ServiceHealthAsync(topology));
    }

    [Fact]
    public async Task An_unknown_service_is_refused_before_anything_starts()
    {
        var refusal = await Assert.ThrowsAsync<ArgumentException>(() =>
            PlatformTopology.StartAsync(new TopologyOptions { Services = ["billing"] }));

        Assert.Contains("billing", refusal.Message);
    }

    private static async Task<string[]> ServiceHealthAsync(PlatformTopology topology) =>
        [.. (await topology.GetHealthAsync())
            .Where(h => !ResourceNames.Servers.Contains(h.Name))
            .Select(h => $"{h.Name}: {h.Health}")
            .Order(StringComparer.Ordinal)];
}
