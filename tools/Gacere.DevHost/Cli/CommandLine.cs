using System.Globalization;

namespace Gacere.DevHost.Cli;

/// <summary>The DevHost's command line: <c>[run|servers|status|logs …|token …] [options]</c>.</summary>
internal sealed record CommandLine(
    string Command,
    IReadOnlyList<string> Arguments,
    string? StateDirectory,
    string? Configuration,
    string? EnvironmentName,
    TimeSpan? StartTimeout,
    string? Subject,
    bool Quiet,
    bool Verbose = false,
    bool Follow = false,
    string? TraceId = null)
{
    public const string Usage = """
        Gacere.DevHost: the GACERE topology from local binaries (no containers).

        Usage: dotnet run --project tools/Gacere.DevHost -- [command] [options]

        Commands:
          run (default)                 start servers, services and gateway; print the resource table; wait for Ctrl-C
          servers                       start only postgres, cache and messaging; print their connection strings; wait for Ctrl-C
          status                        the resource table of the DevHost running on the state folder
          logs <resource> [-f]          one resource's log file (-f: follow it)
          logs --trace <trace-id>       one request's lines from every resource's log, in time order
          token secretariat             print a development JWT for the secretariat role
          token focal-point <member-id> print a development JWT for a member's focal point

        Options:
          --state <dir>                 state folder (default: <repo>/.state/devhost)
          -c, --configuration <name>    debug or release build of the services (default: the DevHost's own)
          --environment <name>          ASPNETCORE_ENVIRONMENT of the services (default: Development)
          --timeout <seconds>           how long each resource may take to become ready (default: 60)
          --sub <subject>               token subject (default: a stable development subject)
          -q, --quiet                   console: the table and state changes only, not the services' warnings and errors
          -v, --verbose                 console: every line of every resource (they always go to <state>/logs/)
          -h, --help                    show this help
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string? command = null;
        var positionals = new List<string>();
        string? state = null, configuration = null, environment = null, subject = null, trace = null;
        TimeSpan? timeout = null;
        bool quiet = false, verbose = false, follow = false;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{arg} needs a value.");
            switch (arg)
            {
                case "-h" or "--help" or "help":
                    return new CommandLine("help", [], null, null, null, null, null, false);
                case "--state":
                    state = Value();
                    break;
                case "-c" or "--configuration":
                    configuration = Value();
                    break;
                case "--environment":
                    environment = Value();
                    break;
                case "--sub":
                    subject = Value();
                    break;
                case "--trace":
                    trace = Value().Trim().ToLowerInvariant();
                    break;
                case "--timeout":
                    var raw = Value();
                    timeout = double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                        ? TimeSpan.FromSeconds(seconds)
                        : throw new UsageException($"--timeout expects a number of seconds, not '{raw}'.");
                    break;
                case "-q" or "--quiet":
                    quiet = true;
                    break;
                case "-v" or "--verbose":
                    verbose = true;
                    break;
                case "-f" or "--follow":
                    follow = true;
                    break;
                default:
                    if (arg.StartsWith('-'))
                    {
                        throw new UsageException($"Unknown option {arg}.");
                    }
                    if (command is null)
                    {
                        command = arg;
                    }
                    else
                    {
                        positionals.Add(arg);
                    }
                    break;
            }
        }

        command ??= "run";
        if (command is not ("run" or "servers" or "token" or "status" or "logs"))
        {
            throw new UsageException($"Unknown command '{command}'.");
        }
        if (command == "logs" && (trace is null) == (positionals.Count != 1))
        {
            throw new UsageException("usage: logs <resource> [-f] | logs --trace <trace-id>");
        }
        if (configuration is not null && configuration.ToLowerInvariant() is not ("debug" or "release"))
        {
            throw new UsageException($"--configuration must be debug or release, not '{configuration}'.");
        }
        return new CommandLine(command, positionals, state, configuration, environment, timeout, subject, quiet, verbose, follow, trace);
    }
}

internal sealed class UsageException(string message) : Exception(message);
