using System.Text;

namespace Gacere.DevHost.Processes;

/// <summary>
/// Reads /proc to identify processes robustly: a pid alone can be recycled, a pid plus its start
/// time (clock ticks since boot) cannot.
/// </summary>
internal static class ProcFs
{
    public readonly record struct ProcessInfo(int Pid, int ParentPid, int ProcessGroup, long StartTime);

    public static int CurrentPid => Environment.ProcessId;

    public static ProcessInfo? Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        var fields = stat[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); ppid = 4, pgrp = 5, starttime = 22.
        if (fields.Length < 20 || fields[0] == "Z")
        {
            return null;
        }
        return new ProcessInfo(pid, int.Parse(fields[1]), int.Parse(fields[2]), long.Parse(fields[19]));
    }

    public static long? StartTime(int pid) => Read(pid)?.StartTime;

    public static bool IsAlive(int pid, long startTime) => Read(pid) is { } info && info.StartTime == startTime;

    public static IEnumerable<int> AllPids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                yield return pid;
            }
        }
    }

    public static IReadOnlyList<ProcessInfo> Snapshot()
    {
        var list = new List<ProcessInfo>();
        foreach (var pid in AllPids())
        {
            if (Read(pid) is { } info)
            {
                list.Add(info);
            }
        }
        return list;
    }

    /// <summary>The process's initial environment, or null when it cannot be read (gone, not ours).</summary>
    public static IReadOnlyDictionary<string, string>? ReadEnvironment(int pid)
    {
        byte[] environ;
        try
        {
            environ = File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Encoding.UTF8.GetString(environ).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=');
            if (equals > 0)
            {
                result.TryAdd(entry[..equals], entry[(equals + 1)..]);
            }
        }
        return result;
    }

    /// <summary>The processes carrying the marker plus every descendant of them or of <paramref name="roots"/>.</summary>
    public static IReadOnlyList<int> FindTree(IEnumerable<int> roots, Func<int, bool> isMarked)
    {
        var snapshot = Snapshot();
        var members = new HashSet<int>(roots.Where(pid => snapshot.Any(p => p.Pid == pid)));
        foreach (var process in snapshot)
        {
            if (process.Pid != CurrentPid && isMarked(process.Pid))
            {
                members.Add(process.Pid);
            }
        }
        // Descendants (postgres backends rewrite their environ, so the marker alone misses them).
        bool grew;
        do
        {
            grew = false;
            foreach (var process in snapshot)
            {
                if (!members.Contains(process.Pid) && members.Contains(process.ParentPid) && process.Pid != CurrentPid)
                {
                    members.Add(process.Pid);
                    grew = true;
                }
            }
        }
        while (grew);
        return [.. members.Order()];
    }
}
