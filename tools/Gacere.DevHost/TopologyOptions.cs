namespace Gacere.DevHost;

/// <summary>How to start PostgreSQL, Redis and RabbitMQ.</summary>
public record LocalServersOptions
{
    /// <summary>
    /// Where server data, secrets and logs live. Null: a fresh folder <c>/tmp/gacere-devhost-&lt;run-id&gt;/</c>,
    /// deleted on dispose (or by the watchdog when the host dies).
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>
    /// Receives every output line of every child as (resource, line), from several threads at once.
    /// Null: lines are only kept (the last few per resource) for error messages.
    /// </summary>
    public Action<string, string>? LogSink { get; init; }

    /// <summary>
    /// Told of every state change of every resource (starting, healthy, unhealthy, exited, crash loop, stopped),
    /// from several threads at once. The same states are kept in <c>&lt;state&gt;/status.json</c>.
    /// </summary>
    public Action<State.ResourceStatus>? StatusSink { get; init; }

    /// <summary>How long each resource may take to become ready (services: <c>GET /health</c> = 200).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Databases created (if missing) once PostgreSQL is ready.</summary>
    public IReadOnlyList<string> Databases { get; init; } = ResourceNames.Databases;
}

/// <summary>How to start the whole platform: the three servers, the four services and the gateway.</summary>
public sealed record TopologyOptions : LocalServersOptions
{
    /// <summary>
    /// The services to start (<c>membership</c>, <c>policymapping</c>, <c>partnerships</c>, <c>events</c>), in
    /// any order. Null: all four. The gateway always starts; a service left out keeps its port and address,
    /// and <see cref="PlatformTopology.StartServiceAsync"/> starts it later.
    /// </summary>
    public IReadOnlyCollection<string>? Services { get; init; }

    /// <summary><c>ASPNETCORE_ENVIRONMENT</c> of every service and the gateway.</summary>
    public string EnvironmentName { get; init; } = "Development";

    /// <summary>Extra environment variables for every service and the gateway (e.g. <c>RateLimits__PermitLimit</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra environment variables per resource name (<c>membership</c>, …, <c>gateway</c>); they win over <see cref="Environment"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ResourceEnvironment { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Build configuration of the services (<c>debug</c> or <c>release</c>). Null: the DevHost's own.</summary>
    public string? Configuration { get; init; }

    /// <summary>
    /// Run the services' ReadyToRun publish output (<c>artifacts/publish/</c>, <c>./gacere publish</c>) instead of the build
    /// output: start-up code runs precompiled instead of being JIT-compiled into each process's memory (issue 13, memory).
    /// </summary>
    public bool Published { get; init; }
}
