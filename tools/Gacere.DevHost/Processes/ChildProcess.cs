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
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RunIdentity _run;
    private readonly string _resource;

    private ChildProcess(Process process, string resource, RunIdentity run)
    {
        _process = process;
        _resource = resource;
        _run = run;
    }

    public int Pid { get; private set; }

    public long StartTime { get; private set; }

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Whether the DevHost asked it to stop (an exit before that is a crash worth reporting).</summary>
    public bool StopRequested { get; private set; }

    public static ChildProcess Start(string resource, ChildStart start, RunIdentity run, ResourceLog log)
    {
        var info = new ProcessStartInfo(Executables.Require("setsid"))
        {
            ArgumentList = { "--wait", start.FileName },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = start.WorkingDirectory,
        };
        foreach (var argument in start.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
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
        info.Environment[ProcessMarker.Run] = run.RunId;
        info.Environment[ProcessMarker.State] = run.StateDirectory;
        info.Environment[ProcessMarker.Resource] = resource;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, resource, run);
        process.OutputDataReceived += (_, e) => Pump(e.Data, child._stdoutClosed);
        process.ErrorDataReceived += (_, e) => Pump(e.Data, child._stderrClosed);
        process.Exited += (_, _) =>
        {
            try
            {
                child._exited.TrySetResult(process.ExitCode);
            }
            catch (InvalidOperationException)
            {
                child._exited.TrySetResult(-1); // disposed after a stop that outwaited it
            }
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
        child.StartTime = ProcFs.Read(process.Id)?.StartTime ?? 0;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;

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

    /// <summary>Waits for exit and, briefly, for the last lines still in the pipes (a crash's stack trace).</summary>
    public async Task<int> WaitForExitAndOutputAsync()
    {
        var code = await _exited.Task.ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task), Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
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
        if (!HasExited)
        {
            SignalGroup(signal);
            if (await Task.WhenAny(_exited.Task, Task.Delay(grace)).ConfigureAwait(false) != _exited.Task)
            {
                var tree = ProcessTree();
                SignalGroup(NativeMethods.SigKill);
                foreach (var pid in tree)
                {
                    NativeMethods.Signal(pid, NativeMethods.SigKill);
                }
                await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
            }
        }
        var stragglers = ProcessTree();
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
        await Task.WhenAny(Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task), Task.Delay(TimeSpan.FromMilliseconds(500))).ConfigureAwait(false);
        _process.Dispose();
    }

    /// <summary>Live pids of the child, everything it started, and whatever carries its resource's marker.</summary>
    public IReadOnlyList<int> ProcessTree() =>
        ProcFs.FindTree(HasExited ? [] : [Pid], pid => ProcessMarker.BelongsToRun(pid, _run.RunId, _resource));

    // Only while the child is still the process it was (same start time): a recycled pid names someone else's group.
    private void SignalGroup(int signal)
    {
        if (ProcFs.Read(Pid) is { } info && info.StartTime == StartTime)
        {
            NativeMethods.Signal(info.ProcessGroup == Pid ? -Pid : Pid, signal);
        }
    }
}
