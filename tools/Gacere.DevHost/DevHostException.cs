namespace Gacere.DevHost;

/// <summary>
/// A resource could not be started (missing binary, child exited, not healthy in time). The message
/// names the resource and ends with the last lines it wrote.
/// </summary>
public sealed class DevHostException : Exception
{
    /// <summary>Exit code for a missing prerequisite: a server binary not installed, a service not built.</summary>
    public const int PrerequisiteMissingExitCode = 2;

    internal DevHostException(string message, string? resource = null, IReadOnlyList<string>? recentLog = null, int exitCode = 1, Exception? inner = null)
        : base(Compose(message, resource, recentLog), inner)
    {
        Summary = message;
        Resource = resource;
        RecentLog = recentLog ?? [];
        ExitCode = exitCode;
    }

    /// <summary>The failure in one line, without the log tail.</summary>
    public string Summary { get; }

    /// <summary>The resource that failed (<c>postgres</c>, <c>membership</c>, …), if one did.</summary>
    public string? Resource { get; }

    /// <summary>The last lines the failing resource wrote.</summary>
    public IReadOnlyList<string> RecentLog { get; }

    /// <summary>The process exit code the DevHost executable uses for this failure.</summary>
    public int ExitCode { get; }

    public bool IsPrerequisiteMissing => ExitCode == PrerequisiteMissingExitCode;

    internal static DevHostException PrerequisiteMissing(string message, string? resource = null) =>
        new(message, resource, exitCode: PrerequisiteMissingExitCode);

    private static string Compose(string message, string? resource, IReadOnlyList<string>? recentLog)
    {
        if (recentLog is null || recentLog.Count == 0)
        {
            return message;
        }
        var header = $"--- last {recentLog.Count} lines of {resource ?? "the child"} ---";
        return string.Join(Environment.NewLine, [message, header, .. recentLog]);
    }
}
