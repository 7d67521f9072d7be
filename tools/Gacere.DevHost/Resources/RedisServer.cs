using System.Globalization;
using System.Text;
using Gacere.DevHost.Processes;

namespace Gacere.DevHost.Resources;

/// <summary>redis-server on loopback without persistence, bounded in memory: a cache, not a store.</summary>
internal sealed class RedisServer(ResourceContext context, string binary, int port)
    : ManagedResource(ResourceNames.Cache, context)
{
    private readonly string _folder = context.State.Folder("cache");

    public int Port => port;
    public string ConnectionString => $"127.0.0.1:{port}";
    public override Uri Url => new($"redis://127.0.0.1:{port}");

    protected override ChildStart CreateStart()
    {
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            // A cache, bounded: past the cap the least recently used entries go, instead of growing until the machine swaps.
            "--maxmemory", "256mb",
            "--maxmemory-policy", "allkeys-lru",
            "--dir", _folder,
            "--daemonize", "no",
            "--logfile", "",
        ];
        return new ChildStart(binary, arguments, new Dictionary<string, string?>(), _folder);
    }

    protected override Task<bool> IsReadyAsync(CancellationToken ct) =>
        TcpProbeAsync(port, "PING\r\n"u8.ToArray(), (answer, read) => Encoding.ASCII.GetString(answer, 0, read).StartsWith("+PONG", StringComparison.Ordinal), ct);
}
