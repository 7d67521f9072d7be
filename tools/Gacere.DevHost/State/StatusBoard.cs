using System.Text.Json;
using System.Text.Json.Serialization;
using Gacere.DevHost.Processes;

namespace Gacere.DevHost.State;

/// <summary>What a resource is doing now, as the console and <c>./gacere status</c> show it.</summary>
public enum ResourceState { Starting, Healthy, Unhealthy, Exited, CrashLoop, Stopped }

/// <summary>One resource's line in the status table.</summary>
public sealed record ResourceStatus(
    string Name, Uri Url, ResourceState State, DateTimeOffset Since, int? Pid = null, int Restarts = 0, string? Detail = null, Uri? ManagementUrl = null);

/// <summary>The status file: which DevHost wrote it and every resource's state.</summary>
internal sealed record StatusSnapshot(int DevHostPid, long DevHostStartTime, DateTimeOffset Updated, IReadOnlyList<ResourceStatus> Resources)
{
    public const string FileName = "status.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>The snapshot of the DevHost running on <paramref name="stateDirectory"/>, or null when none runs.</summary>
    public static StatusSnapshot? ReadLive(string stateDirectory)
    {
        StatusSnapshot? snapshot;
        try
        {
            snapshot = JsonSerializer.Deserialize<StatusSnapshot>(File.ReadAllText(Path.Combine(stateDirectory, FileName)), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
        return snapshot is not null && ProcFs.IsAlive(snapshot.DevHostPid, snapshot.DevHostStartTime) ? snapshot : null;
    }
}

/// <summary>
/// Every resource's current state, kept in <c>&lt;state&gt;/status.json</c> (rewritten atomically on each change)
/// and announced to the caller's callback, which the console uses to print state changes.
/// </summary>
internal sealed class StatusBoard(string stateDirectory, Action<ResourceStatus>? changed)
{
    private readonly OrderedDictionary<string, ResourceStatus> _resources = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly long _startTime = ProcFs.Read(Environment.ProcessId)?.StartTime ?? 0;
    private readonly string _file = Path.Combine(stateDirectory, StatusSnapshot.FileName);

    public IReadOnlyList<ResourceStatus> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _resources.Values];
            }
        }
    }

    /// <summary>Records a change; <paramref name="update"/> gets the previous status (null the first time) and returns it for "no change".</summary>
    public void Set(string name, Func<ResourceStatus?, ResourceStatus?> update)
    {
        ResourceStatus? status, previous;
        lock (_gate)
        {
            previous = _resources.GetValueOrDefault(name);
            status = update(previous);
            if (status is null || ReferenceEquals(status, previous))
            {
                return;
            }
            _resources[name] = status;
            try
            {
                File.WriteAllText(_file + ".tmp", JsonSerializer.Serialize(
                    new StatusSnapshot(Environment.ProcessId, _startTime, DateTimeOffset.UtcNow, [.. _resources.Values]), StatusSnapshot.Json));
                File.Move(_file + ".tmp", _file, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The state folder is going away (an ephemeral run being disposed).
            }
        }
        if (previous is not null && previous.State == status.State && previous.Detail == status.Detail)
        {
            return; // only the pid changed
        }
        try
        {
            changed?.Invoke(status);
        }
        catch (Exception)
        {
            // A closed console must not stop supervision.
        }
    }

    /// <summary>A health probe's verdict on a running resource (healthy ⇄ unhealthy); other states are the supervisor's.</summary>
    public void ReportHealth(string name, bool healthy)
    {
        var state = healthy ? ResourceState.Healthy : ResourceState.Unhealthy;
        Set(name, previous => previous is { State: ResourceState.Healthy or ResourceState.Unhealthy } && previous.State != state
            ? previous with { State = state, Since = DateTimeOffset.UtcNow, Detail = healthy ? null : "health probe failed" }
            : previous);
    }

    public void Delete()
    {
        lock (_gate)
        {
            File.Delete(_file);
        }
    }
}
