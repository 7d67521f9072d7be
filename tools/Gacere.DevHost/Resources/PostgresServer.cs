using System.ComponentModel;
using System.Globalization;
using CliWrap;
using Gacere.DevHost.Processes;
using Npgsql;
using Tool = CliWrap.Cli;

namespace Gacere.DevHost.Resources;

/// <summary>
/// PostgreSQL from the local binaries: data in the state folder, owned by the postgres user when we
/// are root; password (SCRAM) authentication over TCP on loopback, trust only on the private socket.
/// </summary>
internal sealed class PostgresServer(ResourceContext context, string binDirectory, int port) : ManagedResource(ResourceNames.Postgres, context)
{
    private readonly string _folder = Path.Combine(context.State.Path, "postgres");
    public int Port => port;
    public string Password { get; } = context.State.PostgresPassword;
    public override Uri Url => new($"postgres://127.0.0.1:{port}");
    private string DataDirectory => Path.Combine(_folder, "data");
    private string SocketDirectory => Path.Combine(_folder, "run");

    // Unpooled: the DevHost must not keep connections that outlive a stop or a dispose.
    private string AdminConnectionString => ConnectionString("postgres") + ";Pooling=false;Timeout=5";

    // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, disconnect clients, stop.
    protected override int StopSignal => ProcFs.SigInt;

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={port};Database={database};Username=postgres;Password={Password}";

    protected override async Task PrepareAsync(CancellationToken ct)
    {
        var runAs = Prerequisites.RunAsPostgresPrefix();
        Directory.CreateDirectory(SocketDirectory);
        if (runAs.Count > 0)
        {
            for (var directory = Path.GetDirectoryName(_folder); directory is not null; directory = Path.GetDirectoryName(directory))
            {
                if ((File.GetUnixFileMode(directory) & UnixFileMode.OtherExecute) == 0)
                {
                    throw new DevHostException(
                        $"postgres: PostgreSQL runs as the postgres user, who cannot enter {directory} (no execute permission for others); " +
                        "put the state folder under a path every user can traverse, such as /tmp.", Name);
                }
            }
            await RunToolAsync(["chown", "postgres:postgres", _folder, SocketDirectory], $"could not hand {_folder} to the postgres user", ct).ConfigureAwait(false);
        }
        File.SetUnixFileMode(SocketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
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
                await RunToolAsync(["chown", "postgres:postgres", passwordFile], $"could not hand {_folder} to the postgres user", ct).ConfigureAwait(false);
            }
            await RunToolAsync(
                [
                    .. runAs, Path.Combine(binDirectory, "initdb"), "-D", DataDirectory, "-U", "postgres", "--auth-local=trust",
                    "--auth-host=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--no-locale", "--no-sync",
                ],
                $"initdb failed in {DataDirectory}", ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    protected override ChildStart CreateStart()
    {
        // The socket path is limited to ~107 bytes; a deep state folder goes without a socket (TCP is what clients use).
        var socketDirectory = Path.Combine(SocketDirectory, $".s.PGSQL.{port}").Length <= 100 ? SocketDirectory : "";
        string[] command =
        [
            .. Prerequisites.RunAsPostgresPrefix(),
            Path.Combine(binDirectory, "postgres"),
            "-D", DataDirectory,
            "-p", port.ToString(CultureInfo.InvariantCulture),
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
        return new ChildStart(command[0], command[1..], new Dictionary<string, string?>(), _folder);
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        // Line 8 of postmaster.pid turns to "ready" once connections are accepted (what pg_ctl waits for).
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return false;
        }
        using var reader = new StreamReader(new FileStream(pidFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var lines = (await reader.ReadToEndAsync(ct).ConfigureAwait(false)).Split('\n');
        if (lines.Length < 8 || lines[3].Trim() != port.ToString(CultureInfo.InvariantCulture) || lines[7].Trim() != "ready")
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
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new NpgsqlParameter { Value = name } } };
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null)
            {
                return;
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

    /// <summary>Runs a short tool (initdb, chown) to its end, its output into the server's log; a non-zero exit is <paramref name="failure"/>.</summary>
    private async Task RunToolAsync(IReadOnlyList<string> command, string failure, CancellationToken ct)
    {
        CommandResult result;
        try
        {
            result = await Tool.Wrap(command[0]).WithArguments(command.Skip(1))
                .WithValidation(CommandResultValidation.None)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(Log.Write))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(Log.Write))
                .ExecuteAsync(ct).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw DevHostException.PrerequisiteMissing(
                $"`{command[0]}` could not be started ({e.InnerException?.Message ?? e.Message}); is it installed and on PATH?", Name);
        }
        if (result.ExitCode != 0)
        {
            throw new DevHostException($"postgres: {failure} (exit code {result.ExitCode}).", Name, Log.Tail());
        }
    }
}
