using System.Globalization;
using System.Security.Cryptography;
using Gacere.DevHost.Processes;
using RabbitMQ.Client;

namespace Gacere.DevHost.Resources;

/// <summary>
/// RabbitMQ started from the broker's own script as the current user, with every path it writes
/// (database, logs, feature flags, plugins, Erlang cookie) inside the state folder, a private epmd
/// port, and the management plugin (its UI shows queues, their depth and consumers, as under Aspire).
/// The node name is kept per state folder so the broker's
/// data survives a restart.
/// </summary>
internal sealed class RabbitMqServer(ResourceContext context, string script, int port, int distributionPort, int epmdPort, int managementPort)
    : ManagedResource(ResourceNames.Messaging, context)
{
    private readonly string _folder = Path.Combine(context.State.Path, "messaging");
    private readonly string _nodeName = context.State.ReadOrCreate(Path.Combine("messaging", "nodename"),
        () => $"gacere-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}@localhost");

    public int Port => port;
    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{port}";
    public override Uri Url => new($"amqp://127.0.0.1:{port}");
    public override Uri ManagementUrl => new($"http://127.0.0.1:{managementPort}");
    protected override TimeSpan StopGrace => TimeSpan.FromSeconds(15);

    protected override async Task PrepareAsync(CancellationToken ct)
    {
        foreach (var folder in new[] { "mnesia", "log", "home" })
        {
            Directory.CreateDirectory(Path.Combine(_folder, folder));
        }
        File.SetUnixFileMode(Path.Combine(_folder, "home"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Path.Combine(_folder, "enabled_plugins"), "[rabbitmq_management].\n", ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(_folder, "rabbitmq-env.conf"), "# Written by Gacere.DevHost: everything comes from the environment.\n", ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(_folder, "rabbitmq.conf"),
            $"""
            # Written by Gacere.DevHost.
            # guest/guest, accepted from loopback only.
            loopback_users.guest = true
            # CI disks are small: do not block publishers before the disk is really full.
            disk_free_limit.absolute = 50MB
            management.tcp.ip = 127.0.0.1
            management.tcp.port = {managementPort}

            """, ct).ConfigureAwait(false);
    }

    protected override ChildStart CreateStart()
    {
        var environment = new Dictionary<string, string?>
        {
            // The Erlang cookie lives in $HOME.
            ["HOME"] = Path.Combine(_folder, "home"),
            ["RABBITMQ_NODENAME"] = _nodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(_folder, "log"),
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_FEATURE_FLAGS_FILE"] = Path.Combine(_folder, "feature_flags"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_folder, "enabled_plugins"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_folder, "rabbitmq-env.conf"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_folder, "rabbitmq"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_folder, "advanced.config"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(_folder, "rabbitmq.pid"),
            ["RABBITMQ_CONFIG_FILES"] = null,
            ["RABBITMQ_USE_LONGNAME"] = null,
        };
        return new ChildStart(script, [], environment, _folder);
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        // Cheap check first (the listener opens last in the boot), then one real login as guest.
        // A method frame (type 1) on channel 0 answers the protocol header: connection.start.
        if (!await TcpProbeAsync(port, "AMQP\0\0\x09\x01"u8.ToArray(), (answer, read) => read > 0 && answer[0] == 1, ct).ConfigureAwait(false))
        {
            return false;
        }
        var factory = new ConnectionFactory
        {
            HostName = "127.0.0.1",
            Port = port,
            UserName = "guest",
            Password = "guest",
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
            ClientProvidedName = "gacere-devhost-probe",
        };
        await using var connection = await factory.CreateConnectionAsync(ct).ConfigureAwait(false);
        await connection.CloseAsync(ct).ConfigureAwait(false);
        return true;
    }
}
