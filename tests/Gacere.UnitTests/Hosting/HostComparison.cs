using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Gacere.DevHost;

namespace Gacere.UnitTests.Hosting;

/// <summary>
/// Holds what <c>AppHost.cs</c> declares against the DevHost's topology model. Each check returns null when
/// the two agree, or a message listing what only one of them has.
/// </summary>
internal static class HostComparison
{
    public const string DevHostModel = "tools/Gacere.DevHost/Topology.cs";

    // Aspire's SDK names the Projects.<Name> type after the project file, with every non-word character
    // (and a digit that would start an identifier part) turned into '_' (Aspire.Hosting.AppHost.in.targets).
    private static readonly Regex ProjectTypeFixup = new(@"(?<=^|\.)(?=\d)|\W", RegexOptions.CultureInvariant);

    private static readonly string[] LaunchableCommands = ["Project", "Executable"];

    public static string? Resources(AppHostModel appHost, IReadOnlyList<TopologyResource> devHost) => Diff(
        "resources",
        // Parameters are Aspire's way to hand over a secret; the DevHost keeps its key in its state folder.
        appHost.Resources.Where(r => r.Method != "AddParameter").Select(Describe),
        devHost.Select(Describe));

    public static string? References(AppHostModel appHost, IReadOnlyList<TopologyResource> devHost) => Diff(
        "references (WithReference: connection strings and service discovery)",
        appHost.References.Select(e => $"{e.From} -> {e.To}"),
        devHost.SelectMany(r => r.References.Select(to => $"{r.Name} -> {to}")));

    public static string? Waits(AppHostModel appHost, IReadOnlyList<TopologyResource> devHost) => Diff(
        "wait edges (WaitFor)",
        appHost.Waits.Select(e => $"{e.From} waits for {e.To}"),
        devHost.SelectMany(r => r.WaitsFor.Select(to => $"{r.Name} waits for {to}")));

    /// <summary>
    /// Which project each AppHost resource runs, through the app host's ProjectReferences, against the
    /// DevHost's resource → project list; and that no ProjectReference is left unused or missing.
    /// </summary>
    public static string? Projects(AppHostModel appHost, IReadOnlyList<string> appHostProjectReferences, IReadOnlyDictionary<string, string> devHostProjects)
    {
        var byType = appHostProjectReferences.ToDictionary(ProjectType, Path.GetFileNameWithoutExtension);
        var appHostSide = appHost.Resources
            .Where(r => r.Method == "AddProject")
            .Select(r => $"{r.Name} runs {(byType.TryGetValue(r.ProjectType!, out var project) ? project : $"{r.ProjectType} (no ProjectReference makes this type)")}")
            .Concat(appHostProjectReferences.Select(p => $"ProjectReference {Path.GetFileNameWithoutExtension(p)}"));
        var devHostSide = devHostProjects
            .Select(p => $"{p.Key} runs {p.Value}")
            .Concat(devHostProjects.Values.Select(p => $"ProjectReference {p}"));
        return Diff("projects (AddProject<T> and Gacere.AppHost.csproj against RepositoryLayout.Projects)", appHostSide, devHostSide);
    }

    /// <summary>
    /// Null when Aspire gives the project an endpoint named "http" whatever profile the app host runs with:
    /// it selects the project's launch profile of the app host's profile name if there is one, else the first
    /// profile with a Project or Executable command, and makes one endpoint per applicationUrl entry, named by
    /// its scheme; Kestrel endpoints in the project's settings files would replace them.
    /// </summary>
    public static string? HttpEndpointProblem(string projectDirectory, IReadOnlyList<string> appHostProfiles)
    {
        var launchSettings = Path.Combine(projectDirectory, "Properties", "launchSettings.json");
        if (!File.Exists(launchSettings))
        {
            return "no Properties/launchSettings.json and no WithHttpEndpoint: Aspire gives it no endpoint, and WithHttpHealthCheck throws";
        }
        var profiles = ReadProfiles(launchSettings);
        foreach (var hostProfile in appHostProfiles.Append(null))
        {
            var when = hostProfile is null ? "when the app host runs without a launch profile" : $"when the app host runs its '{hostProfile}' profile";
            var chosen = profiles.FirstOrDefault(p => p.Name == hostProfile)
                ?? profiles.FirstOrDefault(p => p.Command is null || LaunchableCommands.Contains(p.Command, StringComparer.OrdinalIgnoreCase));
            if (chosen is null)
            {
                return $"no launch profile Aspire can choose {when}";
            }
            if (!chosen.Urls.Any(url => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)))
            {
                return $"profile '{chosen.Name}', chosen {when}, has no http:// applicationUrl, so no \"http\" endpoint";
            }
            if (chosen.Environment != "Development")
            {
                return $"profile '{chosen.Name}', chosen {when}, does not set ASPNETCORE_ENVIRONMENT=Development";
            }
        }
        var kestrel = Directory.EnumerateFiles(projectDirectory, "*.json")
            .Where(f => Path.GetFileName(f).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) || f.Contains(".settings", StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault(HasKestrelEndpoints);
        return kestrel is null ? null : $"{Path.GetFileName(kestrel)} declares Kestrel:Endpoints, which replace the launch profile's URLs";
    }

    public static string ProjectType(string projectPath) =>
        "Projects." + ProjectTypeFixup.Replace(Path.GetFileNameWithoutExtension(projectPath), "_");

    /// <summary>The ProjectReference paths of a project file, with '/' separators, relative to its folder.</summary>
    /// <summary>The app host's references that become resources (a library marked <c>IsAspireProjectResource="false"</c> does not).</summary>
    public static IReadOnlyList<string> ProjectReferences(string projectFile) =>
        [.. XDocument.Load(projectFile).Descendants("ProjectReference")
            .Where(r => !string.Equals((string?)r.Attribute("IsAspireProjectResource"), "false", StringComparison.OrdinalIgnoreCase))
            .Select(r => ((string?)r.Attribute("Include"))!.Replace('\\', '/'))];

    public static IReadOnlyList<string> ProfileNames(string launchSettings) => [.. ReadProfiles(launchSettings).Select(p => p.Name)];

    private static string Describe(AppHostResource resource) => resource.Method switch
    {
        "AddRabbitMQ" or "AddRedis" or "AddPostgres" => $"server {resource.Name}",
        "AddDatabase" => $"database {resource.Name} on {resource.Parent}",
        "AddProject" => $"project {resource.Name}",
        var other => $"{resource.Name} ({other}, a kind the DevHost does not have)",
    };

    private static string Describe(TopologyResource resource) => resource.Kind switch
    {
        ResourceKind.Database => $"database {resource.Name} on {resource.Parent}",
        var kind => $"{kind.ToString().ToLowerInvariant()} {resource.Name}",
    };

    private static string? Diff(string what, IEnumerable<string> appHost, IEnumerable<string> devHost)
    {
        var appHostItems = appHost.ToList();
        var devHostItems = devHost.ToList();
        var lines = appHostItems.Except(devHostItems).Order(StringComparer.Ordinal).Select(i => $"  only in AppHost.cs:   {i}")
            .Concat(devHostItems.Except(appHostItems).Order(StringComparer.Ordinal).Select(i => $"  only in the DevHost:  {i}"))
            .Concat(appHostItems.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => $"  twice in AppHost.cs:  {g.Key}"))
            .ToList();
        return lines.Count == 0
            ? null
            : $"Gacere.AppHost/AppHost.cs and the DevHost ({DevHostModel}) disagree on {what}:\n{string.Join('\n', lines)}";
    }

    private static List<LaunchProfile> ReadProfiles(string launchSettings)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(launchSettings), new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        if (!document.RootElement.TryGetProperty("profiles", out var profiles))
        {
            return [];
        }
        return [.. profiles.EnumerateObject().Select(p => new LaunchProfile(
            p.Name,
            p.Value.TryGetProperty("commandName", out var command) ? command.GetString() : null,
            p.Value.TryGetProperty("applicationUrl", out var urls) ? urls.GetString()!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
            p.Value.TryGetProperty("environmentVariables", out var environment) && environment.TryGetProperty("ASPNETCORE_ENVIRONMENT", out var name) ? name.GetString() : null))];
    }

    private static bool HasKestrelEndpoints(string settingsFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(settingsFile), new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        return document.RootElement.EnumerateObject()
            .Where(p => p.Name.Equals("Kestrel", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.Object)
            .Any(p => p.Value.EnumerateObject().Any(e => e.Name.Equals("Endpoints", StringComparison.OrdinalIgnoreCase)));
    }

    private sealed record LaunchProfile(string Name, string? Command, string[] Urls, string? Environment);
}
