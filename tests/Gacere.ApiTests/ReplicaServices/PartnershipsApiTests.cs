extern alias partnerships;

namespace Gacere.ApiTests.ReplicaServices;

[Collection(ServersCollection.Name)]
public sealed class PartnershipsApiTests(ServersFixture servers) : ReplicaServiceApiTests<partnerships::Program>(servers)
{
    protected override string Database => ResourceNames.PartnershipsDatabase;
    protected override string Prefix => "/api/partnerships";
    protected override string SeededList => "/external-initiatives";
    protected override string KeyProperty => "key";

    // DOMAIN.md's external initiatives for the duplication check, by name.
    protected override IReadOnlyList<string> SeededKeys => ["acea", "one-planet-network", "pace", "lac-ce-coalition"];
}
