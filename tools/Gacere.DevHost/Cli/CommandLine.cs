using System.CommandLine;
using System.CommandLine.Parsing;

namespace Gacere.DevHost.Cli;

/// <summary>
/// The DevHost's command line: <c>[run|servers|status|logs …|token …] [options]</c>, every option allowed
/// with every command (and before it). The actions are <see cref="Program"/>'s.
/// </summary>
internal static class CommandLine
{
    public static readonly Option<string?> State = new("--state") { Recursive = true, Description = "state folder (default: <repo>/.state/devhost)" };

    public static readonly Option<string?> Configuration = new("--configuration", "-c")
    {
        Recursive = true,
        Description = "debug or release build of the services (default: the DevHost's own)",
        Validators = { r => Check(r, r.GetValueOrDefault<string?>()?.ToLowerInvariant() is null or "debug" or "release", "--configuration must be debug or release") },
    };

    public static readonly Option<bool> Published = new("--published")
    {
        Recursive = true,
        Description = "run the services' ReadyToRun publish output (artifacts/publish/, ./gacere publish) instead of the build output",
    };

    public static readonly Option<string?> EnvironmentName = new("--environment") { Recursive = true, Description = "ASPNETCORE_ENVIRONMENT of the services (default: Development)" };

    public static readonly Option<double?> Timeout = new("--timeout")
    {
        Recursive = true,
        Description = "how long each resource may take to become ready, in seconds (default: 60)",
        Validators = { r => Check(r, r.GetValueOrDefault<double?>() is null or > 0, "--timeout expects a positive number of seconds") },
    };

    public static readonly Option<string?> Subject = new("--sub") { Recursive = true, Description = "token subject (default: a stable development subject)" };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Recursive = true, Description = "console: the table and state changes only, not the services' warnings and errors" };
    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Recursive = true, Description = "console: every line of every resource (they always go to <state>/logs/)" };
    public static readonly Option<bool> Follow = new("--follow", "-f") { Recursive = true, Description = "logs: follow the file" };
    public static readonly Option<string?> Trace = new("--trace") { Recursive = true, Description = "logs: one request's lines from every resource's log, in time order" };
    public static readonly Argument<string?> Resource = new("resource") { Arity = ArgumentArity.ZeroOrOne, Description = "the resource whose log to show" };
    public static readonly Argument<string> Role = new("role") { Description = "secretariat | focal-point" };
    public static readonly Argument<string?> MemberId = new("member-id") { Arity = ArgumentArity.ZeroOrOne, Description = "a focal point's member id (a GUID)" };
    public static TimeSpan StartTimeout(ParseResult result) => TimeSpan.FromSeconds(result.GetValue(Timeout) ?? 60);

    /// <summary>The commands, each with its action; the root command is <c>run</c>.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("Gacere.DevHost: the GACERE topology from local binaries (no containers).")
        {
            Options = { State, Configuration, Published, EnvironmentName, Timeout, Subject, Quiet, Verbose, Follow, Trace },
            Subcommands =
            {
                Command("run", "start servers, services and gateway; print the resource table; wait for Ctrl-C (the default)", r => Program.RunAsync(r, serversOnly: false)),
                Command("servers", "start only postgres, cache and messaging; print their connection strings; wait for Ctrl-C", r => Program.RunAsync(r, serversOnly: true)),
                Command("status", "the resource table of the DevHost running on the state folder", r => Task.FromResult(Program.PrintStatus(r))),
                Command("logs", "one resource's log file (-f: follow it), or with --trace <trace-id> one request's lines from every log", Program.ShowLogsAsync, Resource),
                Command("token", "print a development JWT: token secretariat | token focal-point <member-id>", r => Task.FromResult(Program.PrintToken(r)), Role, MemberId),
            },
        };
        root.Subcommands[3].Validators.Add(r =>
            Check(r, (r.GetValue(Trace) is null) != (r.GetValue(Resource) is null), "usage: logs <resource> [-f] | logs --trace <trace-id>"));
        root.SetAction(r => Program.RunAsync(r, serversOnly: false));
        return root;
    }

    private static Command Command(string name, string description, Func<ParseResult, Task<int>> action, params Argument[] arguments)
    {
        var command = new Command(name, description);
        foreach (var argument in arguments)
        {
            command.Arguments.Add(argument);
        }
        command.SetAction(result => action(result));
        return command;
    }

    private static void Check(SymbolResult result, bool valid, string error)
    {
        if (!valid)
        {
            result.AddError(error);
        }
    }
}

internal sealed class UsageException(string message) : Exception(message);
