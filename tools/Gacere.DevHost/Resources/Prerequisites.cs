namespace Gacere.DevHost.Resources;

/// <summary>Finds the locally installed binaries, or says in one line how to install them.</summary>
internal static class Prerequisites
{
    public const string InstallHint = "install the servers with `apt-get install -y redis-server rabbitmq-server postgresql`";
    private static readonly string[] SystemFolders = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    public static void EnsureLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw DevHostException.PrerequisiteMissing(
                "Gacere.DevHost runs the servers from Linux binaries; on this OS use the Aspire AppHost (Gacere.AppHost) instead.");
        }
    }

    /// <summary>The full path of <paramref name="name"/> on PATH (or in the usual system folders), or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(SystemFolders)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(IsExecutable);

    /// <summary>A tool of every Linux system (setsid, sh): found, or a one-line prerequisite error.</summary>
    public static string Require(string name) =>
        Find(name) ?? throw DevHostException.PrerequisiteMissing($"`{name}` was not found on PATH nor in /usr/bin, /bin.");

    /// <summary>The dotnet host that runs the services: the one running us when there is one.</summary>
    public static string DotNetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromCli && File.Exists(fromCli) ? fromCli
        : Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current
        : Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && IsExecutable(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet")
        : Find("dotnet") ?? "dotnet";

    /// <summary>The folder holding <c>postgres</c> and <c>initdb</c> (Debian keeps them off PATH), newest version first.</summary>
    public static string PostgresBinDirectory() =>
        Subfolders("/usr/lib/postgresql", "*")
            .OrderByDescending(folder => int.TryParse(Path.GetFileName(folder), out var version) ? version : 0)
            .Select(folder => Path.Combine(folder, "bin"))
            .Concat(Find("postgres") is { } onPath ? [Path.GetDirectoryName(onPath)!] : Array.Empty<string>())
            .FirstOrDefault(folder => IsExecutable(Path.Combine(folder, "postgres")) && IsExecutable(Path.Combine(folder, "initdb")))
        ?? throw DevHostException.PrerequisiteMissing(
            $"PostgreSQL server binaries (postgres, initdb) not found in /usr/lib/postgresql/*/bin or on PATH: {InstallHint}.", ResourceNames.Postgres);

    public static string RedisServer() =>
        Find("redis-server") ?? throw DevHostException.PrerequisiteMissing($"redis-server not found on PATH: {InstallHint}.", ResourceNames.Cache);

    /// <summary>
    /// The broker's own start script. Not /usr/sbin/rabbitmq-server: that wrapper switches to the
    /// rabbitmq user, who cannot write into our state folder.
    /// </summary>
    public static string RabbitMqServer() =>
        Subfolders("/usr/lib/rabbitmq/lib", "rabbitmq_server-*").Order(StringComparer.Ordinal).Reverse()
            .Select(folder => Path.Combine(folder, "sbin", "rabbitmq-server"))
            .Prepend("/usr/lib/rabbitmq/bin/rabbitmq-server")
            .FirstOrDefault(IsExecutable)
        ?? throw DevHostException.PrerequisiteMissing(
            $"rabbitmq-server not found (/usr/lib/rabbitmq/bin/rabbitmq-server): {InstallHint}.", ResourceNames.Messaging);

    /// <summary>How to run a command as the postgres user when we are root (PostgreSQL refuses root).</summary>
    public static IReadOnlyList<string> RunAsPostgresPrefix()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return [];
        }
        if (!File.ReadLines("/etc/passwd").Any(line => line.StartsWith("postgres:", StringComparison.Ordinal)))
        {
            throw DevHostException.PrerequisiteMissing(
                $"PostgreSQL refuses to run as root and there is no `postgres` user to run it as: {InstallHint} (the package creates the user).",
                ResourceNames.Postgres);
        }
        // setpriv (util-linux, on every Debian) replaces itself with the server, so the stop signal reaches the
        // postmaster itself; runuser would stay as a parent and turn every signal into SIGTERM.
        return [Require("setpriv"), "--reuid=postgres", "--regid=postgres", "--init-groups"];
    }

    public static bool IsExecutable(string file) =>
        File.Exists(file) && (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static IEnumerable<string> Subfolders(string parent, string pattern) =>
        Directory.Exists(parent) ? Directory.EnumerateDirectories(parent, pattern) : [];
}
