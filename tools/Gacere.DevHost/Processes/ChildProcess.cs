using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Gacere.DevHost.Logs;
using Gacere.DevHost.Resources;

namespace Gacere.DevHost.Processes;

/// <summary>What to launch for one resource.</summary>
internal sealed record ChildStart(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string?> Environment,
    string WorkingDirectory);

/// <summary>Identity of a run, stamped on every child so that what it leaves can be found.</summary>
internal sealed record RunIdentity(string RunId, string StateDirectory);

/// <summary>
/// One launched child. It runs in its own session (through <c>setsid</c>): a Ctrl-C in the terminal
/// reaches only the DevHost, which then stops the children in order (services before servers), and
/// the whole process group can be signalled at once.
/// </summary>
internal sealed class ChildProcess
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _outputClosed;
    private readonly RunIdentity _run;
    private readonly string _resource;

    private ChildProcess(string resource, ChildStart start, RunIdentity run, ResourceLog log)
    {
        _resource = resource;
        _run = run;
        var info = new ProcessStartInfo(Prerequisites.Require("setsid"), ["--wait", start.FileName, .. start.Arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = start.WorkingDirectory,
        };
        foreach (var (name, value) in start.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name); // an inherited variable that must not reach the child
            }
            else
            {
                info.Environment[name] = value;
            }
        }
        info.Environment[ProcFs.RunMarker] = run.RunId;
        info.Environment[ProcFs.StateMarker] = run.StateDirectory;
        info.Environment[ProcFs.ResourceMarker] = resource;
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        TaskCompletionSource stdout = new(), stderr = new();
        _outputClosed = Task.WhenAll(stdout.Task, stderr.Task);
        _process.OutputDataReceived += (_, e) => Pump(e.Data, stdout);
        _process.ErrorDataReceived += (_, e) => Pump(e.Data, stderr);
        _process.Exited += (_, _) =>
        {
            try
            {
                _exited.TrySetResult(_process.ExitCode);
            }
            catch (InvalidOperationException)
            {
                _exited.TrySetResult(-1); // disposed after a stop that outwaited it
            }
        };

        void Pump(string? line, TaskCompletionSource closed)
        {
            if (line is null)
            {
                closed.TrySetResult();
            }
            else
            {
                log.Write(line);
            }
        }
    }

    public int Pid { get; private set; }

    public long StartTime { get; private set; }

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Whether the DevHost asked it to stop (an exit before that is a crash worth reporting).</summary>
    public bool StopRequested { get; private set; }

    public static ChildProcess Start(string resource, ChildStart start, RunIdentity run, ResourceLog log)
    {
        var child = new ChildProcess(resource, start, run, log);
        try
        {
            child._process.Start();
        }
        catch (Win32Exception e)
        {
            child._process.Dispose();
            throw new DevHostException($"{resource}: could not start {start.FileName}: {e.Message}", resource);
        }
        child.Pid = child._process.Id;
        child.StartTime = ProcFs.Read(child.Pid)?.StartTime ?? 0;
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for exit and, briefly, for the last lines still in the pipes (a crash's stack trace).</summary>
    public async Task<int> WaitForExitAndOutputAsync()
    {
        var code = await _exited.Task.ConfigureAwait(false);
        await Task.WhenAny(_outputClosed, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        return code;
    }

    /// <summary>
    /// The kill policy, the watchdog's too: <paramref name="signal"/> to the child's process group, up to
    /// <paramref name="grace"/>, then SIGKILL to the group, its descendants and anything left that carries
    /// this resource's marker (daemonised helpers such as epmd). Returns once they are gone.
    /// </summary>
    public async Task StopAsync(int signal, TimeSpan grace)
    {
        StopRequested = true;
        SignalGroup(signal);
        await Task.WhenAny(_exited.Task, Task.Delay(HasExited ? TimeSpan.Zero : grace)).ConfigureAwait(false);
        // Found while the group still stands: once it is gone its descendants lose their parent link.
        var tree = ProcessTree();
        SignalGroup(ProcFs.SigKill);
        foreach (var pid in tree)
        {
            ProcFs.Signal(pid, ProcFs.SigKill);
        }
        // SIGKILL is asynchronous: "stopped" must mean gone, so wait until each one is dead (or a zombie).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while ((!HasExited || tree.Any(pid => ProcFs.Read(pid) is not null)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25).ConfigureAwait(false);
        }
        await Task.WhenAny(_outputClosed, Task.Delay(TimeSpan.FromMilliseconds(500))).ConfigureAwait(false);
        _process.Dispose();
    }

    /// <summary>Live pids of the child, everything it started, and whatever carries its resource's marker.</summary>
    public IReadOnlyList<int> ProcessTree() => ProcFs.FindTree(HasExited ? [] : [Pid], _run.RunId, _resource);

    // Only while the child is still the process it was (same start time): a recycled pid names someone else's group.
    private void SignalGroup(int signal)
    {
        if (!HasExited && ProcFs.Read(Pid) is { } info && info.StartTime == StartTime)
        {
            ProcFs.Signal(info.ProcessGroup == Pid ? -Pid : Pid, signal);
        }
    }
}
