using Gacere.DevHost;

namespace Gacere.UnitTests.Hosting;

public sealed class TopologyTests
{
    [Fact]
    public void Start_waves_follow_the_wait_edges_and_no_service_waits_for_another()
    {
        var waves = Topology.StartWaves(Topology.Resources.Select(r => r.Name));

        Assert.Equal(
            new[]
            {
                new[] { "cache", "messaging", "postgres" },
                ["eventsdb", "gateway", "membershipdb", ResourceNames.PartnershipsDatabase, ResourceNames.PolicyMappingDatabase],
                ["events", "membership", "partnerships", "policymapping"],
            },
            waves.Select(w => w.Order(StringComparer.Ordinal).ToArray()).ToArray());
    }

    [Fact]
    public void Edges_to_resources_left_out_are_ignored()
    {
        var waves = Topology.StartWaves([ResourceNames.Membership, ResourceNames.Gateway]);

        Assert.Equal(new[] { new[] { ResourceNames.Membership, ResourceNames.Gateway } }, waves.Select(w => w.ToArray()));
    }

    [Fact]
    public void Every_reference_and_wait_names_a_resource_of_the_topology()
    {
        var names = Topology.Resources.Select(r => r.Name).ToHashSet();

        Assert.All(Topology.Resources, r =>
        {
            Assert.Subset(names, r.References.ToHashSet());
            Assert.Subset(names, r.WaitsFor.ToHashSet());
            Assert.True(r.Parent is null || names.Contains(r.Parent), $"{r.Name}'s parent {r.Parent} is not a resource");
        });
    }
}
