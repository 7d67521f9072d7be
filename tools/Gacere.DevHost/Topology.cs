namespace Gacere.DevHost;

/// <summary>What a resource is, which decides how a host provides it.</summary>
public enum ResourceKind
{
    /// <summary>A backing server (PostgreSQL, Redis, RabbitMQ).</summary>
    Server,

    /// <summary>A database on a <see cref="ResourceKind.Server"/>, named by <see cref="TopologyResource.Parent"/>.</summary>
    Database,

    /// <summary>A .NET project: a service or the gateway.</summary>
    Project,
}

/// <summary>
/// One resource of the platform as both hosts declare it. <paramref name="References"/> are what it is
/// given: <c>ConnectionStrings:&lt;name&gt;</c> for a server or database, <c>services:&lt;name&gt;:http:0</c> for a
/// project (Aspire's <c>WithReference</c>). <paramref name="WaitsFor"/> are what must be healthy before it
/// starts (Aspire's <c>WaitFor</c>).
/// </summary>
public sealed record TopologyResource(string Name, ResourceKind Kind, string? Parent, IReadOnlyList<string> References, IReadOnlyList<string> WaitsFor);

/// <summary>
/// The GACERE topology as data: what the DevHost starts and wires, and what a unit test holds
/// <c>Gacere.AppHost/AppHost.cs</c> against, so that the two hosts cannot drift apart.
/// </summary>
public static class Topology
{
    private static readonly string[] ServiceBacking = [ResourceNames.Cache, ResourceNames.Messaging];

    /// <summary>Every resource, servers first.</summary>
    public static IReadOnlyList<TopologyResource> Resources { get; } =
    [
        new(ResourceNames.Messaging, ResourceKind.Server, null, [], []),
        new(ResourceNames.Cache, ResourceKind.Server, null, [], []),
        new(ResourceNames.Postgres, ResourceKind.Server, null, [], []),
        Database(ResourceNames.MembershipDatabase),
        Database(ResourceNames.PolicyMappingDatabase),
        Database(ResourceNames.PartnershipsDatabase),
        Database(ResourceNames.EventsDatabase),
        // No service waits for another: messaging survives any start order (ARCHITECTURE.md, "No start order").
        Service(ResourceNames.Membership, ResourceNames.MembershipDatabase),
        Service(ResourceNames.PolicyMapping, ResourceNames.PolicyMappingDatabase),
        Service(ResourceNames.Partnerships, ResourceNames.PartnershipsDatabase),
        Service(ResourceNames.Events, ResourceNames.EventsDatabase),
        // The gateway resolves its destinations per request, so it needs the services' addresses, not the
        // services themselves, to start; Redis backs its rate limits and edge cache.
        new(ResourceNames.Gateway, ResourceKind.Project, null,
            [ResourceNames.Cache, .. ResourceNames.Services],
            [ResourceNames.Cache]),
    ];

    /// <summary>The resource called <paramref name="name"/>.</summary>
    public static TopologyResource Get(string name) =>
        Resources.FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException($"'{name}' is not a resource of the topology.", nameof(name));

    /// <summary>
    /// The resources in start waves: each wave waits only for earlier ones (a database also for its server),
    /// and a wave's members may start together. Edges to resources outside <paramref name="names"/> are
    /// ignored, so a subset of the services can be started without what it waits for among the services.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> StartWaves(IEnumerable<string> names)
    {
        var pending = names.Distinct().Select(Get).ToList();
        var selected = pending.Select(r => r.Name).ToHashSet();
        var started = new HashSet<string>();
        var waves = new List<IReadOnlyList<string>>();
        while (pending.Count > 0)
        {
            var wave = pending.Where(r => Prerequisites(r).All(p => started.Contains(p) || !selected.Contains(p))).ToList();
            if (wave.Count == 0)
            {
                throw new InvalidOperationException($"The wait edges form a cycle among: {string.Join(", ", pending.Select(r => r.Name))}.");
            }
            waves.Add([.. wave.Select(r => r.Name)]);
            started.UnionWith(wave.Select(r => r.Name));
            pending.RemoveAll(wave.Contains);
        }
        return waves;
    }

    private static IEnumerable<string> Prerequisites(TopologyResource resource) =>
        resource.Parent is null ? resource.WaitsFor : resource.WaitsFor.Append(resource.Parent);

    private static TopologyResource Database(string name) => new(name, ResourceKind.Database, ResourceNames.Postgres, [], []);

    private static TopologyResource Service(string name, string database) =>
        new(name, ResourceKind.Project, null, [database, .. ServiceBacking], [database, .. ServiceBacking]);
}
