namespace Gacere.ApiTests;

/// <summary>The assembly's one set of servers (xunit finds collection definitions only in the test assembly).</summary>
[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    // One service at a time on a 2-core machine; each test still starts its own on a fresh database.
    public const string Name = "servers";
}
