using MassTransit;

namespace Gacere.Contracts.Membership;

// Membership events carry the whole replica row, not a delta: a consumer that missed an earlier event
// (or sees them out of order) still converges on the member's current state.
// OrgType, Category and Status use the snake_case vocabulary of DOMAIN.md (e.g. "national_government").

/// <summary>Base shape of every membership change; replicas subscribe to this one type.</summary>
[MessageUrn("gacere:membership:membership-changed:v1")]
public interface IMembershipChanged
{
    Guid MemberId { get; }
    string OrganisationName { get; }
    string OrgType { get; }
    string? CountryIso3 { get; }
    string Category { get; }
    string Status { get; }
    DateOnly EffectiveDate { get; }
    /// <summary>Monotonic per member: replicas ignore an event older than what they hold.</summary>
    long Version { get; }
}

[MessageUrn("gacere:membership:member-admitted:v1")]
public sealed record MemberAdmitted(
    Guid MemberId, string OrganisationName, string OrgType, string? CountryIso3,
    string Category, string Status, DateOnly EffectiveDate, long Version) : IMembershipChanged;

[MessageUrn("gacere:membership:member-category-changed:v1")]
public sealed record MemberCategoryChanged(
    Guid MemberId, string OrganisationName, string OrgType, string? CountryIso3,
    string Category, string Status, DateOnly EffectiveDate, long Version, string PreviousCategory) : IMembershipChanged;

[MessageUrn("gacere:membership:member-suspended:v1")]
public sealed record MemberSuspended(
    Guid MemberId, string OrganisationName, string OrgType, string? CountryIso3,
    string Category, string Status, DateOnly EffectiveDate, long Version, string Reason) : IMembershipChanged;

[MessageUrn("gacere:membership:member-reinstated:v1")]
public sealed record MemberReinstated(
    Guid MemberId, string OrganisationName, string OrgType, string? CountryIso3,
    string Category, string Status, DateOnly EffectiveDate, long Version) : IMembershipChanged;

[MessageUrn("gacere:membership:member-withdrawn:v1")]
public sealed record MemberWithdrawn(
    Guid MemberId, string OrganisationName, string OrgType, string? CountryIso3,
    string Category, string Status, DateOnly EffectiveDate, long Version, string? Reason) : IMembershipChanged;
