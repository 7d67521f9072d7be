extern alias policymapping;

namespace Gacere.ApiTests.ReplicaServices;

[Collection(ServersCollection.Name)]
public sealed class PolicyMappingApiTests(ServersFixture servers) : ReplicaServiceApiTests<policymapping::Program>(servers)
{
    protected override string Database => ResourceNames.PolicyMappingDatabase;
    protected override string Prefix => "/api/policies";
    protected override string SeededList => "/indicators";
    protected override string KeyProperty => "code";

    // DOMAIN.md's indicators, by code.
    protected override IReadOnlyList<string> SeededKeys =>
    [
        "circular-material-use-rate",
        "domestic-material-consumption",
        "material-footprint",
        "national-recycling-rate",
        "resource-productivity",
    ];
}
