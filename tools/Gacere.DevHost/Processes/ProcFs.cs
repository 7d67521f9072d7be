namespace Gacere.DevHost.Processes;

/// <summary>
/// Reads /proc to identify processes robustly: a pid alone can be recycled, a pid plus its start
/// time (clock ticks since boot) cannot.
/// </summary>
internal static class ProcFs
{
    public readonly record struct ProcessInfo(int Pid, int ParentPid, int ProcessGroup, long StartTime);

    /// <summary>The live (not zombie) process <paramref name="pid"/>, or null.</summary>
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
        // The command name (field 2) is in parentheses and may itself contain spaces or ')';
        // after it: state (3), ppid (4), pgrp (5) … starttime (22).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length < 20 || fields[0] == "Z"
            ? null
            : new ProcessInfo(pid, int.Parse(fields[1]), int.Parse(fields[2]), long.Parse(fields[19]));
    }

    public static bool IsAlive(int pid, long startTime) => Read(pid) is { } info && info.StartTime == startTime;

    /// <summary>The process's initial environment as <c>NAME=value</c> entries; empty when it cannot be read.</summary>
    public static IReadOnlySet<string> ReadEnvironment(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0').ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new HashSet<string>();
        }
    }

    /// <summary>The marked processes plus every descendant of them or of <paramref name="roots"/>.</summary>
    public static IReadOnlyList<int> FindTree(IEnumerable<int> roots, Func<int, bool> isMarked)
    {
        var snapshot = Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), out var pid) && pid != Environment.ProcessId ? Read(pid) : null)
            .OfType<ProcessInfo>()
            .ToList();
        var members = snapshot.Where(p => roots.Contains(p.Pid) || isMarked(p.Pid)).Select(p => p.Pid).ToHashSet();
        // Descendants: postgres backends rewrite their environment, so the marker alone misses them.
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var process in snapshot.Where(p => !members.Contains(p.Pid) && members.Contains(p.ParentPid)))
            {
                grew |= members.Add(process.Pid);
            }
        }
        return [.. members.Order()];
    }
}
