using System.Net;
using Gacere.DevHost.Processes;

namespace Gacere.DevHost.Resources;

/// <summary>An ASP.NET Core service or the gateway, launched as <c>dotnet &lt;dll&gt;</c>, ready when <c>/health</c> answers 200.</summary>
internal sealed class ServiceProcess(ResourceContext context, string name, string assemblyPath, int port, IReadOnlyDictionary<string, string?> environment)
    : ManagedResource(name, context)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public override Uri Url { get; } = new($"http://127.0.0.1:{port}");
    protected override string ReadyWord => "healthy (GET /health = 200)";
    protected override TimeSpan PollInterval => TimeSpan.FromMilliseconds(150);
    protected override ChildStart CreateStart() => new(Prerequisites.DotNetHost(), [assemblyPath], environment, Path.GetDirectoryName(assemblyPath)!);

    protected override async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        using var response = await Http.GetAsync(new Uri(Url, "/health"), ct).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK;
    }
}
