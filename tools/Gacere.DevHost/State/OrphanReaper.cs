using Gacere.DevHost.Processes;

namespace Gacere.DevHost.State;

/// <summary>Stops processes a previous run left behind, politely first, then for good.</summary>
internal static class OrphanReaper
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    /// <summary>Leftovers of earlier runs on a state folder this process now holds the lock of.</summary>
    public static void ReapState(StateFolder state) =>
        Terminate(state.ReadChildren(), pid => ProcessMarker.BelongsToState(pid, state.Path));

    /// <summary>
    /// Terminates the recorded children that are still the same processes (pid and start time) and
    /// every process carrying the marker, plus their descendants.
    /// </summary>
    public static void Terminate(IEnumerable<ChildRecord> records, Func<int, bool> isMarked)
    {
        var roots = records.Where(r => ProcFs.IsAlive(r.Pid, r.StartTime)).ToList();
        var rootPids = roots.Select(r => r.Pid).ToHashSet();
        var tree = ProcFs.FindTree(rootPids, isMarked);
        if (tree.Count == 0)
        {
            return;
        }
        var snapshot = tree.Select(ProcFs.Read).OfType<ProcFs.ProcessInfo>().ToList();

        // Postgres: SIGQUIT is an immediate shutdown in which the postmaster takes its backends down
        // too (they rewrite their environment, so they carry no marker of their own).
        foreach (var process in snapshot)
        {
            var resource = roots.FirstOrDefault(r => r.Pid == process.Pid)?.Resource
                ?? (ProcFs.ReadEnvironment(process.Pid) is { } environment && environment.TryGetValue(ProcessMarker.Resource, out var r) ? r : null);
            if (resource is null)
            {
                continue;
            }
            NativeMethods.Signal(process.Pid, resource == ResourceNames.Postgres ? NativeMethods.SigQuit : NativeMethods.SigTerm);
        }

        var deadline = DateTime.UtcNow + Grace;
        while (DateTime.UtcNow < deadline && snapshot.Any(p => ProcFs.IsAlive(p.Pid, p.StartTime)))
        {
            Thread.Sleep(50);
        }
        foreach (var process in snapshot.Where(p => ProcFs.IsAlive(p.Pid, p.StartTime)))
        {
            NativeMethods.Signal(process.Pid, NativeMethods.SigKill);
        }
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (DateTime.UtcNow < deadline && snapshot.Any(p => ProcFs.IsAlive(p.Pid, p.StartTime)))
        {
            Thread.Sleep(20);
        }
    }
}
