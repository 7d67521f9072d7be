using System.Diagnostics;
using System.Net.Sockets;

namespace Gacere.EndToEndTests.Platform;

/// <summary>The DevHost supervises like a host: what dies unexpectedly comes back; what is stopped on purpose stays stopped.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SupervisionTests(TopologyFixture platform)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_killed_service_is_restarted_by_the_supervisor_and_healthy_again()
    {
        var before = platform.Status(ResourceNames.Partnerships);
        Assert.Equal("healthy", before.State);
        Assert.NotNull(before.Pid);

        Process.GetProcessById(before.Pid!.Value).Kill(); // SIGKILL: no shutdown, no warning

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(platform.Status(ResourceNames.Partnerships) is { State: "healthy" } now &&
                now.Pid != before.Pid && now.Restarts > before.Restarts), Recovery, TimeSpan.FromMilliseconds(250)),
            $"partnerships was not restarted: {platform.Status(ResourceNames.Partnerships)}\n{platform.RecentLog()}");
        Assert.True(await Eventually.HoldsAsync(platform.AllServicesHealthyAsync, Recovery, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task A_killed_broker_is_restarted_and_the_services_reconnect()
    {
        var before = platform.Status(ResourceNames.Messaging);
        Assert.Equal("healthy", before.State);
        var broker = BeamOf(platform.Topology.Servers.StateDirectory);
        Assert.True(broker > 0, "no beam.smp of this platform's RabbitMQ");

        Process.GetProcessById(broker).Kill(); // the Erlang VM itself, as a crash would

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(platform.Status(ResourceNames.Messaging) is { State: "healthy" } now &&
                now.Restarts > before.Restarts), Recovery, TimeSpan.FromMilliseconds(250)),
            $"messaging was not restarted: {platform.Status(ResourceNames.Messaging)}\n{platform.RecentLog()}");
        Assert.True(Ports.Listening(platform.Topology.Servers.RabbitMqPort));
        Assert.True(await Eventually.HoldsAsync(platform.AllServicesHealthyAsync, Recovery, TimeSpan.FromMilliseconds(500)),
            "the services did not reconnect to the restarted broker");
    }

    [Fact]
    public async Task A_deliberately_stopped_server_stays_stopped_until_started_again()
    {
        await platform.Topology.Servers.StopServerAsync(ResourceNames.Cache);
        try
        {
            // Longer than the supervisor's first backoff (1 s) and second (2 s): it would have restarted Redis by now.
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.False(Ports.Listening(platform.Topology.Servers.RedisPort), "Redis was restarted after a deliberate stop");
            Assert.Equal("stopped", platform.Status(ResourceNames.Cache).State);
        }
        finally
        {
            await platform.Topology.Servers.StartServerAsync(ResourceNames.Cache);
        }
        Assert.Equal("healthy", platform.Status(ResourceNames.Cache).State);
        Assert.True(await Eventually.HoldsAsync(platform.AllServicesHealthyAsync, Recovery, TimeSpan.FromMilliseconds(500)));
    }

    /// <summary>The pid of the Erlang VM carrying this platform's marker for RabbitMQ, or 0.</summary>
    private static int BeamOf(string stateDirectory)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                if (!File.ReadAllText(Path.Combine(directory, "comm")).StartsWith("beam", StringComparison.Ordinal))
                {
                    continue;
                }
                var environment = File.ReadAllText(Path.Combine(directory, "environ")).Split('\0');
                if (environment.Contains($"GACERE_DEVHOST_STATE={stateDirectory}") && environment.Contains("GACERE_DEVHOST_RESOURCE=messaging"))
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile
            }
        }
        return 0;
    }
}
