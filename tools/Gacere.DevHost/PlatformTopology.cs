using Gacere.DevHost.Processes;
using Gacere.DevHost.Resources;

namespace Gacere.DevHost;

/// <summary>
/// The whole platform from local binaries: the servers, the four services and the gateway, configured
/// with exactly the keys the Aspire AppHost injects. Dispose stops the services, then the servers.
/// </summary>
public sealed class PlatformTopology : IAsyncDisposable
{
    // Inherited variables that would fight ASPNETCORE_URLS for the listening address.
    private static readonly string[] ConflictingVariables =
        ["ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "HTTP_PORTS", "HTTPS_PORTS", "DOTNET_URLS"];

    // Passed through when the DevHost has them (telemetry export to a collector or dashboard).
    private static readonly string[] TelemetryVariables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS"];

    /// <summary>The four services, then the gateway.</summary>
    private readonly ServiceProcess[] _projects;
    private readonly TimeSpan _startTimeout;
    private int _disposed;

    private PlatformTopology(TopologyOptions options, LocalServers servers, IReadOnlyDictionary<string, string> assemblies)
    {
        Servers = servers;
        _startTimeout = options.StartTimeout;

        var ports = RepositoryLayout.Projects.Keys.ToDictionary(name => name, _ => FreePort.Next());
        var urls = ports.ToDictionary(p => p.Key, p => new Uri($"http://127.0.0.1:{p.Value}"));
        ServiceUrls = urls;
        GatewayUrl = urls[ResourceNames.Gateway];

        _projects = [.. ResourceNames.Services.Append(ResourceNames.Gateway).Select(name => new ServiceProcess(
            servers.Context, name, assemblies[name], ports[name], EnvironmentFor(name, options, servers, urls)))];
    }

    public LocalServers Servers { get; }

    /// <summary>The only external endpoint.</summary>
    public Uri GatewayUrl { get; }

    /// <summary>Base URL of membership, policymapping, partnerships, events and gateway.</summary>
    public IReadOnlyDictionary<string, Uri> ServiceUrls { get; }

    /// <summary>The shared development signing key (base64) the services validate tokens with; see <see cref="DevTokens"/>.</summary>
    public string SigningKey => Servers.SigningKey;

    /// <summary>Live pids of every server and service process and of everything they started.</summary>
    public IReadOnlyList<int> ProcessIds =>
        [.. Servers.ProcessIds.Concat(_projects.SelectMany(s => s.ProcessTree())).Distinct().Order()];

    /// <summary>Every resource, servers first.</summary>
    internal IReadOnlyList<ManagedResource> Resources =>
        [.. ResourceNames.Servers.Select(name => Servers.Resources.First(r => r.Name == name)), .. _projects];

    /// <summary>
    /// Starts the servers in parallel and creates the databases, then the services and the gateway in the start waves their
    /// wait edges give (<see cref="Topology.StartWaves"/>; today one wave), each awaited until healthy. Services left out of
    /// <see cref="TopologyOptions.Services"/> get their port but stay stopped until <see cref="StartServiceAsync"/>. On failure
    /// everything already started is stopped and a <see cref="DevHostException"/> names the resource and shows its last log lines.
    /// </summary>
    public static async Task<PlatformTopology> StartAsync(TopologyOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var waves = ProjectWaves(options.Services);
        Prerequisites.EnsureLinux();
        // Before any server starts: a missing build is the commonest mistake and the cheapest to report.
        var layout = RepositoryLayout.Locate();
        var assemblies = RepositoryLayout.Projects.Keys.ToDictionary(name => name, name => layout.ServiceAssembly(name, options.Configuration, options.Published));

        var servers = await LocalServers.StartAsync(options, ct).ConfigureAwait(false);
        PlatformTopology? topology = null;
        try
        {
            topology = new PlatformTopology(options, servers, assemblies);
            foreach (var wave in waves)
            {
                await LocalServers.StartAllAsync([.. topology._projects.Where(s => wave.Contains(s.Name))], options.StartTimeout, ct).ConfigureAwait(false);
            }
            return topology;
        }
        catch
        {
            await ((IAsyncDisposable?)topology ?? servers).DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Name, URL and health ("Healthy", "Unhealthy", "Stopped") of every resource, servers first.</summary>
    public async Task<IReadOnlyList<(string Name, Uri Url, string Health)>> GetHealthAsync(CancellationToken ct = default)
    {
        var resources = Resources;
        var health = await Task.WhenAll(resources.Select(r => r.ProbeHealthAsync(ct))).ConfigureAwait(false);
        return [.. resources.Select((r, i) => (r.Name, r.Url, health[i]))];
    }

    /// <summary>Stops a service (or the gateway) and starts it again on the same port, waiting until healthy.</summary>
    public async Task RestartServiceAsync(string name, CancellationToken ct = default)
    {
        var service = Service(name);
        await service.StopAsync().ConfigureAwait(false);
        await service.StartAsync(_startTimeout, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a service (or the gateway) that was left out of <see cref="TopologyOptions.Services"/> or
    /// stopped, on its own port, and waits until it is healthy. A service already running is left as it is.
    /// </summary>
    public Task StartServiceAsync(string name, CancellationToken ct = default) =>
        Service(name).StartAsync(_startTimeout, ct);

    /// <summary>Stops a service (or the gateway); its port stays reserved for <see cref="StartServiceAsync"/>.</summary>
    public Task StopServiceAsync(string name) => Service(name).StopAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await Task.WhenAll(_projects.Select(s => s.StopAsync())).ConfigureAwait(false);
        await Servers.DisposeAsync().ConfigureAwait(false);
        foreach (var project in _projects)
        {
            project.Log.Dispose();
        }
    }

    private static Dictionary<string, string?> EnvironmentFor(
        string name, TopologyOptions options, LocalServers servers, IReadOnlyDictionary<string, Uri> urls)
    {
        var environment = ConflictingVariables.ToDictionary(variable => variable, string? (_) => null, StringComparer.Ordinal);
        foreach (var variable in TelemetryVariables.Where(v => !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(v))))
        {
            environment[variable] = System.Environment.GetEnvironmentVariable(variable);
        }
        environment["ASPNETCORE_URLS"] = urls[name].ToString().TrimEnd('/');
        environment["ASPNETCORE_ENVIRONMENT"] = options.EnvironmentName;
        environment["OTEL_SERVICE_NAME"] = name;
        environment["Auth__SigningKey"] = servers.SigningKey;
        environment["Auth__Issuer"] = GacereAuth.DevelopmentIssuer;
        environment["Auth__Audience"] = GacereAuth.Audience;
        foreach (var reference in Topology.Get(name).References.Select(Topology.Get))
        {
            // A project: service discovery, as Aspire writes it for WithReference(project) and its "http" endpoint.
            var (key, value) = reference.Kind == ResourceKind.Project
                ? ($"services__{reference.Name}__http__0", urls[reference.Name].ToString().TrimEnd('/'))
                : ($"ConnectionStrings__{reference.Name}", ConnectionString(reference, servers));
            environment[key] = value;
        }
        var own = options.ResourceEnvironment.GetValueOrDefault(name) ?? new Dictionary<string, string>();
        foreach (var (key, value) in options.Environment.Concat(own))
        {
            environment[key] = value;
        }
        return environment;
    }

    private static string ConnectionString(TopologyResource resource, LocalServers servers) => resource switch
    {
        { Kind: ResourceKind.Database, Parent: ResourceNames.Postgres } => servers.PostgresConnectionString(resource.Name),
        { Name: ResourceNames.Cache } => servers.RedisConnectionString,
        { Name: ResourceNames.Messaging } => servers.RabbitMqConnectionString,
        _ => throw new NotSupportedException($"The DevHost has no connection string for '{resource.Name}'."),
    };

    /// <summary>
    /// The projects to start, wave by wave. <see cref="LocalServers"/> provides every server and database
    /// before the first wave, which honours every wait edge from a project to them, so the waves are
    /// ordered by the edges between projects alone.
    /// </summary>
    private static IReadOnlyList<IReadOnlyList<string>> ProjectWaves(IReadOnlyCollection<string>? services)
    {
        var unknown = services?.Except([.. ResourceNames.Services, ResourceNames.Gateway]).ToList() ?? [];
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Not a service: {string.Join(", ", unknown)}; expected some of: {string.Join(", ", ResourceNames.Services)} (the gateway always starts).",
                nameof(services));
        }
        return Topology.StartWaves((services ?? ResourceNames.Services).Append(ResourceNames.Gateway));
    }

    private ServiceProcess Service(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        return _projects.FirstOrDefault(s => s.Name == name)
            ?? throw new ArgumentException($"'{name}' is not a service; expected one of: {string.Join(", ", ServiceUrls.Keys)}.", nameof(name));
    }
}
