extern alias events;

namespace Gacere.ApiTests.ReplicaServices;

[Collection(ServersCollection.Name)]
public sealed class EventsApiTests(ServersFixture servers) : ReplicaServiceApiTests<events::Program>(servers)
{
    protected override string Database => ResourceNames.EventsDatabase;
    protected override string Prefix => "/api/events";
    protected override string SeededList => "/anchor-events";
    protected override string KeyProperty => "edition";

    // DOMAIN.md's anchor events, in date order.
    protected override IReadOnlyList<string> SeededKeys =>
        ["UNEA-5.1", "WCEF2021", "UNEA-5.2", "WCEF2022", "WCEF2023", "UNEA-6", "WCEF2024", "WCEF2025", "UNEA-7"];
}
