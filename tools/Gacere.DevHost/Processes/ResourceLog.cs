namespace Gacere.DevHost.Processes;

/// <summary>Where one resource's output goes: the caller's sink (if any) and a tail kept for errors.</summary>
internal sealed class ResourceLog(string resource, Action<string, string>? sink)
{
    public const int ErrorTailLines = 30;

    private readonly LogTail _tail = new(200);

    public string Resource => resource;

    public void Write(string line)
    {
        _tail.Add(line);
        if (sink is null)
        {
            return;
        }
        try
        {
            sink(resource, line);
        }
        catch (Exception)
        {
            // A failing sink (a disposed test output, a closed console) must not take the child's log pump down.
        }
    }

    public IReadOnlyList<string> Tail(int lines = ErrorTailLines) => _tail.Last(lines);
}
