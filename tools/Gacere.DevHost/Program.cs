using System.Diagnostics;
using Gacere.DevHost.Cli;
using Gacere.DevHost.Resources;
using Gacere.DevHost.State;

namespace Gacere.DevHost;

internal static class Program
{
    private const int UsageExitCode = 64;

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
                LogSink = commandLine.Quiet ? null : output.Child,
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
            output.Table(await topology.GetHealthAsync().ConfigureAwait(false));
            output.Highlight($"  Gateway: {topology.GatewayUrl.ToString().TrimEnd('/')}");
            output.Info("a token: ./gacere token secretariat   (or: ./gacere token focal-point <member-id>)");
            output.Info("press Ctrl-C to stop.");
            await shutdown.WaitAsync().ConfigureAwait(false);
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
                LogSink = commandLine.Quiet ? null : output.Child,
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
            output.Info("press Ctrl-C to stop.");
            await shutdown.WaitAsync().ConfigureAwait(false);
            output.Info("stopping servers…");
        }
        output.Info("stopped.");
        return 0;
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
