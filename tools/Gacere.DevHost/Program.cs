using System.CommandLine;
using System.Diagnostics;
using Gacere.DevHost.Cli;
using Gacere.DevHost.Resources;
using Gacere.DevHost.State;

namespace Gacere.DevHost;

internal static class Program
{
    private const int UsageExitCode = 64;
    private const int NothingRunsExitCode = 3;
    private static readonly ConsoleOutput Output = new();

    public static async Task<int> Main(string[] args)
    {
        var commandLine = CommandLine.Create().Parse(args is ["help"] ? ["--help"] : args);
        try
        {
            if (commandLine.Errors.Count > 0)
            {
                throw new UsageException(commandLine.Errors[0].Message);
            }
            // Ctrl-C is ShutdownSignal's (an ordered stop), errors are ours (one line each).
            return await commandLine.InvokeAsync(new() { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            Output.Error($"{e.Message} (see --help)");
            return UsageExitCode;
        }
        catch (DevHostException e)
        {
            Output.Error(e.Message);
            return e.ExitCode;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("GACERE_DEVHOST_TRACE") is null)
        {
            // Everything it started is stopped by now (the using blocks unwound); one line says why.
            Output.Error($"{e.GetType().Name}: {e.Message} (set GACERE_DEVHOST_TRACE=1 for the stack trace)");
            return 1;
        }
    }

    /// <summary><c>run</c> (everything) or <c>servers</c> (only postgres, cache and messaging) until Ctrl-C.</summary>
    internal static async Task<int> RunAsync(ParseResult commandLine, bool serversOnly)
    {
        using var shutdown = new ShutdownSignal();
        var state = StateOf(commandLine);
        Output.Info($"state folder: {state}");
        var stopwatch = Stopwatch.StartNew();
        var options = new TopologyOptions
        {
            StateDirectory = state,
            LogSink = commandLine.GetValue(CommandLine.Verbose) ? Output.Child : commandLine.GetValue(CommandLine.Quiet) ? null : Output.ChildProblem,
            StatusSink = Output.State,
            Environment = TraceableLevels(),
            StartTimeout = CommandLine.StartTimeout(commandLine),
            EnvironmentName = commandLine.GetValue(CommandLine.EnvironmentName) ?? "Development",
            Configuration = commandLine.GetValue(CommandLine.Configuration),
            Published = commandLine.GetValue(CommandLine.Published),
        };
        IAsyncDisposable host;
        try
        {
            host = serversOnly
                ? await LocalServers.StartAsync(options, shutdown.Token).ConfigureAwait(false)
                : await PlatformTopology.StartAsync(options, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsRequested)
        {
            Output.Info($"stopped before the {(serversOnly ? "servers were" : "topology was")} up.");
            return 0;
        }

        await using (host.ConfigureAwait(false))
        {
            var topology = host as PlatformTopology;
            var servers = topology?.Servers ?? (LocalServers)host;
            if (topology is not null)
            {
                Output.Info($"all resources healthy in {stopwatch.Elapsed.TotalSeconds:0.0} s");
                Output.Table(servers.Status.All);
                Output.Highlight($"  Gateway: {topology.GatewayUrl.ToString().TrimEnd('/')}");
                Output.Info($"logs: {servers.LogsDirectory}/<resource>.log   (./gacere logs <resource> [-f], ./gacere logs --trace <trace-id>, ./gacere status)");
                Output.Info("a token: ./gacere token secretariat   (or: ./gacere token focal-point <member-id>)");
            }
            else
            {
                Output.Info($"servers ready in {stopwatch.Elapsed.TotalSeconds:0.0} s");
                Console.Out.WriteLine(string.Join(Environment.NewLine,
                [
                    "",
                    .. ResourceNames.Databases.Select(database => $"ConnectionStrings__{database}={servers.PostgresConnectionString(database)}"),
                    $"ConnectionStrings__{ResourceNames.Cache}={servers.RedisConnectionString}",
                    $"ConnectionStrings__{ResourceNames.Messaging}={servers.RabbitMqConnectionString}",
                    "",
                ]));
                Output.Info($"RabbitMQ management UI: {servers.RabbitMqManagementUrl.ToString().TrimEnd('/')} (guest/guest); logs: {servers.LogsDirectory}");
            }
            Output.Info("press Ctrl-C to stop.");
            await MonitorHealthAsync(topology?.Resources ?? servers.Resources, servers.Status, shutdown.Token).ConfigureAwait(false);
            Output.Info(serversOnly ? "stopping servers…" : "stopping services, then servers…");
        }
        Output.Info("stopped.");
        return 0;
    }

    /// <summary>
    /// Log levels that give every hop of a request a line (the gateway's "Proxying to", MassTransit's SEND and
    /// RECEIVE), so <c>logs --trace</c> follows it into every consumer. Only the log files grow; the console shows
    /// warnings and errors. A level set in the DevHost's own environment wins (children inherit it).
    /// </summary>
    private static Dictionary<string, string> TraceableLevels() =>
        new Dictionary<string, string>
        {
            ["Logging__LogLevel__Yarp.ReverseProxy.Forwarder"] = "Information",
            ["Logging__LogLevel__MassTransit.Messages"] = "Debug",
        }.Where(level => Environment.GetEnvironmentVariable(level.Key) is null).ToDictionary();

    /// <summary>Probes every resource every few seconds until Ctrl-C; the board (console, status.json) shows healthy ⇄ unhealthy.</summary>
    private static async Task MonitorHealthAsync(IReadOnlyList<ManagedResource> resources, StatusBoard board, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
                var health = await Task.WhenAll(resources.Select(r => r.ProbeHealthAsync(ct))).ConfigureAwait(false);
                foreach (var (resource, verdict) in resources.Zip(health).Where(h => h.Second is "Healthy" or "Unhealthy"))
                {
                    board.ReportHealth(resource.Name, verdict == "Healthy");
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static string StateOf(ParseResult commandLine) =>
        Path.GetFullPath(commandLine.GetValue(CommandLine.State) ?? RepositoryLayout.Locate().DefaultStateDirectory);

    internal static int PrintStatus(ParseResult commandLine)
    {
        var state = StateOf(commandLine);
        if (StatusSnapshot.ReadLive(state) is not { } snapshot)
        {
            Output.Error($"nothing runs on {state} (no live DevHost wrote {StatusSnapshot.FileName} there).");
            return NothingRunsExitCode;
        }
        Output.Info($"DevHost pid {snapshot.DevHostPid} on {state}, updated {snapshot.Updated.ToLocalTime():HH:mm:ss}");
        Output.Table(snapshot.Resources);
        return snapshot.Resources.All(r => r.State == ResourceState.Healthy) ? 0 : 1;
    }

    internal static async Task<int> ShowLogsAsync(ParseResult commandLine)
    {
        var logs = Path.Combine(StateOf(commandLine), "logs");
        if (commandLine.GetValue(CommandLine.Trace) is { } traceId)
        {
            return LogCommands.PrintTrace(logs, traceId.Trim().ToLowerInvariant());
        }
        using var shutdown = new ShutdownSignal();
        return await LogCommands.ShowAsync(logs, commandLine.GetValue(CommandLine.Resource)!, commandLine.GetValue(CommandLine.Follow), shutdown.Token)
            .ConfigureAwait(false);
    }

    internal static int PrintToken(ParseResult commandLine)
    {
        var state = StateOf(commandLine);
        Directory.CreateDirectory(state);
        var key = StateFolder.ReadOrCreateSigningKey(state);
        var subject = commandLine.GetValue(CommandLine.Subject);
        var token = (commandLine.GetValue(CommandLine.Role), commandLine.GetValue(CommandLine.MemberId)) switch
        {
            (GacereRoles.Secretariat, null) => DevTokens.Mint(key, GacereRoles.Secretariat, subject: subject),
            (GacereRoles.FocalPoint, { } member) when Guid.TryParse(member, out var memberId) =>
                DevTokens.Mint(key, GacereRoles.FocalPoint, memberId, subject),
            (GacereRoles.FocalPoint, { } member) => throw new UsageException($"'{member}' is not a member id (a GUID)."),
            (GacereRoles.FocalPoint, null) => throw new UsageException("token focal-point needs the member id (a GUID)."),
            _ => throw new UsageException("usage: token secretariat | token focal-point <member-id>"),
        };
        Console.Out.WriteLine(token);
        return 0;
    }
}
