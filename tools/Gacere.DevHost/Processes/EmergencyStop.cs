namespace Gacere.DevHost.Processes;

/// <summary>
/// Kills the children of every topology still running when the host process exits without
/// disposing them (a test run that ends early, an unhandled exception).
/// </summary>
internal static class EmergencyStop
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<Action> Actions = [];

    static EmergencyStop() => AppDomain.CurrentDomain.ProcessExit += (_, _) => RunAll();

    public static IDisposable Register(Action kill)
    {
        lock (Gate)
        {
            Actions.Add(kill);
        }
        return new Registration(kill);
    }

    private static void RunAll()
    {
        Action[] actions;
        lock (Gate)
        {
            actions = [.. Actions];
            Actions.Clear();
        }
        foreach (var action in actions)
        {
            try
            {
                action();
            }
            catch (Exception)
            {
                // Best effort while the process is going away; the watchdog and the next start catch the rest.
            }
        }
    }

    private sealed class Registration(Action kill) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                Actions.Remove(kill);
            }
        }
    }
}
