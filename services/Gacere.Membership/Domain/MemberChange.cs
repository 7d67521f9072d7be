using Gacere.ReferenceData;

namespace Gacere.Membership.Domain;

public enum MemberChangeKind
{
    Admitted,
    CategoryChanged,
    Suspended,
    Reinstated,
    Withdrawn,
}

/// <summary>
/// A change other services must learn of, with the member as it stood right after it (events carry the
/// whole member so a replica that missed one still converges) and the version it produced.
/// </summary>
public sealed record MemberChange(
    MemberChangeKind Kind,
    Guid MemberId,
    string OrganisationName,
    OrgType OrgType,
    string? CountryIso3,
    MembershipCategory Category,
    MemberStatus Status,
    DateOnly EffectiveDate,
    long Version,
    string? Reason = null,
    MembershipCategory? PreviousCategory = null);
