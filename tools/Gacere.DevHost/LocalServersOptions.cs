namespace Gacere.DevHost;

/// <summary>How to start PostgreSQL, Redis and RabbitMQ.</summary>
public sealed record LocalServersOptions
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

    /// <summary>How long each server may take to become ready.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Databases created (if missing) once PostgreSQL is ready.</summary>
    public IReadOnlyList<string> Databases { get; init; } = ResourceNames.Databases;
}
