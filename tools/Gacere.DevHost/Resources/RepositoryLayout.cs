namespace Gacere.DevHost.Resources;

/// <summary>Where the repository and the built services are.</summary>
internal sealed class RepositoryLayout(string root)
{
    private static readonly string[] SolutionFiles = ["Gacere.sln", "Gacere.slnx"];

    /// <summary>The project behind each service resource (the gateway included).</summary>
    public static IReadOnlyDictionary<string, string> Projects { get; } = new Dictionary<string, string>
    {
        [ResourceNames.Membership] = "Gacere.Membership",
        [ResourceNames.PolicyMapping] = "Gacere.PolicyMapping",
        [ResourceNames.Partnerships] = "Gacere.Partnerships",
        [ResourceNames.Events] = "Gacere.Events",
        [ResourceNames.Gateway] = "Gacere.Gateway",
    };

    /// <summary>The configuration this DevHost was built in; the services are looked for in the same one.</summary>
    public const string DefaultConfiguration =
#if DEBUG
        "debug";
#else
        "release";
#endif

    public string Root => root;

    public string DefaultStateDirectory => Path.Combine(root, ".state", "devhost");

    /// <summary>Walks up from the DevHost's binaries (then from the current folder) to the folder holding Gacere.sln.</summary>
    public static RepositoryLayout Locate(string? explicitRoot = null)
    {
        if (explicitRoot is not null)
        {
            return new RepositoryLayout(Path.GetFullPath(explicitRoot));
        }
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (SolutionFiles.Any(file => File.Exists(Path.Combine(directory.FullName, file))) ||
                    File.Exists(Path.Combine(directory.FullName, "tools", "Gacere.DevHost", "Gacere.DevHost.csproj")))
                {
                    return new RepositoryLayout(directory.FullName);
                }
            }
        }
        throw DevHostException.PrerequisiteMissing(
            $"Could not find the repository root (a folder holding Gacere.sln) above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}.");
    }

    public string ServiceAssembly(string resource, string? configuration)
    {
        var project = Projects[resource];
        var pivot = (configuration ?? DefaultConfiguration).ToLowerInvariant();
        var assembly = Path.Combine(root, "artifacts", "bin", project, pivot, project + ".dll");
        if (!File.Exists(assembly))
        {
            throw DevHostException.PrerequisiteMissing(
                $"{resource}: {assembly} does not exist; build first: dotnet build tools/Gacere.DevHost{(pivot == "release" ? " -c Release" : "")}",
                resource);
        }
        return assembly;
    }
}
