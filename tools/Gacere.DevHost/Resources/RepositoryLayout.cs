namespace Gacere.DevHost.Resources;

/// <summary>Where the repository and the built services are.</summary>
internal sealed class RepositoryLayout(string root)
{
    /// <summary>The configuration this DevHost was built in; the services are looked for in the same one.</summary>
#if DEBUG
    public const string DefaultConfiguration = "debug";
#else
    public const string DefaultConfiguration = "release";
#endif

    /// <summary>The project behind each service resource (the gateway included).</summary>
    public static IReadOnlyDictionary<string, string> Projects { get; } = new Dictionary<string, string>
    {
        [ResourceNames.Membership] = "Gacere.Membership",
        [ResourceNames.PolicyMapping] = "Gacere.PolicyMapping",
        [ResourceNames.Partnerships] = "Gacere.Partnerships",
        [ResourceNames.Events] = "Gacere.Events",
        [ResourceNames.Gateway] = "Gacere.Gateway",
    };

    public string DefaultStateDirectory => Path.Combine(root, ".state", "devhost");

    /// <summary>Walks up from the DevHost's binaries (then from the current folder) to the folder holding Gacere.sln.</summary>
    public static RepositoryLayout Locate() =>
        new(new[] { AppContext.BaseDirectory, Environment.CurrentDirectory }
                .SelectMany(start => Ancestors(new DirectoryInfo(start)))
                .FirstOrDefault(directory => File.Exists(Path.Combine(directory, "Gacere.sln")))
            ?? throw DevHostException.PrerequisiteMissing(
                $"Could not find the repository root (a folder holding Gacere.sln) above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}."));

    /// <summary>The runtime the published services are compiled ahead of time (ReadyToRun) for: see <c>./gacere run</c>.</summary>
    public const string PublishedRuntime = "linux-x64";

    /// <summary>
    /// The service's assembly: the build output, or with <paramref name="published"/> the ReadyToRun publish output
    /// (<c>artifacts/publish/&lt;project&gt;/&lt;configuration&gt;_linux-x64/</c>, what <c>./gacere run</c> publishes).
    /// </summary>
    public string ServiceAssembly(string resource, string? configuration, bool published = false)
    {
        var project = Projects[resource];
        var pivot = (configuration ?? DefaultConfiguration).ToLowerInvariant();
        var assembly = published
            ? Path.Combine(root, "artifacts", "publish", project, $"{pivot}_{PublishedRuntime}", project + ".dll")
            : Path.Combine(root, "artifacts", "bin", project, pivot, project + ".dll");
        var configurationOption = pivot == "release" ? " -c Release" : "";
        return File.Exists(assembly)
            ? assembly
            : throw DevHostException.PrerequisiteMissing(published
                ? $"{resource}: {assembly} does not exist; publish first: ./gacere publish (or dotnet publish {ProjectPath(resource)}{configurationOption} -r {PublishedRuntime} --self-contained false -p:PublishReadyToRun=true)"
                : $"{resource}: {assembly} does not exist; build first: dotnet build tools/Gacere.DevHost{configurationOption}", resource);
    }

    private static string ProjectPath(string resource) =>
        resource == ResourceNames.Gateway ? $"gateway/{Projects[resource]}" : $"services/{Projects[resource]}";

    private static IEnumerable<string> Ancestors(DirectoryInfo? directory)
    {
        for (; directory is not null; directory = directory.Parent)
        {
            yield return directory.FullName;
        }
    }
}
