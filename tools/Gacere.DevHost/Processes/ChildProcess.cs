using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Gacere.DevHost.Logs;

namespace Gacere.DevHost.Processes;

/// <summary>What to launch for one resource.</summary>
internal sealed record ChildStart(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string?> Environment,
    string WorkingDirectory);

/// <summary>Identity of a run, stamped on every child so leftovers can be found later.</summary>
internal sealed record RunIdentity(string RunId, string StateDirectory);

/// <summary>
/// One launched child. It runs in its own session (through <c>setsid</c>): a Ctrl-C in the terminal
/// reaches only the DevHost, which then stops the children in order (services before servers), and
/// the whole process group can be signalled at once.
/// </summary>
internal sealed class ChildProcess
{
    private static readonly string? Setsid = Executables.Find("setsid");

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RunIdentity _run;

    private ChildProcess(Process process, string resource, RunIdentity run)
    {
        _process = process;
        Resource = resource;
        _run = run;
    }

    public string Resource { get; }

    public int Pid { get; private set; }

    public long StartTime { get; private set; }

    /// <summary>The exit code once the process has exited.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Whether the DevHost asked it to stop (an exit before that is a crash worth reporting).</summary>
    public bool StopRequested { get; private set; }

    public static ChildProcess Start(string resource, ChildStart start, RunIdentity run, ResourceLog log)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = start.WorkingDirectory,
        };
        if (Setsid is not null)
        {
            info.FileName = Setsid;
            info.ArgumentList.Add("--wait");
            info.ArgumentList.Add(start.FileName);
        }
        else
        {
            info.FileName = start.FileName;
        }
        foreach (var argument in start.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in start.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }
        info.Environment[ProcessMarker.Run] = run.RunId;
        info.Environment[ProcessMarker.State] = run.StateDirectory;
        info.Environment[ProcessMarker.Resource] = resource;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, resource, run);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                child._stdoutClosed.TrySetResult();
            }
            else
            {
                log.Write(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                child._stderrClosed.TrySetResult();
            }
            else
            {
                log.Write(e.Data);
            }
        };
        process.Exited += (_, _) =>
        {
            int code;
            try
            {
                code = process.ExitCode;
            }
            catch (InvalidOperationException)
            {
                code = -1;
            }
            child._exited.TrySetResult(code);
        };

        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new DevHostException($"{resource}: could not start {start.FileName}: {e.Message}", resource);
        }
        child.Pid = process.Id;
        child.StartTime = ProcFs.StartTime(process.Id) ?? 0;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for exit and, briefly, for the last lines still in the pipes (a crash's stack trace).</summary>
    public async Task<int> WaitForExitAndOutputAsync(CancellationToken ct = default)
    {
        var code = await _exited.Task.WaitAsync(ct).ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task), Task.Delay(TimeSpan.FromSeconds(1), ct))
            .ConfigureAwait(false);
        return code;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to the child's process group, waits up to <paramref name="grace"/>,
    /// then kills the group and anything left that carries this resource's marker.
    /// </summary>
    public async Task StopAsync(int signal, TimeSpan grace)
    {
        StopRequested = true;
        if (!HasExited)
        {
            SignalGroup(signal);
            var exitedInTime = await Task.WhenAny(_exited.Task, Task.Delay(grace)).ConfigureAwait(false) == _exited.Task;
            if (!exitedInTime)
            {
                Kill();
                await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
            }
        }
        // Daemonised helpers (epmd) and other stragglers that left the group but kept the marker.
        var stragglers = ProcFs.FindTree([], pid => ProcessMarker.BelongsToRun(pid, _run.RunId, Resource));
        foreach (var pid in stragglers)
        {
            NativeMethods.Signal(pid, NativeMethods.SigKill);
        }
        // SIGKILL is asynchronous: "stopped" must mean gone, so wait until each one is dead (or a zombie).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (stragglers.Any(pid => ProcFs.Read(pid) is not null) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25).ConfigureAwait(false);
        }
        await Task.WhenAny(Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task), Task.Delay(TimeSpan.FromMilliseconds(500)))
            .ConfigureAwait(false);
        _process.Dispose();
    }

    /// <summary>Immediate SIGKILL of the child, its group and its descendants (no waiting).</summary>
    public void Kill()
    {
        StopRequested = true;
        if (HasExited)
        {
            return;
        }
        var tree = ProcFs.FindTree([Pid], pid => ProcessMarker.BelongsToRun(pid, _run.RunId, Resource));
        SignalGroup(NativeMethods.SigKill);
        foreach (var pid in tree)
        {
            NativeMethods.Signal(pid, NativeMethods.SigKill);
        }
    }

    /// <summary>Live pids of the child and everything it started.</summary>
    public IReadOnlyList<int> ProcessTree() =>
        HasExited
            ? ProcFs.FindTree([], pid => ProcessMarker.BelongsToRun(pid, _run.RunId, Resource))
            : ProcFs.FindTree([Pid], pid => ProcessMarker.BelongsToRun(pid, _run.RunId, Resource));

    private void SignalGroup(int signal)
    {
        // Only signal the group when the child really leads it (setsid ran in place); otherwise the
        // negative pid could name some other group.
        if (ProcFs.Read(Pid) is { } info && info.StartTime == StartTime)
        {
            if (info.ProcessGroup == Pid)
            {
                NativeMethods.Signal(-Pid, signal);
            }
            else
            {
                NativeMethods.Signal(Pid, signal);
            }
        }
    }
}
