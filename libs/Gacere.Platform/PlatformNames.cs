// The one place for the platform's names (ARCHITECTURE.md, "Resource names" and "Security"). The types sit in
// the root namespace Gacere, so every Gacere.* namespace sees them without a using directive.
namespace Gacere;

/// <summary>
/// The resource names of the topology. Both hosts name their resources with these; a service's configuration
/// keys follow from them (<c>ConnectionStrings:{database}</c>, <c>ConnectionStrings:cache</c>,
/// <c>ConnectionStrings:messaging</c>, <c>services:{service}:http:0</c>), and each service names its queues after
/// its own resource name.
/// </summary>
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

/// <summary>The token contract between the issuer, the gateway and the services.</summary>
public static class GacereAuth
{
    /// <summary>The issuer of development tokens (both hosts); production takes its issuer from the OIDC authority.</summary>
    public const string DevelopmentIssuer = "gacere-dev";

    /// <summary>The audience every token for the platform's APIs carries.</summary>
    public const string Audience = "gacere-api";

    /// <summary>The longest subject the platform records (audit trails keep it in varchar(200)); a longer one is refused at sign-in.</summary>
    public const int MaxSubjectLength = 200;

    /// <summary>How far the clocks of the issuer, the gateway and the services may disagree; an expired token is refused after this.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
}

/// <summary>Role and claim names of the Alliance's users (DOMAIN.md, "Who uses the platform").</summary>
public static class GacereRoles
{
    public const string Secretariat = "secretariat";
    public const string FocalPoint = "focal-point";
    public const string RoleClaim = "role";
    public const string MemberIdClaim = "member_id";
    public const string SubjectClaim = "sub";
}
