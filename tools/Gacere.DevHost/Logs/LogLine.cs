using System.Globalization;
using System.Text.Json;

namespace Gacere.DevHost.Logs;

/// <summary>
/// One line of a resource's log file: <c>2026-11-23T19:20:01.234Z INF &lt;trace&gt;/&lt;span&gt; Category: message</c>.
/// Services write JSON (see ServiceDefaults' <c>ConfigureConsoleLogging</c>) and are rendered with their own
/// timestamp, level and trace; a server's plain line gets the time it arrived, level <c>OUT</c> and <c>-</c> for the trace.
/// </summary>
internal sealed record LogLine(DateTimeOffset Time, string Level, string? TraceId, string? SpanId, string Text)
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly Dictionary<string, string> Levels = new()
    {
        ["Trace"] = "TRC", ["Debug"] = "DBG", ["Information"] = "INF", ["Warning"] = "WRN", ["Error"] = "ERR", ["Critical"] = "CRT",
    };

    public bool IsWarningOrWorse => Level is "WRN" or "ERR" or "CRT";

    public override string ToString() =>
        $"{Time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)} {Level} {(TraceId is null ? "-" : $"{TraceId}/{SpanId}")} {Text}";

    /// <summary>What a child wrote, as file lines: a JSON entry with a multi-line message or exception becomes several.</summary>
    public static IReadOnlyList<LogLine> FromChild(string raw, DateTimeOffset received) =>
        (raw.StartsWith('{') ? TryParseJson(raw) : null) ?? [new LogLine(received, "OUT", null, null, raw)];

    /// <summary>Reads a line of a log file back; null for anything else.</summary>
    public static LogLine? Parse(string line)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || !DateTimeOffset.TryParseExact(parts[0], TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return null;
        }
        var trace = parts[2].Split('/');
        return new LogLine(time, parts[1], trace.Length == 2 ? trace[0] : null, trace.Length == 2 ? trace[1] : null,
            parts.Length == 4 ? parts[3] : "");
    }

    private static List<LogLine>? TryParseJson(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            var root = document.RootElement;
            if (!root.TryGetProperty("Timestamp", out var timestamp) || !root.TryGetProperty("LogLevel", out var level))
            {
                return null;
            }
            var time = DateTimeOffset.Parse(timestamp.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            // The first scope that carries a trace (ServiceDefaults' logging puts the activity's ids in one).
            var scope = root.TryGetProperty("Scopes", out var scopes) && scopes.ValueKind == JsonValueKind.Array
                ? scopes.EnumerateArray().FirstOrDefault(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _) && s.TryGetProperty("SpanId", out _))
                : default;
            (string? traceId, string? spanId) = scope.ValueKind == JsonValueKind.Object ? (scope.GetProperty("TraceId").GetString(), scope.GetProperty("SpanId").GetString()) : (null, null);
            var levelCode = level.GetString() is { } name ? Levels.GetValueOrDefault(name, name) : "INF";
            var category = root.TryGetProperty("Category", out var c) ? c.GetString() : null;
            var message = root.TryGetProperty("Message", out var m) ? m.GetString() ?? "" : "";
            // One event, one line: a message's own line breaks (client text among its values) are escaped, so
            // no value can forge a line; only an exception's stack trace continues on the lines below.
            var text = new List<string> { message.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) };
            if (root.TryGetProperty("Exception", out var exception) && exception.GetString() is { Length: > 0 } exceptionText)
            {
                text.AddRange(exceptionText.Split('\n'));
            }
            var lines = new List<LogLine>(text.Count)
            {
                new(time, levelCode, traceId, spanId, $"{category}: {text[0].TrimEnd('\r')}"),
            };
            // Continuation lines keep time, level and trace, so a search by trace finds the whole entry.
            lines.AddRange(text.Skip(1).Select(line => new LogLine(time, levelCode, traceId, spanId, "  | " + line.TrimEnd('\r'))));
            return lines;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
