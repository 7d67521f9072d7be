using System.Runtime.InteropServices;
using Gacere.DevHost;

namespace Gacere.Testing;

/// <summary>
/// The servers' RabbitMQ as a process, for tests of a hung broker: <see cref="Pause"/> (SIGSTOP) keeps its port open and its
/// connections up while nothing answers; <see cref="Resume"/> (SIGCONT) lets it go on.
/// </summary>
public static class BrokerProcess
{
    /// <summary>The Erlang VM among <paramref name="servers"/>' processes (not epmd, not the shell that started it).</summary>
    public static int Pid(LocalServers servers)
    {
        var beams = servers.ProcessIds
            .Where(pid => File.Exists($"/proc/{pid}/comm") && File.ReadAllText($"/proc/{pid}/comm").Trim().StartsWith("beam", StringComparison.Ordinal))
            .ToList();
        return beams.Count == 1
            ? beams[0]
            : throw new InvalidOperationException($"expected one beam process among the servers' processes, found {beams.Count}");
    }

    /// <summary>Stops the broker without closing anything; true when the signal was delivered.</summary>
    public static bool Pause(int pid) => Kill(pid, SigStop) == 0;

    /// <summary>Lets a paused broker go on; true when the signal was delivered.</summary>
    public static bool Resume(int pid) => Kill(pid, SigCont) == 0;

    private const int SigCont = 18;
    private const int SigStop = 19;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
