using System.Diagnostics;
using Gacere.DevHost.Cli;
using Gacere.DevHost.Resources;
using Gacere.DevHost.State;

namespace Gacere.DevHost;

internal static class Program
{
    private const int UsageExitCode = 64;
    private const int NothingRunsExitCode = 3;

    public static async Task<int> Main(string[] args)
    {
        var output = new ConsoleOutput();
        try
        {
            var commandLine = CommandLine.Parse(args);
            return commandLine.Command switch
            {
                "help" => PrintUsage(),
                "token" => PrintToken(commandLine),
                "servers" => await RunServersAsync(commandLine, output).ConfigureAwait(false),
                "status" => PrintStatus(commandLine, output),
                "logs" => await ShowLogsAsync(commandLine).ConfigureAwait(false),
                _ => await RunTopologyAsync(commandLine, output).ConfigureAwait(false),
            };
        }
        catch (UsageException e)
        {
            output.Error(e.Message);
            Console.Error.WriteLine(CommandLine.Usage);
            return UsageExitCode;
        }
        catch (DevHostException e)
        {
            output.Error(e.Message);
            return e.ExitCode;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("GACERE_DEVHOST_TRACE") is null)
        {
            // Everything it started is stopped by now (the using blocks unwound); one line says why.
            output.Error($"{e.GetType().Name}: {e.Message} (set GACERE_DEVHOST_TRACE=1 for the stack trace)");
            return 1;
        }
    }

    private static int PrintUsage()
    {
        Console.Out.WriteLine(CommandLine.Usage);
        return 0;
    }

    private static async Task<int> RunTopologyAsync(CommandLine commandLine, ConsoleOutput output)
    {
        using var shutdown = new ShutdownSignal();
        var layout = RepositoryLayout.Locate();
        var state = commandLine.StateDirectory ?? layout.DefaultStateDirectory;
        output.Info($"state folder: {state}");
        var stopwatch = Stopwatch.StartNew();
        PlatformTopology topology;
        try
        {
            topology = await PlatformTopology.StartAsync(new TopologyOptions
            {
                StateDirectory = state,
                LogSink = LogSinkOf(commandLine, output),
                StatusSink = output.State,
                Environment = TraceableLevels(),
                StartTimeout = commandLine.StartTimeout ?? TimeSpan.FromSeconds(60),
                EnvironmentName = commandLine.EnvironmentName ?? "Development",
                Configuration = commandLine.Configuration,
                RepositoryRoot = layout.Root,
            }, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsRequested)
        {
            output.Info("stopped before the topology was up.");
            return 0;
        }

        await using (topology.ConfigureAwait(false))
        {
            output.Info($"all resources healthy in {stopwatch.Elapsed.TotalSeconds:0.0} s");
            output.Table(topology.Servers.Status.All);
            output.Highlight($"  Gateway: {topology.GatewayUrl.ToString().TrimEnd('/')}");
            output.Info($"logs: {topology.Servers.LogsDirectory}/<resource>.log   (./gacere logs <resource> [-f], ./gacere logs --trace <trace-id>, ./gacere status)");
            output.Info("a token: ./gacere token secretariat   (or: ./gacere token focal-point <member-id>)");
            output.Info("press Ctrl-C to stop.");
            await MonitorHealthAsync(topology.GetHealthAsync, topology.Servers.Status, shutdown.Token).ConfigureAwait(false);
            output.Info("stopping services, then servers…");
        }
        output.Info("stopped.");
        return 0;
    }

    private static async Task<int> RunServersAsync(CommandLine commandLine, ConsoleOutput output)
    {
        using var shutdown = new ShutdownSignal();
        var state = commandLine.StateDirectory ?? RepositoryLayout.Locate().DefaultStateDirectory;
        output.Info($"state folder: {state}");
        var stopwatch = Stopwatch.StartNew();
        LocalServers servers;
        try
        {
            servers = await LocalServers.StartAsync(new LocalServersOptions
            {
                StateDirectory = state,
                LogSink = LogSinkOf(commandLine, output),
                StatusSink = output.State,
                StartTimeout = commandLine.StartTimeout ?? TimeSpan.FromSeconds(60),
            }, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsRequested)
        {
            output.Info("stopped before the servers were up.");
            return 0;
        }

        await using (servers.ConfigureAwait(false))
        {
            output.Info($"servers ready in {stopwatch.Elapsed.TotalSeconds:0.0} s");
            Console.Out.WriteLine();
            foreach (var database in ResourceNames.Databases)
            {
                Console.Out.WriteLine($"ConnectionStrings__{database}={servers.PostgresConnectionString(database)}");
            }
            Console.Out.WriteLine($"ConnectionStrings__{ResourceNames.Cache}={servers.RedisConnectionString}");
            Console.Out.WriteLine($"ConnectionStrings__{ResourceNames.Messaging}={servers.RabbitMqConnectionString}");
            Console.Out.WriteLine();
            output.Info($"RabbitMQ management UI: {servers.RabbitMqManagementUrl.ToString().TrimEnd('/')} (guest/guest); logs: {servers.LogsDirectory}");
            output.Info("press Ctrl-C to stop.");
            await MonitorHealthAsync(async ct =>
            {
                var health = await Task.WhenAll(servers.Resources.Select(r => r.ProbeHealthAsync(ct))).ConfigureAwait(false);
                return [.. servers.Resources.Select((r, i) => (r.Name, r.Url, health[i]))];
            }, servers.Status, shutdown.Token).ConfigureAwait(false);
            output.Info("stopping servers…");
        }
        output.Info("stopped.");
        return 0;
    }

    /// <summary>
    /// Log levels that give every hop of a request a line (the gateway's "Proxying to", MassTransit's SEND and
    /// RECEIVE), so <c>logs --trace</c> follows it into every consumer. Only the log files grow; the console shows
    /// warnings and errors. A level set in the DevHost's own environment wins (children inherit it).
    /// </summary>
    private static Dictionary<string, string> TraceableLevels()
    {
        var levels = new Dictionary<string, string>
        {
            ["Logging__LogLevel__Yarp.ReverseProxy.Forwarder"] = "Information",
            ["Logging__LogLevel__MassTransit.Messages"] = "Debug",
        };
        foreach (var key in levels.Keys.Where(key => Environment.GetEnvironmentVariable(key) is not null).ToList())
        {
            levels.Remove(key);
        }
        return levels;
    }

    private static Action<string, string>? LogSinkOf(CommandLine commandLine, ConsoleOutput output) =>
        commandLine.Verbose ? output.Child : commandLine.Quiet ? null : output.ChildProblem;

    /// <summary>Probes every resource every few seconds until Ctrl-C; the board (console, status.json) shows healthy ⇄ unhealthy.</summary>
    private static async Task MonitorHealthAsync(
        Func<CancellationToken, Task<IReadOnlyList<(string Name, Uri Url, string Health)>>> probe, StatusBoard board, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
                foreach (var (name, _, health) in await probe(ct).ConfigureAwait(false))
                {
                    if (health is "Healthy" or "Unhealthy")
                    {
                        board.ReportHealth(name, health == "Healthy");
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static string StateOf(CommandLine commandLine) =>
        Path.GetFullPath(commandLine.StateDirectory ?? RepositoryLayout.Locate().DefaultStateDirectory);

    private static int PrintStatus(CommandLine commandLine, ConsoleOutput output)
    {
        var state = StateOf(commandLine);
        if (StatusSnapshot.ReadLive(state) is not { } snapshot)
        {
            output.Error($"nothing runs on {state} (no live DevHost wrote {StatusSnapshot.FileName} there).");
            return NothingRunsExitCode;
        }
        output.Info($"DevHost pid {snapshot.DevHostPid} on {state}, updated {snapshot.Updated.ToLocalTime():HH:mm:ss}");
        output.Table(snapshot.Resources);
        return snapshot.Resources.All(r => r.State == ResourceState.Healthy) ? 0 : 1;
    }

    private static async Task<int> ShowLogsAsync(CommandLine commandLine)
    {
        var logs = Path.Combine(StateOf(commandLine), "logs");
        if (commandLine.TraceId is { } traceId)
        {
            return LogCommands.PrintTrace(logs, traceId);
        }
        using var shutdown = new ShutdownSignal();
        return await LogCommands.ShowAsync(logs, commandLine.Arguments[0], commandLine.Follow, shutdown.Token).ConfigureAwait(false);
    }

    private static int PrintToken(CommandLine commandLine)
    {
        var arguments = commandLine.Arguments;
        var state = commandLine.StateDirectory ?? RepositoryLayout.Locate().DefaultStateDirectory;
        Directory.CreateDirectory(state);
        var key = StateFolder.ReadOrCreateSigningKey(Path.GetFullPath(state));
        var token = arguments switch
        {
            [DevTokens.SecretariatRole] => DevTokens.Mint(key, DevTokens.SecretariatRole, subject: commandLine.Subject),
            [DevTokens.FocalPointRole, var member] when Guid.TryParse(member, out var memberId) =>
                DevTokens.Mint(key, DevTokens.FocalPointRole, memberId, commandLine.Subject),
            [DevTokens.FocalPointRole, var member] => throw new UsageException($"'{member}' is not a member id (a GUID)."),
            [DevTokens.FocalPointRole] => throw new UsageException("token focal-point needs the member id (a GUID)."),
            _ => throw new UsageException("usage: token secretariat | token focal-point <member-id>"),
        };
        Console.Out.WriteLine(token);
        return 0;
    }
}
