using Gacere.DevHost;

namespace Gacere.EndToEndTests.Platform;

/// <summary>
/// Issue 13: the gateway runs socket completions inline (Gacere.Gateway/Transport.cs), configured by the gateway itself
/// rather than by whoever starts it. The runtime then runs one epoll thread per core (".NET Sockets") instead of one for
/// the whole process, which is what this test can see from outside; its guarantees (auth, limits, problems, headers,
/// correlation ids) are the other gateway tests', which run on the same inline transport.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayTransportTests(TopologyFixture platform)
{
    [Fact]
    public async Task The_gateway_runs_socket_completions_inline_with_one_socket_engine_thread_per_core()
    {
        // A proxied request, so that sockets exist on both sides of the gateway.
        using var response = await platform.Gateway.GetAsync(new Uri("/api/membership/directory?pageSize=1", UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"directory through the gateway: {(int)response.StatusCode}");

        var pid = platform.Status(ResourceNames.Gateway).Pid ?? throw new InvalidOperationException("the gateway has no pid");
        // The gateway was not started with the variable (/proc/<pid>/environ is the environment it was launched with), so
        // the socket engine threads counted below follow from its own setting (Transport.cs); with it off there is one.
        var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
        Assert.DoesNotContain(environment, v => v.StartsWith("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=", StringComparison.Ordinal));

        var socketThreads = Directory.EnumerateDirectories($"/proc/{pid}/task")
            .Count(task => File.ReadAllText(Path.Combine(task, "comm")).Trim() == ".NET Sockets");
        Assert.Equal(Environment.ProcessorCount, socketThreads);
    }
}
