using Gacere.DevHost;
using Gacere.DevHost.Resources;
using Gacere.Testing;

namespace Gacere.UnitTests.Hosting;

/// <summary>
/// The Aspire AppHost cannot be restored, built or run on our machines, so nothing else would notice it
/// drifting away from the DevHost: these tests read <c>Gacere.AppHost/AppHost.cs</c> as C# syntax and hold
/// it against the DevHost's topology model (ARCHITECTURE.md, "Two hosts, one topology").
/// </summary>
public sealed class AppHostTopologyTests
{
    private static string AppHostDirectory => RepositoryRoot.PathOf("Gacere.AppHost");

    private static string AppHostSource => File.ReadAllText(Path.Combine(AppHostDirectory, "AppHost.cs"));

    private static readonly Lazy<AppHostModel> AppHost = new(() => AppHostModel.Parse(AppHostSource));

    [Fact]
    public void Both_hosts_declare_the_same_resources() =>
        Agree(HostComparison.Resources(AppHost.Value, Topology.Resources));

    [Fact]
    public void Both_hosts_give_each_resource_the_same_references() =>
        Agree(HostComparison.References(AppHost.Value, Topology.Resources));

    [Fact]
    public void Both_hosts_have_the_same_wait_edges() =>
        Agree(HostComparison.Waits(AppHost.Value, Topology.Resources));

    [Fact]
    public void The_AppHost_runs_the_projects_the_DevHost_runs() =>
        Agree(HostComparison.Projects(
            AppHost.Value,
            HostComparison.ProjectReferences(Path.Combine(AppHostDirectory, "Gacere.AppHost.csproj")),
            RepositoryLayout.Projects));

    [Fact]
    public void Every_project_the_AppHost_adds_gets_an_http_endpoint()
    {
        var appHostProfiles = HostComparison.ProfileNames(Path.Combine(AppHostDirectory, "Properties", "launchSettings.json"));
        var directories = HostComparison.ProjectReferences(Path.Combine(AppHostDirectory, "Gacere.AppHost.csproj"))
            .ToDictionary(HostComparison.ProjectType, p => Path.GetDirectoryName(Path.GetFullPath(Path.Combine(AppHostDirectory, p)))!);
        var projects = AppHost.Value.Resources.Where(r => r.Method == "AddProject").ToList();
        Assert.NotEmpty(projects);

        var problems = projects
            .Where(p => !AppHost.Value.ExplicitHttpEndpoints.Contains(p.Name))
            .Select(p => (p.Name, Problem: directories.TryGetValue(p.ProjectType!, out var directory)
                ? HostComparison.HttpEndpointProblem(directory, appHostProfiles)
                : $"{p.ProjectType} has no ProjectReference"))
            .Where(p => p.Problem is not null)
            .Select(p => $"  {p.Name}: {p.Problem}")
            .ToList();

        Agree(problems.Count == 0 ? null : "Projects without an http endpoint under Aspire:\n" + string.Join('\n', problems));
    }

    // The checks above must be able to fail: each is run here on a host that differs in one way.

    [Fact]
    public void A_resource_added_to_the_AppHost_only_is_reported()
    {
        var extended = AppHostModel.Parse(AppHostSource.Replace(
            "builder.Build().Run();", "builder.AddRedis(\"sessions\");\nbuilder.Build().Run();", StringComparison.Ordinal));

        var diff = HostComparison.Resources(extended, Topology.Resources);

        Assert.NotNull(diff);
        Assert.Contains("only in AppHost.cs:   server sessions", diff);
    }

    [Fact]
    public void A_resource_or_edge_of_the_DevHost_only_is_reported()
    {
        var membership = Topology.Get(ResourceNames.Membership);
        var devHost = Topology.Resources
            .Where(r => r.Name != ResourceNames.EventsDatabase)
            .Select(r => r == membership ? r with { WaitsFor = [.. r.WaitsFor, ResourceNames.Events] } : r)
            .ToList();

        Assert.Contains("only in AppHost.cs:   database eventsdb on postgres", HostComparison.Resources(AppHost.Value, devHost));
        Assert.Contains("only in the DevHost:  membership waits for events", HostComparison.Waits(AppHost.Value, devHost));
    }

    [Fact]
    public void References_and_waits_inside_helpers_and_loops_count_for_each_resource()
    {
        var model = AppHostModel.Parse("""
            var builder = DistributedApplication.CreateBuilder(args);
            var cache = builder.AddRedis("cache");
            var a = builder.AddProject<Projects.A>("a").WithCache(cache);
            var b = builder.AddProject<Projects.B>("b").WithHttpEndpoint(port: 1);
            builder.AddProject<Projects.C>("c").WithAll(a, b);
            builder.Build().Run();

            static class Wiring
            {
                public static IResourceBuilder<ProjectResource> WithCache(this IResourceBuilder<ProjectResource> project, IResourceBuilder<RedisResource> redis) =>
                    project.WithReference(redis).WaitFor(redis);

                public static IResourceBuilder<ProjectResource> WithAll(this IResourceBuilder<ProjectResource> project, params IResourceBuilder<ProjectResource>[] others)
                {
                    foreach (var other in others)
                    {
                        project.WithReference(other).WaitFor(other);
                    }
                    return project;
                }
            }
            """);

        Assert.Equal(new[] { ("a", "cache"), ("c", "a"), ("c", "b") }, model.References.Order());
        Assert.Equal(new[] { ("a", "cache"), ("c", "a"), ("c", "b") }, model.Waits.Order());
        Assert.Equal(new[] { "b" }, model.ExplicitHttpEndpoints);
    }

    [Fact]
    public void A_project_without_a_launch_profile_has_no_http_endpoint()
    {
        var directory = Directory.CreateTempSubdirectory("gacere-apphost-test-");
        try
        {
            Assert.Contains("no Properties/launchSettings.json", HostComparison.HttpEndpointProblem(directory.FullName, ["https", "http"]));

            Directory.CreateDirectory(Path.Combine(directory.FullName, "Properties"));
            File.WriteAllText(Path.Combine(directory.FullName, "Properties", "launchSettings.json"), """
                { "profiles": { "https": { "commandName": "Project", "applicationUrl": "https://localhost:7001",
                  "environmentVariables": { "ASPNETCORE_ENVIRONMENT": "Development" } } } }
                """);
            Assert.Contains("has no http:// applicationUrl", HostComparison.HttpEndpointProblem(directory.FullName, ["https", "http"]));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void Agree(string? difference)
    {
        if (difference is not null)
        {
            Assert.Fail(difference);
        }
    }
}
