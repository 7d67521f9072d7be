using System.Diagnostics;
using System.Globalization;
using Gacere.DevHost.Resources;

namespace Gacere.DevHost.Processes;

/// <summary>
/// The one safety net under the ordered stop: a tiny shell, in its own session, that reads the children the
/// DevHost launches (one line each) from a pipe. The pipe closes when the DevHost disposes the servers or dies,
/// however it dies (SIGKILL included); the shell then stops whatever is left by the DevHost's own policy
/// (<see cref="ChildProcess.StopAsync"/>): the child's stop signal to its process group, up to its grace, then
/// SIGKILL to the group and to every process carrying the run's marker. A run with a temporary state folder
/// has it deleted last.
/// </summary>
internal sealed class Watchdog(Process process) : IDisposable
{
    // $1: the run id; $2: the temporary state folder to delete, or "". The watchdog's environment does not
    // carry the marker, so it never matches itself.
    private const string Script = """
        exec >/dev/null 2>&1
        trap '' INT HUP TERM
        children=$(cat)
        live() { [ "$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f20)" = "$start" ]; }
        each() {
          while read -r pid start signal grace; do [ -n "$pid" ] && live && "$@"; done <<EOF
        $children
        EOF
        }
        deadline=$(date +%s)
        stop() { kill "-$signal" "-$pid"; [ $(( $(date +%s) + grace )) -le "$deadline" ] || deadline=$(( $(date +%s) + grace )); }
        force() { kill -KILL "-$pid"; }
        each stop
        while [ "$(date +%s)" -lt "$deadline" ] && [ -n "$(each echo x)" ]; do sleep 0.1; done
        each force
        for e in $(grep -lxzF "GACERE_DEVHOST_RUN=$1" /proc/[0-9]*/environ); do
          p=${e#/proc/}; kill -KILL "${p%/environ}"
        done
        [ -z "$2" ] || rm -rf "$2"
        """;

    private readonly Lock _gate = new();

    public static Watchdog Start(string runId, string? temporaryState)
    {
        var info = new ProcessStartInfo(Prerequisites.Require("setsid"))
        {
            ArgumentList = { Prerequisites.Require("sh"), "-c", Script, "gacere-devhost-watchdog", runId, temporaryState ?? "" },
            RedirectStandardInput = true,
        };
        // Its own tools (cat, sed, grep, kill) are the system's, whatever PATH the DevHost was given.
        info.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        info.Environment.Remove(ProcFs.RunMarker);
        info.Environment.Remove(ProcFs.StateMarker);
        info.Environment.Remove(ProcFs.ResourceMarker);
        return new Watchdog(Process.Start(info)!);
    }

    /// <summary>Hands a child over: <paramref name="signal"/> to its group, then SIGKILL after <paramref name="grace"/>.</summary>
    public void Watch(ChildProcess child, int signal, TimeSpan grace)
    {
        lock (_gate)
        {
            try
            {
                process.StandardInput.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{child.Pid} {child.StartTime} {signal} {(int)Math.Ceiling(grace.TotalSeconds)}"));
                process.StandardInput.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The watchdog is gone (disposed with the run); the ordered stop still covers this child.
            }
        }
    }

    /// <summary>Closes the pipe, as the DevHost's death would, and waits while the watchdog sweeps up and exits.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It is gone already; nothing to wait for.
            }
        }
        process.WaitForExit(TimeSpan.FromSeconds(30));
        process.Dispose();
    }
}
