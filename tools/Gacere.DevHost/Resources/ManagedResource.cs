using Gacere.DevHost.Processes;
using Gacere.DevHost.State;

namespace Gacere.DevHost.Resources;

/// <summary>What every launched resource shares.</summary>
internal sealed record ResourceContext(RunIdentity Run, StateFolder State, Action<string, string>? LogSink);

/// <summary>
/// One resource backed by a child process: launched, polled until ready, stopped (politely, then
/// for good). Start and stop can be repeated; the port and the data stay.
/// </summary>
internal abstract class ManagedResource(string name, ResourceContext context)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ChildProcess? _child;

    public string Name => name;

    public ResourceLog Log { get; } = new(name, context.LogSink);

    protected ResourceContext Context => context;

    public bool IsRunning => _child is { HasExited: false };

    /// <summary>How the resource is reached, for tables and error messages.</summary>
    public abstract Uri Url { get; }

    protected abstract ChildStart CreateStart();

    /// <summary>One readiness probe; exceptions count as "not ready yet".</summary>
    protected abstract Task<bool> IsReadyAsync(CancellationToken ct);

    /// <summary>One-time preparation before the first launch (initdb, config files).</summary>
    protected virtual Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

    protected virtual int StopSignal => NativeMethods.SigTerm;

    protected virtual TimeSpan StopGrace => TimeSpan.FromSeconds(10);

    protected virtual TimeSpan PollInterval => TimeSpan.FromMilliseconds(100);

    protected virtual string ReadyWord => "ready";

    public async Task StartAsync(TimeSpan timeout, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                return;
            }
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeoutSource.CancelAfter(timeout);
            try
            {
                await PrepareAsync(timeoutSource.Token).ConfigureAwait(false);
                var child = ChildProcess.Start(Name, CreateStart(), context.Run, Log);
                _child = child;
                context.State.RecordChild(Name, child, context.Run.RunId);
                _ = child.Exited.ContinueWith(
                    exited =>
                    {
                        if (!child.StopRequested)
                        {
                            Log.Write($"*** {Name} exited unexpectedly with code {exited.Result} ***");
                        }
                    },
                    CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                await WaitUntilReadyAsync(child, timeoutSource.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                await StopCoreAsync().ConfigureAwait(false);
                throw new DevHostException($"{Name} did not become {ReadyWord} within {timeout.TotalSeconds:0} s ({Url}).", Name, Log.Tail());
            }
            catch
            {
                await StopCoreAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WaitUntilReadyAsync(ChildProcess child, CancellationToken ct)
    {
        while (true)
        {
            if (child.HasExited)
            {
                var code = await child.WaitForExitAndOutputAsync(CancellationToken.None).ConfigureAwait(false);
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

    public async Task StopAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
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

    /// <summary>Last resort when the host process is exiting: SIGKILL, no waiting.</summary>
    public void KillNow() => _child?.Kill();

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
