using System.Net;
using System.Net.Sockets;

namespace Gacere.DevHost.Processes;

/// <summary>Free loopback ports: bind port 0, read what the kernel chose, release it.</summary>
internal static class FreePort
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        for (var attempt = 0; ; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                // Topologies started in parallel in one test process must not be handed the same port.
                if (HandedOut.Add(port) || attempt > 20)
                {
                    return port;
                }
            }
        }
    }
}
