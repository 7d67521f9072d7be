using Gacere.DevHost.Logs;

namespace Gacere.DevHost.Cli;

/// <summary><c>logs &lt;resource&gt; [-f]</c> and <c>logs --trace &lt;id&gt;</c>: reading the per-resource log files.</summary>
internal static class LogCommands
{
    private const int NotFoundExitCode = 3;

    public static async Task<int> ShowAsync(string logsFolder, string resource, bool follow, CancellationToken ct)
    {
        var file = ResourceLog.FileOf(logsFolder, resource);
        if (!File.Exists(file))
        {
            var known = Directory.Exists(logsFolder)
                ? string.Join(", ", Directory.EnumerateFiles(logsFolder, "*.log").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal))
                : "";
            Console.Error.WriteLine($"[devhost] no log of '{resource}' in {logsFolder}{(known.Length > 0 ? $"; there are: {known}" : " (has the platform run on this state folder?)")}");
            return NotFoundExitCode;
        }
        var stdout = Console.Out;
        while (!ct.IsCancellationRequested)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                await stdout.WriteLineAsync(line).ConfigureAwait(false);
            }
            if (!follow)
            {
                return 0;
            }
            // Follow until Ctrl-C; a new run replaces the file (the old one becomes .log.1), which then is
            // shorter than what was read: reopen it.
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(250, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return 0;
                }
                while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
                {
                    await stdout.WriteLineAsync(line).ConfigureAwait(false);
                }
                if (File.Exists(file) && new FileInfo(file).Length < stream.Position)
                {
                    break;
                }
            }
        }
        return 0;
    }

    /// <summary>Every line of every resource's current log that carries <paramref name="traceId"/>, in time order.</summary>
    public static IReadOnlyList<(string Resource, LogLine Line)> FindTrace(string logsFolder, string traceId)
    {
        if (!Directory.Exists(logsFolder))
        {
            return [];
        }
        var found = new List<(string, LogLine)>();
        foreach (var file in Directory.EnumerateFiles(logsFolder, "*.log"))
        {
            var resource = Path.GetFileNameWithoutExtension(file);
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } text)
            {
                if (text.Contains(traceId, StringComparison.Ordinal) && LogLine.Parse(text) is { } line && line.TraceId == traceId)
                {
                    found.Add((resource, line));
                }
            }
        }
        // OrderBy is stable: lines of one resource with the same millisecond keep their order.
        return [.. found.OrderBy(f => f.Item2.Time)];
    }

    public static int PrintTrace(string logsFolder, string traceId)
    {
        var lines = FindTrace(logsFolder, traceId);
        if (lines.Count == 0)
        {
            Console.Error.WriteLine($"[devhost] no line with trace {traceId} in {logsFolder}");
            return NotFoundExitCode;
        }
        var width = lines.Max(l => l.Resource.Length);
        foreach (var (resource, line) in lines)
        {
            Console.Out.WriteLine($"{resource.PadRight(width)}  {line}");
        }
        return 0;
    }
}
