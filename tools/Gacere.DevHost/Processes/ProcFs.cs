using System.Runtime.InteropServices;

namespace Gacere.DevHost.Processes;

/// <summary>
/// The processes of this machine as /proc shows them, and the one libc call .NET lacks (an arbitrary signal).
/// A pid alone can be recycled; a pid plus its start time (clock ticks since boot) cannot.
/// </summary>
internal static class ProcFs
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>
    /// What every child (and, by inheritance, every grandchild such as epmd) carries in its environment, so that
    /// what a run left can be found even when its parent is gone.
    /// </summary>
    public const string RunMarker = "GACERE_DEVHOST_RUN", StateMarker = "GACERE_DEVHOST_STATE", ResourceMarker = "GACERE_DEVHOST_RESOURCE";

    public readonly record struct ProcessInfo(int Pid, int ParentPid, int ProcessGroup, long StartTime);

    /// <summary>Sends <paramref name="signal"/> (a negative pid: to the group); false when the target no longer exists.</summary>
    public static bool Signal(int pid, int signal) => pid != 0 && Kill(pid, signal) == 0;

    /// <summary>The live (not zombie) process <paramref name="pid"/>, or null.</summary>
    public static ProcessInfo? Read(int pid)
    {
        // The command name (field 2) is in parentheses and may itself contain spaces or ')';
        // after it: state (3), ppid (4), pgrp (5) … starttime (22).
        var fields = TryRead($"/proc/{pid}/stat") is { } stat ? stat[(stat.LastIndexOf(')') + 2)..].Split(' ') : [];
        return fields.Length < 20 || fields[0] == "Z"
            ? null
            : new ProcessInfo(pid, int.Parse(fields[1]), int.Parse(fields[2]), long.Parse(fields[19]));
    }

    public static bool IsAlive(int pid, long startTime) => Read(pid) is { } info && info.StartTime == startTime;

    /// <summary>
    /// The processes carrying <paramref name="runId"/> and <paramref name="resource"/>'s markers, plus every
    /// descendant of them or of <paramref name="roots"/> (postgres backends rewrite their environment).
    /// </summary>
    public static IReadOnlyList<int> FindTree(IEnumerable<int> roots, string runId, string resource)
    {
        var snapshot = Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), out var pid) && pid != Environment.ProcessId ? Read(pid) : null)
            .OfType<ProcessInfo>()
            .ToList();
        var members = snapshot.Where(p => roots.Contains(p.Pid) || IsMarked(p.Pid)).Select(p => p.Pid).ToHashSet();
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var process in snapshot.Where(p => !members.Contains(p.Pid) && members.Contains(p.ParentPid)))
            {
                grew |= members.Add(process.Pid);
            }
        }
        return [.. members.Order()];

        bool IsMarked(int pid) => TryRead($"/proc/{pid}/environ")?.Split('\0') is { } environment &&
            environment.Contains($"{RunMarker}={runId}") && environment.Contains($"{ResourceMarker}={resource}");
    }

    private static string? TryRead(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
