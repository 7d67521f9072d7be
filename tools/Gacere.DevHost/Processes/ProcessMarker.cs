namespace Gacere.DevHost.Processes;

/// <summary>
/// Environment variables every child (and, by inheritance, every grandchild such as epmd or
/// erl_child_setup) carries, so that what a run left can be found even when its parent is gone.
/// </summary>
internal static class ProcessMarker
{
    public const string Run = "GACERE_DEVHOST_RUN";
    public const string State = "GACERE_DEVHOST_STATE";
    public const string Resource = "GACERE_DEVHOST_RESOURCE";

    public static bool BelongsToRun(int pid, string runId, string resource)
    {
        var environment = ProcFs.ReadEnvironment(pid);
        return environment.Contains($"{Run}={runId}") && environment.Contains($"{Resource}={resource}");
    }
}
