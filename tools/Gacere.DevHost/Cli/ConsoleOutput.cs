using System.Globalization;
using Gacere.DevHost.Logs;
using Gacere.DevHost.State;

namespace Gacere.DevHost.Cli;

/// <summary>
/// The executable's console: the resource table, state changes, and (unless quiet) the services' warnings
/// and errors, prefixed with their resource, in colour on a terminal. Everything else is in the log files.
/// </summary>
internal sealed class ConsoleOutput
{
    private const string Reset = "\u001b[0m";
    private static readonly string[] Palette =
        ["\u001b[36m", "\u001b[33m", "\u001b[35m", "\u001b[32m", "\u001b[34m", "\u001b[96m", "\u001b[93m", "\u001b[95m", "\u001b[92m"];

    private readonly bool _colour = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private readonly Dictionary<string, string> _colours = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ResourceState> _states = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Every line of a child (verbose).</summary>
    public void Child(string resource, string line)
    {
        lock (_gate)
        {
            Console.Out.WriteLine(_colour ? $"{ColourOf(resource)}[{resource}]{Reset} {line}" : $"[{resource}] {line}");
        }
    }

    /// <summary>
    /// Only a running child's warnings and errors (the services'; servers write plain lines), first line of each
    /// entry, with its trace id. While a resource starts its errors are expected (a health check before the broker
    /// connects, EF probing a fresh database); they are in its log, and in the message if the start fails.
    /// </summary>
    public void ChildProblem(string resource, string line)
    {
        if (_states.GetValueOrDefault(resource) is not ResourceState.Starting &&
            LogLine.Parse(line) is { IsWarningOrWorse: true } entry && !entry.Text.StartsWith("  | ", StringComparison.Ordinal))
        {
            var trace = entry.TraceId is null ? "" : $"  (trace {entry.TraceId})";
            var text = $"{entry.Level} {entry.Text}{trace}";
            Child(resource, _colour ? $"\u001b[{(entry.Level == "WRN" ? "33" : "31")}m{text}{Reset}" : text);
        }
    }

    /// <summary>A resource's state change, one line.</summary>
    public void State(ResourceStatus status)
    {
        _states[status.Name] = status.State;
        var state = StateText(status.State);
        var detail = status.Detail is null ? "" : $": {status.Detail}";
        var colour = status.State switch
        {
            ResourceState.Healthy => "\u001b[32m",
            ResourceState.Starting or ResourceState.Stopped => "",
            _ => "\u001b[31m",
        };
        lock (_gate)
        {
            Console.Out.WriteLine(_colour
                ? $"\u001b[1m[devhost]{Reset} {ColourOf(status.Name)}{status.Name}{Reset} {colour}{state}{Reset}{detail}"
                : $"[devhost] {status.Name} {state}{detail}");
        }
    }

    public void Info(string message)
    {
        lock (_gate)
        {
            Console.Out.WriteLine(_colour ? $"\u001b[1m[devhost]{Reset} {message}" : $"[devhost] {message}");
        }
    }

    public void Highlight(string message)
    {
        lock (_gate)
        {
            Console.Out.WriteLine(_colour ? $"\u001b[1;32m{message}{Reset}" : message);
        }
    }

    public void Error(string message)
    {
        lock (_gate)
        {
            var colour = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
            Console.Error.WriteLine(colour ? $"\u001b[31m[devhost] {message}{Reset}" : $"[devhost] {message}");
        }
    }

    /// <summary>The resource table: name, state, since when, restarts, pid and URL (RabbitMQ's management UI beside the broker).</summary>
    public void Table(IReadOnlyList<ResourceStatus> rows)
    {
        string[] header = ["RESOURCE", "STATE", "SINCE", "RESTARTS", "PID", "URL"];
        var cells = rows.Select(r => new[]
        {
            r.Name,
            StateText(r.State),
            r.Since.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            r.Restarts.ToString(CultureInfo.InvariantCulture),
            r.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
            r.Url.ToString().TrimEnd('/') + (r.ManagementUrl is { } ui ? $"  (management UI: {ui.ToString().TrimEnd('/')}, guest/guest)" : ""),
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        string Line(string[] values) => "  " + string.Join("  ", values.Select((v, i) => i == values.Length - 1 ? v : v.PadRight(widths[i])));
        lock (_gate)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine(Line(header));
            for (var i = 0; i < cells.Count; i++)
            {
                var line = Line(cells[i]);
                Console.Out.WriteLine(_colour && rows[i].State != ResourceState.Healthy ? $"\u001b[31m{line}{Reset}" : line);
            }
            Console.Out.WriteLine();
        }
    }

    private static string StateText(ResourceState state) => state switch
    {
        ResourceState.CrashLoop => "crash-loop",
        _ => state.ToString().ToLowerInvariant(),
    };

    private string ColourOf(string resource)
    {
        lock (_colours)
        {
            if (!_colours.TryGetValue(resource, out var colour))
            {
                colour = Palette[_colours.Count % Palette.Length];
                _colours[resource] = colour;
            }
            return colour;
        }
    }
}
