using Microsoft.Extensions.Hosting;

namespace Gacere.IntegrationTests.Messaging;

/// <summary>A test that starts service hosts of its own, under a service name of its own, and stops them all when it ends.</summary>
public abstract class HostedTest(string prefix) : IAsyncLifetime
{
    private readonly List<IHost> _hosts = [];

    /// <summary>A service name no other test uses, so that the queues named after it are this test's alone.</summary>
    protected string Service { get; } = $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 8)];

    /// <summary>Stops <paramref name="host"/> when the test ends.</summary>
    protected IHost Keep(IHost host)
    {
        _hosts.Add(host);
        return host;
    }

    /// <summary>Stops <paramref name="host"/> now, before the test ends (a service that goes away).</summary>
    protected async Task StopAsync(IHost host)
    {
        _hosts.Remove(host);
        await host.StopAsync();
        host.Dispose();
    }

    public abstract Task InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
