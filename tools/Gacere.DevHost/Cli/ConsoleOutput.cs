namespace Gacere.DevHost.Cli;

/// <summary>The executable's console: children's lines prefixed with their resource, in colour on a terminal.</summary>
internal sealed class ConsoleOutput
{
    private const string Reset = "\u001b[0m";
    private static readonly string[] Palette =
        ["\u001b[36m", "\u001b[33m", "\u001b[35m", "\u001b[32m", "\u001b[34m", "\u001b[96m", "\u001b[93m", "\u001b[95m", "\u001b[92m"];

    private readonly bool _colour = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private readonly Dictionary<string, string> _colours = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Child(string resource, string line)
    {
        lock (_gate)
        {
            Console.Out.WriteLine(_colour ? $"{ColourOf(resource)}[{resource}]{Reset} {line}" : $"[{resource}] {line}");
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

    public void Table(IReadOnlyList<(string Name, Uri Url, string Health)> rows)
    {
        var nameWidth = Math.Max("RESOURCE".Length, rows.Max(r => r.Name.Length));
        var urlWidth = Math.Max("URL".Length, rows.Max(r => r.Url.ToString().TrimEnd('/').Length));
        lock (_gate)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine($"  {"RESOURCE".PadRight(nameWidth)}  {"URL".PadRight(urlWidth)}  HEALTH");
            foreach (var (name, url, health) in rows)
            {
                var healthText = _colour ? $"{(health == "Healthy" ? "\u001b[32m" : "\u001b[31m")}{health}{Reset}" : health;
                Console.Out.WriteLine($"  {name.PadRight(nameWidth)}  {url.ToString().TrimEnd('/').PadRight(urlWidth)}  {healthText}");
            }
            Console.Out.WriteLine();
        }
    }

    private string ColourOf(string resource)
    {
        if (!_colours.TryGetValue(resource, out var colour))
        {
            colour = Palette[_colours.Count % Palette.Length];
            _colours[resource] = colour;
        }
        return colour;
    }
}
