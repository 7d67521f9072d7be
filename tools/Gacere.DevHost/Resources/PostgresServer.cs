using System.ComponentModel;
using CliWrap;
using Tool = CliWrap.Cli;
using Gacere.DevHost.Processes;
using Npgsql;

namespace Gacere.DevHost.Resources;

/// <summary>
/// PostgreSQL from the local binaries: data in the state folder, owned by the postgres user when we
/// are root; password (SCRAM) authentication over TCP on loopback, trust only on the private socket.
/// </summary>
internal sealed class PostgresServer : ManagedResource
{
    private readonly string _binDirectory;
    private readonly string _folder;
    private readonly string _dataDirectory;
    private readonly string _socketDirectory;

    public PostgresServer(ResourceContext context, string binDirectory, int port)
        : base(ResourceNames.Postgres, context)
    {
        _binDirectory = binDirectory;
        Port = port;
        Password = context.State.PostgresPassword;
        _folder = Path.Combine(context.State.Path, "postgres");
        _dataDirectory = Path.Combine(_folder, "data");
        _socketDirectory = Path.Combine(_folder, "run");
    }

    public int Port { get; }

    public string Password { get; }

    public override Uri Url => new($"postgres://127.0.0.1:{Port}");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Password={Password}";

    // Unpooled: the DevHost must not keep connections that outlive a stop or a dispose.
    private string AdminConnectionString => ConnectionString("postgres") + ";Pooling=false;Timeout=5";

    // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, disconnect clients, stop.
    protected override int StopSignal => ProcFs.SigInt;

    protected override async Task PrepareAsync(CancellationToken ct)
    {
        var runAs = Prerequisites.RunAsPostgresPrefix();
        Directory.CreateDirectory(_folder);
        Directory.CreateDirectory(_socketDirectory);
        if (runAs.Count > 0)
        {
            EnsureReachableByOthers(_folder);
            await ChownToPostgresAsync([_folder, _socketDirectory], ct).ConfigureAwait(false);
        }
        File.SetUnixFileMode(_socketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        if (File.Exists(Path.Combine(_dataDirectory, "PG_VERSION")))
        {
            return;
        }
        var passwordFile = Path.Combine(_folder, "initdb-password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n", ct).ConfigureAwait(false);
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            if (runAs.Count > 0)
            {
                await ChownToPostgresAsync([passwordFile], ct).ConfigureAwait(false);
            }
            string[] initdb =
            [
                .. runAs,
                Path.Combine(_binDirectory, "initdb"),
                "-D", _dataDirectory,
                "-U", "postgres",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                $"--pwfile={passwordFile}",
                "-E", "UTF8",
                "--no-locale",
                "--no-sync",
            ];
            if (await RunToolAsync(initdb, ct).ConfigureAwait(false) is var exitCode and not 0)
            {
                throw new DevHostException($"postgres: initdb failed with exit code {exitCode} in {_dataDirectory}.", Name, Log.Tail());
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    protected override ChildStart CreateStart()
    {
        // The socket path is limited to ~107 bytes; a deep state folder goes without a socket (TCP is what clients use).
        var socketPath = Path.Combine(_socketDirectory, $".s.PGSQL.{Port}");
        var socketDirectory = socketPath.Length <= 100 ? _socketDirectory : "";
        string[] postgres =
        [
            Path.Combine(_binDirectory, "postgres"),
            "-D", _dataDirectory,
            "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            "-c", $"unix_socket_directories={socketDirectory}",
            "-c", "unix_socket_permissions=0700",
            // A development and test server: durability against power loss buys nothing here and
            // fsync makes CREATE DATABASE (one per test) slow.
            "-c", "fsync=off",
            "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off",
            "-c", "max_connections=300",
        ];
        string[] command = [.. Prerequisites.RunAsPostgresPrefix(), .. postgres];
        return new ChildStart(command[0], command[1..], new Dictionary<string, string?>(), _folder);
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        // Line 8 of postmaster.pid turns to "ready" once connections are accepted (what pg_ctl waits for).
        var pidFile = Path.Combine(_dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return false;
        }
        string[] lines;
        using (var reader = new StreamReader(new FileStream(pidFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)))
        {
            lines = (await reader.ReadToEndAsync(ct).ConfigureAwait(false)).Split('\n');
        }
        if (lines.Length < 8 || lines[3].Trim() != Port.ToString(System.Globalization.CultureInfo.InvariantCulture) || lines[7].Trim() != "ready")
        {
            return false;
        }
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Creates the database unless it exists; safe to call concurrently.</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 63 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a valid PostgreSQL database name.", nameof(name));
        }
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection))
            {
                exists.Parameters.Add(new NpgsqlParameter { Value = name });
                if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null)
                {
                    return;
                }
            }
            try
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                // Another CREATE DATABASE is copying the template right now.
                await Task.Delay(50 * attempt, ct).ConfigureAwait(false);
            }
        }
    }

    private static void EnsureReachableByOthers(string folder)
    {
        for (var directory = Path.GetDirectoryName(folder); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if ((File.GetUnixFileMode(directory) & UnixFileMode.OtherExecute) == 0)
            {
                throw new DevHostException(
                    $"postgres: PostgreSQL runs as the postgres user, who cannot enter {directory} (no execute permission for others); " +
                    "put the state folder under a path every user can traverse, such as /tmp.", ResourceNames.Postgres);
            }
        }
    }

    private async Task ChownToPostgresAsync(IEnumerable<string> paths, CancellationToken ct)
    {
        if (await RunToolAsync(["chown", "postgres:postgres", .. paths], ct).ConfigureAwait(false) != 0)
        {
            throw new DevHostException($"postgres: could not hand {_folder} to the postgres user.", Name, Log.Tail());
        }
    }

    /// <summary>Runs a short tool (initdb, chown) to its end, its output into the server's log; returns its exit code.</summary>
    private async Task<int> RunToolAsync(IReadOnlyList<string> command, CancellationToken ct)
    {
        try
        {
            var result = await Tool.Wrap(command[0]).WithArguments(command.Skip(1))
                .WithValidation(CommandResultValidation.None)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(Log.Write))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(Log.Write))
                .ExecuteAsync(ct).ConfigureAwait(false);
            return result.ExitCode;
        }
        catch (Win32Exception e)
        {
            throw DevHostException.PrerequisiteMissing(
                $"`{command[0]}` could not be started ({e.InnerException?.Message ?? e.Message}); is it installed and on PATH?", Name);
        }
    }
}
