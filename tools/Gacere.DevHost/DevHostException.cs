namespace Gacere.DevHost;

/// <summary>
/// A resource could not be started (missing binary, child exited, not healthy in time). The message
/// names the resource and ends with the last lines it wrote.
/// </summary>
public class DevHostException : Exception
{
    /// <summary>Exit code for a missing prerequisite: a server binary not installed, a service not built.</summary>
    public const int PrerequisiteMissingExitCode = 2;

    internal DevHostException(string message, string? resource = null, IReadOnlyList<string>? recentLog = null, int exitCode = 1, Exception? inner = null)
        : base(recentLog is null or [] ? message : string.Join(Environment.NewLine, [message, $"--- last {recentLog.Count} lines of {resource ?? "the child"} ---", .. recentLog]), inner)
    {
        Summary = message;
        ExitCode = exitCode;
    }

    /// <summary>The failure in one line, without the log tail.</summary>
    public string Summary { get; }

    /// <summary>The process exit code the DevHost executable uses for this failure.</summary>
    public int ExitCode { get; }

    internal static DevHostException PrerequisiteMissing(string message, string? resource = null) =>
        new(message, resource, exitCode: PrerequisiteMissingExitCode);
}
