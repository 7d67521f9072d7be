using Gacere.Testing;

namespace Gacere.IntegrationTests;

/// <summary>The assembly's one set of servers (xunit finds collection definitions only in the test assembly).</summary>
[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    // Messaging tests share one broker and publish the same message types: they run one after another.
    public const string Name = "servers";
}
