namespace Gacere.DevHost.Logs;

/// <summary>
/// Where one resource's output goes: every line to <c>&lt;state&gt;/logs/&lt;resource&gt;.log</c> (the previous
/// run's file kept as <c>.log.1</c>), to the caller's sink (if any), and the last ones into a tail kept for errors.
/// </summary>
internal sealed class ResourceLog : IDisposable
{
    private const int ErrorTailLines = 30;
    private readonly string _resource;
    private readonly Action<string, string>? _sink;
    private readonly Queue<string> _tail = new(ErrorTailLines);
    private readonly Lock _gate = new();
    private readonly StreamWriter _file;

    public ResourceLog(string resource, Action<string, string>? sink, string logsFolder)
    {
        _resource = resource;
        _sink = sink;
        Directory.CreateDirectory(logsFolder);
        var file = FileOf(logsFolder, resource);
        if (File.Exists(file))
        {
            File.Move(file, file + ".1", overwrite: true);
        }
        _file = new StreamWriter(new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
    }

    public static string FileOf(string logsFolder, string resource) => Path.Combine(logsFolder, resource + ".log");

    /// <summary>A line the child wrote (plain or the services' JSON).</summary>
    public void Write(string raw)
    {
        foreach (var text in LogLine.FromChild(raw, DateTimeOffset.UtcNow).Select(line => line.ToString()))
        {
            lock (_gate)
            {
                if (_tail.Count == ErrorTailLines)
                {
                    _tail.Dequeue();
                }
                _tail.Enqueue(text);
                try
                {
                    _file.WriteLine(text);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    // A full disk or a disposed run must not take the child's log pump down.
                }
            }
            try
            {
                _sink?.Invoke(_resource, text);
            }
            catch (Exception)
            {
                // A failing sink (a disposed test output, a closed console) must not take the child's log pump down.
            }
        }
    }

    /// <summary>The last lines written, kept for error messages.</summary>
    public IReadOnlyList<string> Tail()
    {
        lock (_gate)
        {
            return [.. _tail];
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }
}
