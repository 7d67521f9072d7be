using System.Net;
using System.Net.Sockets;
using Gacere.DevHost.Logs;
using Gacere.DevHost.Processes;
using Gacere.DevHost.State;

namespace Gacere.DevHost.Resources;

/// <summary>What every launched resource shares.</summary>
internal sealed record ResourceContext(RunIdentity Run, StateFolder State, Watchdog Watchdog, Action<string, string>? LogSink, StatusBoard Status)
{
    public string LogsFolder => Path.Combine(State.Path, "logs");
}

/// <summary>
/// One resource backed by a child process: launched, polled until ready, stopped (politely, then
/// for good), and supervised: an exit nobody asked for is reported at once and the resource restarted
/// with backoff. <see cref="StopAsync"/> disarms supervision; the next <see cref="StartAsync"/> re-arms it.
/// Start and stop can be repeated; the port and the data stay.
/// </summary>
internal abstract class ManagedResource(string name, ResourceContext context)
{
    /// <summary>A crash during start-up (RabbitMQ dies now and then while booting) is retried this often.</summary>
    private const int StartAttempts = 3;

    /// <summary>This many unexpected exits within <see cref="CrashLoopWindow"/> is a crash loop.</summary>
    private const int CrashLoopExits = 3;

    private static readonly TimeSpan CrashLoopWindow = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<DateTimeOffset> _recentExits = new();
    private ChildProcess? _child;
    private CancellationTokenSource _supervision = new();
    private TimeSpan _startTimeout = TimeSpan.FromSeconds(60);
    private int _restarts;

    public string Name => name;
    /// <summary>Closed by the owner after the last stop (the servers' last, when the servers are disposed).</summary>
    public ResourceLog Log { get; } = new(name, context.LogSink, context.LogsFolder);
    public bool IsRunning => _child is { HasExited: false };

    /// <summary>How the resource is reached, for tables and error messages.</summary>
    public abstract Uri Url { get; }

    /// <summary>A web UI of the resource (RabbitMQ's management), if it has one.</summary>
    public virtual Uri? ManagementUrl => null;

    protected abstract ChildStart CreateStart();

    /// <summary>One readiness probe; exceptions count as "not ready yet".</summary>
    protected abstract Task<bool> IsReadyAsync(CancellationToken ct);

    /// <summary>One-time preparation before the first launch (initdb, config files).</summary>
    protected virtual Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>What stops it gracefully (<see cref="ChildProcess.StopAsync"/>, the watchdog too): SIGTERM unless the server says otherwise.</summary>
    protected virtual int StopSignal => ProcFs.SigTerm;

    /// <summary>How long it may take to stop on <see cref="StopSignal"/> before SIGKILL.</summary>
    protected virtual TimeSpan StopGrace => TimeSpan.FromSeconds(10);

    protected virtual TimeSpan PollInterval => TimeSpan.FromMilliseconds(100);
    protected virtual string ReadyWord => "ready";

    /// <summary>Starts the resource (unless it runs), waits until ready and arms supervision.</summary>
    public async Task StartAsync(TimeSpan timeout, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                return;
            }
            _startTimeout = timeout;
            _supervision = new CancellationTokenSource();
            _recentExits.Clear();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await LaunchUntilReadyAsync(_supervision.Token, ct).ConfigureAwait(false);
                    return;
                }
                catch (ExitedWhileStartingException e) when (attempt < StartAttempts && !ct.IsCancellationRequested)
                {
                    Log.Write($"*** {e.Summary} Retrying ({attempt + 1} of {StartAttempts}). ***");
                    await Task.Delay(Backoff(attempt), ct).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One launch, awaited until ready; on failure the child is stopped again.</summary>
    private async Task LaunchUntilReadyAsync(CancellationToken supervision, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_startTimeout);
        Report(ResourceState.Starting, null);
        try
        {
            await PrepareAsync(timeout.Token).ConfigureAwait(false);
            var child = _child = ChildProcess.Start(Name, CreateStart(), context.Run, Log);
            context.Watchdog.Watch(child, StopSignal, StopGrace);
            Report(ResourceState.Starting, null);
            // Something else may answer on the port while our child is dying of "address in use": ready only while it lives.
            while (!(await IsReadySafeAsync(timeout.Token, timeout.Token).ConfigureAwait(false) && !child.HasExited))
            {
                if (child.HasExited)
                {
                    var code = await child.WaitForExitAndOutputAsync().ConfigureAwait(false);
                    throw new ExitedWhileStartingException($"{Name} exited with code {code} while starting.", Name, Log.Tail());
                }
                await Task.Delay(PollInterval, timeout.Token).ConfigureAwait(false);
            }
            Report(ResourceState.Healthy, null);
            _ = SuperviseAsync(child, supervision);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await StopCoreAsync().ConfigureAwait(false);
            Report(ResourceState.Exited, $"not {ReadyWord} within {_startTimeout.TotalSeconds:0} s");
            throw new DevHostException($"{Name} did not become {ReadyWord} within {_startTimeout.TotalSeconds:0} s ({Url}).", Name, Log.Tail());
        }
        catch (Exception e)
        {
            await StopCoreAsync().ConfigureAwait(false);
            Report(ct.IsCancellationRequested ? ResourceState.Stopped : ResourceState.Exited, e is DevHostException d ? d.Summary : e.Message);
            throw;
        }
    }

    /// <summary>A probe whose failure (its own time-out included) means "not ready"; only <paramref name="outer"/> cancels it.</summary>
    private async Task<bool> IsReadySafeAsync(CancellationToken probe, CancellationToken outer)
    {
        try
        {
            return await IsReadyAsync(probe).ConfigureAwait(false);
        }
        catch (Exception) when (!outer.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Waits for the child to exit; an exit nobody asked for is reported and followed by restarts with backoff.</summary>
    private async Task SuperviseAsync(ChildProcess child, CancellationToken supervision)
    {
        var code = await child.WaitForExitAndOutputAsync().ConfigureAwait(false);
        if (child.StopRequested || supervision.IsCancellationRequested)
        {
            return;
        }
        Log.Write($"*** {Name} exited unexpectedly with code {code} ***");
        for (var failures = 1; !supervision.IsCancellationRequested; failures++)
        {
            var now = DateTimeOffset.UtcNow;
            _recentExits.Enqueue(now);
            while (_recentExits.Peek() < now - CrashLoopWindow)
            {
                _recentExits.Dequeue();
            }
            var crashLoop = _recentExits.Count >= CrashLoopExits;
            var delay = Backoff(Math.Max(failures, _recentExits.Count));
            var tail = string.Join(" | ", Log.Tail()
                .Select(line => LogLine.Parse(line)?.Text ?? line)
                .Where(text => !text.StartsWith("***", StringComparison.Ordinal))
                .TakeLast(3)
                .Select(text => text.Length > 160 ? text[..160] + "…" : text));
            Report(crashLoop ? ResourceState.CrashLoop : ResourceState.Exited,
                $"exited with code {code}{(crashLoop ? $" ({_recentExits.Count} times in {CrashLoopWindow.TotalMinutes:0} min)" : "")}; " +
                $"restart in {delay.TotalSeconds:0} s; last lines: {tail}");
            try
            {
                await Task.Delay(delay, supervision).ConfigureAwait(false);
                await _gate.WaitAsync(supervision).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                if (!IsRunning)
                {
                    // The dead child's group and stragglers (epmd, a broker that outlived its script) go first.
                    await StopCoreAsync().ConfigureAwait(false);
                    Interlocked.Increment(ref _restarts);
                    await LaunchUntilReadyAsync(supervision, supervision).ConfigureAwait(false);
                }
                return;
            }
            catch (OperationCanceledException) when (supervision.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DevHostException or IOException or InvalidOperationException)
            {
                Log.Write($"*** {Name} restart failed: {(e is DevHostException d ? d.Summary : e.Message)} ***");
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>1, 2, 4 … 30 s.</summary>
    private static TimeSpan Backoff(int failures) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(failures, 10) - 1)));

    /// <summary>Stops the resource on purpose: supervision is disarmed until the next <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        await _supervision.CancelAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
            Report(ResourceState.Stopped, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StopCoreAsync()
    {
        if (Interlocked.Exchange(ref _child, null) is { } child)
        {
            await child.StopAsync(StopSignal, StopGrace).ConfigureAwait(false);
        }
    }

    private void Report(ResourceState state, string? detail) =>
        context.Status.Set(Name, previous => new ResourceStatus(
            Name, Url, state,
            previous is not null && previous.State == state && previous.Detail == detail ? previous.Since : DateTimeOffset.UtcNow,
            _child is { HasExited: false } child ? child.Pid : null,
            _restarts, detail, ManagementUrl));

    /// <summary>"Healthy", "Unhealthy" or "Stopped".</summary>
    public async Task<string> ProbeHealthAsync(CancellationToken ct)
    {
        if (!IsRunning)
        {
            return "Stopped";
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        return await IsReadySafeAsync(timeout.Token, ct).ConfigureAwait(false) ? "Healthy" : "Unhealthy";
    }

    public IReadOnlyList<int> ProcessTree() => _child?.ProcessTree() ?? [];

    /// <summary>Sends <paramref name="request"/> to a loopback port; whether the answer's first bytes (read within 2 s) pass <paramref name="answers"/>.</summary>
    protected static async Task<bool> TcpProbeAsync(int port, byte[] request, Func<byte[], int, bool> answers, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, ct).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync(request, ct).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        var buffer = new byte[64];
        return answers(buffer, await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false));
    }

    /// <summary>The child died before it was ready: worth another attempt (RabbitMQ, now and then).</summary>
    private sealed class ExitedWhileStartingException(string message, string resource, IReadOnlyList<string> recentLog)
        : DevHostException(message, resource, recentLog);
}
