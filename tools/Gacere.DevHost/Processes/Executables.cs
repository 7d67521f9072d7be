namespace Gacere.DevHost.Processes;

internal static class Executables
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The full path of <paramref name="name"/> on PATH (or in the usual system folders), or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"])
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(IsExecutable);

    /// <summary>A tool of every Linux system (setsid, sh): found, or a one-line prerequisite error.</summary>
    public static string Require(string name) =>
        Find(name) ?? throw DevHostException.PrerequisiteMissing($"`{name}` was not found on PATH nor in /usr/bin, /bin.");

    public static bool IsExecutable(string file) => File.Exists(file) && (File.GetUnixFileMode(file) & AnyExecute) != 0;

    /// <summary>The dotnet host that runs the services: the one running us when there is one.</summary>
    public static string DotNetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromCli && File.Exists(fromCli))
        {
            return fromCli;
        }
        if (Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && IsExecutable(Path.Combine(root, "dotnet")))
        {
            return Path.Combine(root, "dotnet");
        }
        return Find("dotnet") ?? "dotnet";
    }
}
