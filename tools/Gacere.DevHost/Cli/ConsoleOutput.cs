using System.Collections.Concurrent;
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
    private const string Bold = "1", Red = "31", Green = "32", Yellow = "33";
    private static readonly string[] Palette = ["36", "33", "35", "32", "34", "96", "93", "95", "92"];
    private static readonly bool NoColour = Environment.GetEnvironmentVariable("NO_COLOR") is not null;
    private readonly bool _colour = !Console.IsOutputRedirected && !NoColour;
    private readonly ConcurrentDictionary<string, string> _colours = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ResourceState> _states = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Every line of a child (verbose).</summary>
    public void Child(string resource, string line) => WriteLine($"{Paint(ColourOf(resource), $"[{resource}]")} {line}");

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
            Child(resource, Paint(entry.Level == "WRN" ? Yellow : Red, $"{entry.Level} {entry.Text}{trace}"));
        }
    }

    /// <summary>A resource's state change, one line.</summary>
    public void State(ResourceStatus status)
    {
        _states[status.Name] = status.State;
        var colour = status.State switch
        {
            ResourceState.Healthy => Green,
            ResourceState.Starting or ResourceState.Stopped => null,
            _ => Red,
        };
        Info($"{Paint(ColourOf(status.Name), status.Name)} {Paint(colour, StateText(status.State))}{(status.Detail is null ? "" : $": {status.Detail}")}");
    }

    public void Info(string message) => WriteLine($"{Paint(Bold, "[devhost]")} {message}");
    public void Highlight(string message) => WriteLine(Paint($"{Bold};{Green}", message));

    public void Error(string message)
    {
        lock (_gate)
        {
            Console.Error.WriteLine(!Console.IsErrorRedirected && !NoColour ? $"\u001b[{Red}m[devhost] {message}\u001b[0m" : $"[devhost] {message}");
        }
    }

    /// <summary>The resource table: name, state, since when, restarts, pid and URL (RabbitMQ's management UI beside the broker).</summary>
    public void Table(IReadOnlyList<ResourceStatus> rows)
    {
        string[][] cells =
        [
            ["RESOURCE", "STATE", "SINCE", "RESTARTS", "PID", "URL"],
            .. rows.Select(r => new[]
            {
                r.Name,
                StateText(r.State),
                r.Since.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                r.Restarts.ToString(CultureInfo.InvariantCulture),
                r.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
                r.Url.ToString().TrimEnd('/') + (r.ManagementUrl is { } ui ? $"  (management UI: {ui.ToString().TrimEnd('/')}, guest/guest)" : ""),
            }),
        ];
        var widths = Enumerable.Range(0, cells[0].Length).Select(i => cells.Max(c => c[i].Length)).ToArray();
        var lines = cells.Select((values, row) =>
        {
            var line = "  " + string.Join("  ", values.Select((v, i) => i == values.Length - 1 ? v : v.PadRight(widths[i])));
            return row > 0 && rows[row - 1].State != ResourceState.Healthy ? Paint(Red, line) : line;
        });
        WriteLine(string.Join(Environment.NewLine, ["", .. lines, ""]));
    }

    private static string StateText(ResourceState state) => state == ResourceState.CrashLoop ? "crash-loop" : state.ToString().ToLowerInvariant();
    private string Paint(string? colour, string text) => _colour && colour is not null ? $"\u001b[{colour}m{text}\u001b[0m" : text;
    private string ColourOf(string resource) => _colours.GetOrAdd(resource, _ => Palette[_colours.Count % Palette.Length]);

    private void WriteLine(string line)
    {
        lock (_gate)
        {
            Console.Out.WriteLine(line);
        }
    }
}
