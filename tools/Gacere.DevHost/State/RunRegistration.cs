using System.Security.Cryptography;
using Gacere.DevHost.Processes;

namespace Gacere.DevHost.State;

/// <summary>
/// Every run registers under one well-known folder (<c>/tmp/gacere-devhost/&lt;run-id&gt;/</c>) with the
/// pid of its owner. A later start reaps runs whose owner died without cleaning up (a test host killed
/// by a timeout, a SIGKILLed DevHost): it stops their children and deletes their temporary state.
/// </summary>
internal sealed class RunRegistration : IDisposable
{
    private const string OwnerFile = "owner.pid";
    private const string StateFile = "state-path";
    private static readonly TimeSpan RegistrationGrace = TimeSpan.FromMinutes(1);

    private RunRegistration(string runId, string directory, string stateDirectory)
    {
        RunId = runId;
        Directory = directory;
        StateDirectory = stateDirectory;
    }

    public static string Root => Path.Combine(Path.GetTempPath(), "gacere-devhost");

    public string RunId { get; }

    public string Directory { get; }

    /// <summary>The caller's state folder, or a fresh one inside the run folder.</summary>
    public string StateDirectory { get; }

    public static RunRegistration Register(string? stateDirectory)
    {
        var runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var directory = Path.Combine(Root, runId);
        System.IO.Directory.CreateDirectory(directory);
        var state = stateDirectory is null ? Path.Combine(directory, "state") : Path.GetFullPath(stateDirectory);
        File.WriteAllText(Path.Combine(directory, StateFile), state + "\n");
        File.WriteAllText(Path.Combine(directory, OwnerFile), $"{Environment.ProcessId} {ProcFs.StartTime(Environment.ProcessId)}\n");
        return new RunRegistration(runId, directory, state);
    }

    /// <summary>Stops the children of every registered run whose owner is gone and removes the run.</summary>
    public static void ReapDeadRuns()
    {
        if (!System.IO.Directory.Exists(Root))
        {
            return;
        }
        foreach (var directory in System.IO.Directory.EnumerateDirectories(Root))
        {
            try
            {
                ReapIfDead(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Another starter is reaping the same run, or the folder is not ours: leave it.
            }
        }
    }

    private static void ReapIfDead(string directory)
    {
        var ownerFile = Path.Combine(directory, OwnerFile);
        if (!File.Exists(ownerFile))
        {
            // Half-registered (its owner is writing it right now) or a stray folder.
            if (DateTime.UtcNow - System.IO.Directory.GetCreationTimeUtc(directory) > RegistrationGrace)
            {
                StateFolder.DeleteDirectory(directory);
            }
            return;
        }
        var owner = File.ReadAllText(ownerFile).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (owner.Length == 2 && int.TryParse(owner[0], out var pid) && long.TryParse(owner[1], out var start) && ProcFs.IsAlive(pid, start))
        {
            return;
        }
        var runId = Path.GetFileName(directory);
        var stateFile = Path.Combine(directory, StateFile);
        var state = File.Exists(stateFile) ? File.ReadAllText(stateFile).Trim() : null;
        var records = state is null ? [] : StateFolder.ReadChildren(state).Where(r => r.RunId == runId).ToList();
        OrphanReaper.Terminate(records, pid => ProcessMarker.BelongsToRun(pid, runId));
        StateFolder.DeleteDirectory(directory);
    }

    public void Dispose() => StateFolder.DeleteDirectory(Directory);
}
