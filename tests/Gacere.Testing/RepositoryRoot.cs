namespace Gacere.Testing;

/// <summary>
/// The repository's root, the folder holding <c>Gacere.sln</c>, found once by walking up from the test's binaries: for tests
/// that read checked-in files (the AppHost's source, the OpenAPI documents, a Node reader's folder).
/// </summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Folder = new(Find);

    /// <summary>The root's full path.</summary>
    public static string FullPath => Folder.Value;

    /// <summary>A path under the root, e.g. <c>RepositoryRoot.PathOf("docs", "openapi")</c>.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Folder.Value, .. parts]);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Gacere.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No folder holding Gacere.sln above {AppContext.BaseDirectory}.");
    }
}
