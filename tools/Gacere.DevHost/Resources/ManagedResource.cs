using Gacere.DevHost.Logs;
using Gacere.DevHost.Processes;
using Gacere.DevHost.State;

namespace Gacere.DevHost.Resources;

/// <summary>What every launched resource shares.</summary>
internal sealed record ResourceContext(RunIdentity Run, StateFolder State, Watchdog Watchdog, Action<string, string>? LogSink, StatusBoard Status)
{
    public string LogsFolder => Path.Combine(State.Path, "logs");

    /// <summary>Every resource's log of this run, services' too: closed when the servers are disposed, last.</summary>
    public System.Collections.Concurrent.ConcurrentBag<ResourceLog> Logs { get; } = [];

    public ResourceLog OpenLog(string resource)
    {
        var log = new ResourceLog(resource, LogSink, LogsFolder);
        Logs.Add(log);
        return log;
    }
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
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<DateTimeOffset> _recentExits = new();
    private ChildProcess? _child;
    private CancellationTokenSource _supervision = new();
    private TimeSpan _startTimeout = TimeSpan.FromSeconds(60);
    private int _restarts;
    private bool _exitedWhileStarting;

    public string Name => name;

    public ResourceLog Log { get; } = context.OpenLog(name);

    protected ResourceContext Context => context;

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
    protected virtual int StopSignal => NativeMethods.SigTerm;

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
                    await LaunchUntilReadyAsync(timeout, _supervision.Token, ct).ConfigureAwait(false);
                    return;
                }
                catch (DevHostException e) when (_exitedWhileStarting && attempt < StartAttempts && !ct.IsCancellationRequested)
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
    private async Task LaunchUntilReadyAsync(TimeSpan timeout, CancellationToken supervision, CancellationToken ct)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutSource.CancelAfter(timeout);
        Report(ResourceState.Starting, null);
        _exitedWhileStarting = false;
        try
        {
            await PrepareAsync(timeoutSource.Token).ConfigureAwait(false);
            var child = ChildProcess.Start(Name, CreateStart(), context.Run, Log);
            _child = child;
            context.Watchdog.Watch(child, StopSignal, StopGrace);
            Report(ResourceState.Starting, null);
            await WaitUntilReadyAsync(child, timeoutSource.Token).ConfigureAwait(false);
            Report(ResourceState.Healthy, null);
            _ = SuperviseAsync(child, supervision);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await StopCoreAsync().ConfigureAwait(false);
            Report(ResourceState.Exited, $"not {ReadyWord} within {timeout.TotalSeconds:0} s");
            throw new DevHostException($"{Name} did not become {ReadyWord} within {timeout.TotalSeconds:0} s ({Url}).", Name, Log.Tail());
        }
        catch (Exception e)
        {
            await StopCoreAsync().ConfigureAwait(false);
            Report(ct.IsCancellationRequested ? ResourceState.Stopped : ResourceState.Exited, e is DevHostException d ? d.Summary : e.Message);
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(ChildProcess child, CancellationToken ct)
    {
        while (true)
        {
            if (child.HasExited)
            {
                var code = await child.WaitForExitAndOutputAsync().ConfigureAwait(false);
                _exitedWhileStarting = true;
                throw new DevHostException($"{Name} exited with code {code} while starting.", Name, Log.Tail());
            }
            bool ready;
            try
            {
                ready = await IsReadyAsync(ct).ConfigureAwait(false);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                ready = false;
            }
            // Something else may answer on the port while our child is dying of "address in use".
            if (ready && !child.HasExited)
            {
                return;
            }
            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
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
                if (IsRunning)
                {
                    return;
                }
                // The dead child's group and stragglers (epmd, a broker that outlived its script) go first.
                await StopCoreAsync().ConfigureAwait(false);
                Interlocked.Increment(ref _restarts);
                await LaunchUntilReadyAsync(_startTimeout, supervision, supervision).ConfigureAwait(false);
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

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures, 10) - 1)));

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
        var child = _child;
        _child = null;
        if (child is not null)
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
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            return await IsReadyAsync(timeout.Token).ConfigureAwait(false) ? "Healthy" : "Unhealthy";
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return "Unhealthy";
        }
    }

    public IReadOnlyList<int> ProcessTree() => _child?.ProcessTree() ?? [];
}
