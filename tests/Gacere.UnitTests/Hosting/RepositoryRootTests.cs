using Gacere.Testing;

namespace Gacere.UnitTests.Hosting;

/// <summary>The one walk up to the repository's root the test projects share (tests/Gacere.Testing).</summary>
public sealed class RepositoryRootTests
{
    [Fact]
    public void The_root_holds_the_solution_and_paths_under_it_are_the_checked_in_files()
    {
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.FullPath, "Gacere.sln")), RepositoryRoot.FullPath);
        Assert.True(File.Exists(RepositoryRoot.PathOf("Gacere.AppHost", "AppHost.cs")));
        Assert.True(Directory.Exists(RepositoryRoot.PathOf("docs", "openapi")));
        Assert.DoesNotContain(Path.Combine("artifacts", "bin"), RepositoryRoot.FullPath, StringComparison.Ordinal);
    }
}
