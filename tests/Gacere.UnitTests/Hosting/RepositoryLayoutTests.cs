using Gacere.DevHost.Resources;

namespace Gacere.UnitTests.Hosting;

/// <summary>The one search for the repository root, which the DevHost and ServiceFactory (a benchmark's content root) share.</summary>
public sealed class RepositoryLayoutTests
{
    [Fact]
    public void A_folder_of_the_repository_is_found_from_the_test_binaries()
    {
        var events = RepositoryLayout.Locate().PathOf("services/Gacere.Events");

        Assert.True(Path.IsPathRooted(events), events);
        Assert.True(File.Exists(Path.Combine(events, "Gacere.Events.csproj")), $"{events} is not the Events service's folder");
    }
}
