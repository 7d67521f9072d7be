using Gacere.DevHost;

namespace Gacere.EndToEndTests.Platform;

[Collection(PlatformCollection.Name)]
public sealed class ShutdownTests
{
    [Fact]
    public async Task After_the_topology_is_disposed_no_server_or_service_process_is_left_running()
    {
        IReadOnlyList<int> children;
        await using (var topology = await PlatformTopology.StartAsync(new TopologyOptions()))
        {
            children = topology.ProcessIds;
            Assert.True(children.Count >= 8, $"expected the three servers and five apps, saw {children.Count} processes");
            Assert.All(children, pid => Assert.True(IsRunning(pid), $"process {pid} should be running"));
        }

        Assert.All(children, pid => Assert.False(IsRunning(pid), $"process {pid} outlived the topology"));
    }

    /// <summary>Alive and not a zombie (a killed process waiting for its parent to read its exit status).</summary>
    private static bool IsRunning(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
        return state is not ("Z" or "X");
    }
}
