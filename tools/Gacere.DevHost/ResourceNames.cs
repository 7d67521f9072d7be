namespace Gacere.DevHost;

/// <summary>The resource names every host, configuration key and dashboard uses.</summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Cache = "cache";
    public const string Messaging = "messaging";

    public const string Membership = "membership";
    public const string PolicyMapping = "policymapping";
    public const string Partnerships = "partnerships";
    public const string Events = "events";
    public const string Gateway = "gateway";

    public const string MembershipDatabase = "membershipdb";
    public const string PolicyMappingDatabase = "policymappingdb";
    public const string PartnershipsDatabase = "partnershipsdb";
    public const string EventsDatabase = "eventsdb";

    public static IReadOnlyList<string> Servers { get; } = [Postgres, Cache, Messaging];

    public static IReadOnlyList<string> Services { get; } = [Membership, PolicyMapping, Partnerships, Events];

    public static IReadOnlyList<string> Databases { get; } =
        [MembershipDatabase, PolicyMappingDatabase, PartnershipsDatabase, EventsDatabase];
}
