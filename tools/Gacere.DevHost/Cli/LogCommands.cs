using CliWrap;
using Gacere.DevHost.Logs;
using Gacere.DevHost.Resources;
using Tool = CliWrap.Cli;

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
            var known = string.Join(", ", LogFiles(logsFolder).Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
            Console.Error.WriteLine($"[devhost] no log of '{resource}' in {logsFolder}{(known.Length > 0 ? $"; there are: {known}" : " (has the platform run on this state folder?)")}");
            return NotFoundExitCode;
        }
        try
        {
            // -F follows until Ctrl-C and reopens the file when a new run replaces it (the old one becomes .log.1).
            await Tool.Wrap(Prerequisites.Require("tail")).WithArguments(["-n", "+1", .. follow ? new[] { "-F" } : [], file])
                .WithStandardOutputPipe(PipeTarget.ToStream(Console.OpenStandardOutput()))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C ends a follow: that is its normal end.
        }
        return 0;
    }

    /// <summary>Every line of every resource's current log that carries <paramref name="traceId"/>, in time order.</summary>
    public static int PrintTrace(string logsFolder, string traceId)
    {
        var lines = new List<(string Resource, LogLine Line)>();
        foreach (var file in LogFiles(logsFolder))
        {
            using var reader = new StreamReader(Open(file));
            while (reader.ReadLine() is { } text)
            {
                if (text.Contains(traceId, StringComparison.Ordinal) && LogLine.Parse(text) is { } line && line.TraceId == traceId)
                {
                    lines.Add((Path.GetFileNameWithoutExtension(file), line));
                }
            }
        }
        if (lines.Count == 0)
        {
            Console.Error.WriteLine($"[devhost] no line with trace {traceId} in {logsFolder}");
            return NotFoundExitCode;
        }
        var width = lines.Max(l => l.Resource.Length);
        // OrderBy is stable: lines of one resource with the same millisecond keep their order.
        foreach (var (resource, line) in lines.OrderBy(l => l.Line.Time))
        {
            Console.Out.WriteLine($"{resource.PadRight(width)}  {line}");
        }
        return 0;
    }

    private static IEnumerable<string> LogFiles(string logsFolder) =>
        Directory.Exists(logsFolder) ? Directory.EnumerateFiles(logsFolder, "*.log") : [];

    private static FileStream Open(string file) => new(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
}
