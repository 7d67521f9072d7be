using Gacere.DevHost.Processes;

namespace Gacere.DevHost.Resources;

/// <summary>Finds the locally installed server binaries, or says in one line how to install them.</summary>
internal static class Prerequisites
{
    public const string InstallHint = "install the servers with `apt-get install -y redis-server rabbitmq-server postgresql`";

    public static void EnsureLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw DevHostException.PrerequisiteMissing(
                "Gacere.DevHost runs the servers from Linux binaries; on this OS use the Aspire AppHost (Gacere.AppHost) instead.");
        }
    }

    /// <summary>The folder holding <c>postgres</c> and <c>initdb</c> (Debian keeps them off PATH).</summary>
    public static string PostgresBinDirectory()
    {
        var candidates = new List<string>();
        var configured = Environment.GetEnvironmentVariable("GACERE_POSTGRES_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            candidates.Add(configured);
        }
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(d => (Folder: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Folder, "bin")));
        }
        if (Executables.Find("postgres") is { } onPath)
        {
            candidates.Add(Path.GetDirectoryName(onPath)!);
        }
        foreach (var folder in candidates)
        {
            if (Executables.IsExecutable(Path.Combine(folder, "postgres")) && Executables.IsExecutable(Path.Combine(folder, "initdb")))
            {
                return folder;
            }
        }
        throw DevHostException.PrerequisiteMissing(
            $"PostgreSQL server binaries (postgres, initdb) not found in /usr/lib/postgresql/*/bin or on PATH: {InstallHint}.", ResourceNames.Postgres);
    }

    public static string RedisServer() =>
        Executables.Find("redis-server")
        ?? throw DevHostException.PrerequisiteMissing($"redis-server not found on PATH: {InstallHint}.", ResourceNames.Cache);

    /// <summary>
    /// The broker's own start script. Not /usr/sbin/rabbitmq-server: that wrapper switches to the
    /// rabbitmq user, who cannot write into our state folder.
    /// </summary>
    public static string RabbitMqServer()
    {
        var configured = Environment.GetEnvironmentVariable("GACERE_RABBITMQ_SERVER");
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(configured))
        {
            candidates.Add(configured);
        }
        candidates.Add("/usr/lib/rabbitmq/bin/rabbitmq-server");
        if (Directory.Exists("/usr/lib/rabbitmq/lib"))
        {
            candidates.AddRange(Directory.EnumerateDirectories("/usr/lib/rabbitmq/lib", "rabbitmq_server-*")
                .Order(StringComparer.Ordinal).Reverse()
                .Select(d => Path.Combine(d, "sbin", "rabbitmq-server")));
        }
        return candidates.FirstOrDefault(Executables.IsExecutable)
            ?? throw DevHostException.PrerequisiteMissing(
                $"rabbitmq-server not found (/usr/lib/rabbitmq/bin/rabbitmq-server): {InstallHint}.", ResourceNames.Messaging);
    }

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
        return [Executables.Require("setpriv"), "--reuid=postgres", "--regid=postgres", "--init-groups"];
    }
}
