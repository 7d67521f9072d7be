namespace Gacere.DevHost.Processes;

internal static class Executables
{
    /// <summary>The full path of <paramref name="name"/> on PATH (or in the usual system folders), or null.</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var folders = path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, name);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public static bool IsExecutable(string file) =>
        File.Exists(file) && (UnixPermissions.Get(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    /// <summary>The dotnet host that runs the services: the one running us when there is one.</summary>
    public static string DotNetHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
        {
            return fromCli;
        }
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && IsExecutable(Path.Combine(root, "dotnet")))
        {
            return Path.Combine(root, "dotnet");
        }
        return Find("dotnet") ?? "dotnet";
    }
}
