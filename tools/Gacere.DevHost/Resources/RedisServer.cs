using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gacere.DevHost.Processes;

namespace Gacere.DevHost.Resources;

/// <summary>redis-server on loopback without persistence, bounded in memory: a cache, not a store.</summary>
internal sealed class RedisServer(ResourceContext context, string binary, int port)
    : ManagedResource(ResourceNames.Cache, context)
{
    public int Port => port;
    public string ConnectionString => $"127.0.0.1:{port}";
    public override Uri Url => new($"redis://127.0.0.1:{port}");

    protected override ChildStart CreateStart()
    {
        var folder = Context.State.Folder("cache");
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            // A cache, bounded: past the cap the least recently used entries go, instead of growing until the machine swaps.
            "--maxmemory", "256mb",
            "--maxmemory-policy", "allkeys-lru",
            "--dir", folder,
            "--daemonize", "no",
            "--logfile", "",
        ];
        return new ChildStart(binary, arguments, new Dictionary<string, string?>(), folder);
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, ct).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), ct).ConfigureAwait(false);
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
    }
}
