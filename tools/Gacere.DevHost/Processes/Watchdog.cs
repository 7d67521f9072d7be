using System.Diagnostics;

namespace Gacere.DevHost.Processes;

/// <summary>
/// A tiny shell that blocks reading a pipe from the DevHost. The kernel closes that pipe when the
/// DevHost dies, however it dies (SIGKILL included); the shell then stops every process carrying the
/// run's marker: SIGTERM, up to four seconds, then SIGKILL. On a normal stop the DevHost cleans up itself and kills the watchdog first.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    // $1 is the run id, $2 the state folder. The watchdog's own environment does not carry the marker,
    // so it never matches itself.
    private const string Script = """
        trap '' INT HUP TERM
        cat >/dev/null 2>&1
        # Children that carry the marker (some, like redis and postgres, overwrite their environment).
        marked() {
          for e in /proc/[0-9]*/environ; do
            p=${e#/proc/}; p=${p%/environ}
            grep -qxzF "GACERE_DEVHOST_RUN=$1" "$e" 2>/dev/null && printf '%s ' "$p"
          done
        }
        # Children recorded in the state folder, still the same process (same start time); $3 filters by resource.
        recorded() {
          [ -f "$2/processes" ] || return 0
          while read -r resource pid start run; do
            [ "$run" = "$1" ] || continue
            [ -z "$3" ] || [ "$resource" = "$3" ] || continue
            [ -r "/proc/$pid/stat" ] || continue
            [ "$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f20)" = "$start" ] && printf '%s ' "$pid"
          done < "$2/processes"
        }
        running() {
          for p in $1; do
            [ -e "/proc/$p" ] && ! grep -q ') Z ' "/proc/$p/stat" 2>/dev/null && return 0
          done
          return 1
        }
        leaders=$(recorded "$1" "$2" "")
        pids="$leaders $(marked "$1")"
        running "$pids" || exit 0
        # SIGTERM stops every server and service gracefully (SIGINT would not: Erlang ignores it and
        # its helpers inherit that); PostgreSQL also gets SIGINT, its "fast" rather than "smart" shutdown.
        for p in $leaders; do kill -TERM -- "-$p" 2>/dev/null; done
        kill -TERM $pids 2>/dev/null
        for p in $(recorded "$1" "$2" postgres); do kill -INT "$p" 2>/dev/null; done
        end=$(( $(date +%s) + 4 ))
        while [ "$(date +%s)" -lt "$end" ] && running "$pids"; do
          sleep 0.1
        done
        for p in $leaders; do kill -KILL -- "-$p" 2>/dev/null; done
        pids="$(recorded "$1" "$2" "") $(marked "$1")"
        kill -KILL $pids 2>/dev/null
        exit 0
        """;

    private readonly Process _process;

    private Watchdog(Process process) => _process = process;

    public static Watchdog? Start(string runId, string stateDirectory)
    {
        var shell = Executables.Find("sh");
        if (shell is null)
        {
            return null;
        }
        var setsid = Executables.Find("setsid");
        var info = new ProcessStartInfo
        {
            FileName = setsid ?? shell,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (setsid is not null)
        {
            info.ArgumentList.Add(shell);
        }
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add("gacere-devhost-watchdog");
        info.ArgumentList.Add(runId);
        info.ArgumentList.Add(stateDirectory);
        info.Environment.Remove(ProcessMarker.Run);
        info.Environment.Remove(ProcessMarker.State);
        info.Environment.Remove(ProcessMarker.Resource);
        var process = Process.Start(info);
        return process is null ? null : new Watchdog(process);
    }

    public int Pid => _process.Id;

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                NativeMethods.Signal(-_process.Id, NativeMethods.SigKill);
                NativeMethods.Signal(_process.Id, NativeMethods.SigKill);
                _process.WaitForExit(2000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
