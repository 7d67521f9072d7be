using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Gacere.DevHost.Processes;
using Gacere.DevHost.Resources;
using Gacere.DevHost.State;
using Npgsql;

namespace Gacere.DevHost;

/// <summary>
/// PostgreSQL (<c>postgres</c>), Redis (<c>cache</c>) and RabbitMQ (<c>messaging</c>) started from the
/// locally installed binaries on free loopback ports, with their state in one folder. Dispose stops
/// every child; the children of a host that dies without disposing are stopped by its watchdog.
/// </summary>
public sealed class LocalServers : IAsyncDisposable
{
    private readonly PostgresServer _postgres;
    private readonly RedisServer _redis;
    private readonly RabbitMqServer _rabbitMq;
    private readonly ManagedResource[] _servers;
    private readonly TimeSpan _startTimeout;
    private int _disposed;

    private LocalServers(LocalServersOptions options, ResourceContext context, (string PostgresBin, string Redis, string RabbitMq) binaries)
    {
        _startTimeout = options.StartTimeout;
        Context = context;
        _postgres = new PostgresServer(Context, binaries.PostgresBin, FreePort.Next());
        _redis = new RedisServer(Context, binaries.Redis, FreePort.Next());
        _rabbitMq = new RabbitMqServer(Context, binaries.RabbitMq, FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
        // RabbitMQ is the slow one: launch it first.
        _servers = [_rabbitMq, _postgres, _redis];
    }

    /// <summary>The folder holding the servers' data, the generated secrets and the logs.</summary>
    public string StateDirectory => Context.State.Path;

    public int RedisPort => _redis.Port;
    public int RabbitMqPort => _rabbitMq.Port;

    /// <summary><c>amqp://guest:guest@127.0.0.1:port</c></summary>
    public string RabbitMqConnectionString => _rabbitMq.ConnectionString;

    /// <summary><c>127.0.0.1:port</c></summary>
    public string RedisConnectionString => _redis.ConnectionString;

    /// <summary>Live pids of every server process and everything they started (epmd, backends, …).</summary>
    public IReadOnlyList<int> ProcessIds => [.. _servers.SelectMany(s => s.ProcessTree()).Distinct().Order()];

    /// <summary>The folder holding one log file per resource (<c>&lt;resource&gt;.log</c>).</summary>
    public string LogsDirectory => Context.LogsFolder;

    /// <summary>RabbitMQ's management UI (guest/guest from loopback): queues, their depth and consumers.</summary>
    public Uri RabbitMqManagementUrl => _rabbitMq.ManagementUrl;

    internal ResourceContext Context { get; }

    /// <summary>Every resource's state, also in <c>&lt;state&gt;/status.json</c>; services add themselves.</summary>
    internal StatusBoard Status => Context.Status;

    internal IReadOnlyList<ManagedResource> Resources => _servers;
    internal string SigningKey => Context.State.SigningKey;

    /// <summary>Starts the three servers in parallel, waits until each is ready and creates the databases.</summary>
    public static async Task<LocalServers> StartAsync(LocalServersOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Prerequisites.EnsureLinux();
        var binaries = (Prerequisites.PostgresBinDirectory(), Prerequisites.RedisServer(), Prerequisites.RabbitMqServer());
        Prerequisites.RunAsPostgresPrefix();
        var runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var temporary = options.StateDirectory is null;
        var path = Path.GetFullPath(options.StateDirectory ?? Path.Combine(Path.GetTempPath(), $"gacere-devhost-{runId}"));
        // First, so that whatever follows is swept up however this process ends (it deletes a temporary folder too).
        var watchdog = Watchdog.Start(runId, temporary ? path : null);
        StateFolder? state = null;
        LocalServers? servers = null;
        try
        {
            state = StateFolder.Acquire(path);
            servers = new LocalServers(options, new ResourceContext(
                new RunIdentity(runId, path), state, watchdog, options.LogSink, new StatusBoard(path, options.StatusSink)), binaries);
            await StartAllAsync(servers._servers, servers._startTimeout, ct).ConfigureAwait(false);
            foreach (var database in options.Databases)
            {
                await servers.CreateDatabaseAsync(database, ct).ConfigureAwait(false);
            }
            return servers;
        }
        catch
        {
            if (servers is not null)
            {
                await servers.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                state?.Dispose();
                watchdog.Dispose();
            }
            throw;
        }
    }

    /// <summary>The Npgsql connection string of <paramref name="database"/> (user postgres, password auth).</summary>
    public string PostgresConnectionString(string database) => _postgres.ConnectionString(database);

    /// <summary>Creates the database if it does not exist yet.</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        try
        {
            await _postgres.CreateDatabaseAsync(name, ct).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (!ct.IsCancellationRequested)
        {
            throw new DevHostException($"postgres: could not create database {name}: {e.Message}", ResourceNames.Postgres, _postgres.Log.Tail(), inner: e);
        }
    }

    /// <summary>Stops one server (<c>cache</c>, <c>messaging</c> or <c>postgres</c>); its port and data stay.</summary>
    public Task StopServerAsync(string resource, CancellationToken ct = default) => Server(resource).StopAsync().WaitAsync(ct);

    /// <summary>Starts a stopped server again on the same port and waits until it is ready.</summary>
    public Task StartServerAsync(string resource, CancellationToken ct = default) => Server(resource).StartAsync(_startTimeout, ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await Task.WhenAll(_servers.Select(s => s.StopAsync())).ConfigureAwait(false);
        Status.Delete();
        foreach (var server in _servers)
        {
            server.Log.Dispose();
        }
        Context.Watchdog.Dispose();
        Context.State.Dispose();
    }

    /// <summary>Starts resources in parallel; the first failure cancels the others and is what the caller sees.</summary>
    internal static async Task StartAllAsync(IReadOnlyList<ManagedResource> resources, TimeSpan timeout, CancellationToken ct)
    {
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Each start runs synchronously up to its first wait, so the status table lists them in this order.
        var starts = resources.Select(async resource =>
        {
            try
            {
                await resource.StartAsync(timeout, failFast.Token).ConfigureAwait(false);
            }
            catch
            {
                await failFast.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }).ToArray();
        try
        {
            await Task.WhenAll(starts).ConfigureAwait(false);
        }
        catch (Exception) when (!ct.IsCancellationRequested &&
            starts.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException) is { } cause)
        {
            ExceptionDispatchInfo.Throw(cause);
        }
    }

    private ManagedResource Server(string resource)
    {
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        return _servers.FirstOrDefault(s => s.Name == resource)
            ?? throw new ArgumentException($"'{resource}' is not a server; expected one of: {string.Join(", ", ResourceNames.Servers)}.", nameof(resource));
    }
}
