namespace Gacere.DevHost.Processes;

/// <summary>
/// Environment variables every child (and, by inheritance, every grandchild such as epmd or
/// erl_child_setup) carries, so leftovers of a dead run can be found even when their parent is gone.
/// </summary>
internal static class ProcessMarker
{
    public const string Run = "GACERE_DEVHOST_RUN";
    public const string State = "GACERE_DEVHOST_STATE";
    public const string Resource = "GACERE_DEVHOST_RESOURCE";

    public static bool BelongsToRun(int pid, string runId, string? resource = null)
    {
        var environment = ProcFs.ReadEnvironment(pid);
        return environment is not null
            && environment.TryGetValue(Run, out var run) && run == runId
            && (resource is null || (environment.TryGetValue(Resource, out var r) && r == resource));
    }

    public static bool BelongsToState(int pid, string stateDirectory)
    {
        var environment = ProcFs.ReadEnvironment(pid);
        return environment is not null && environment.TryGetValue(State, out var state) && state == stateDirectory;
    }
}
