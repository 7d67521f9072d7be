using Gacere.ReferenceData;
namespace Gacere.Membership.Domain;

/// <summary>Membership categories of DOMAIN.md.</summary>
public enum MembershipCategory
{
    Member,
    Observer,
    StrategicPartner,
    SupportingStakeholder,
    Convener,
}

public enum ApplicationStatus
{
    Submitted,
    UnderReview,
    InfoRequested,
    Approved,
    Rejected,
    Withdrawn,
}

public enum MemberStatus
{
    Active,
    Suspended,
    Withdrawn,
}

/// <summary>How exactly a seeded date is known: join dates of 2021 are often only bounded by a source's date.</summary>
public enum DatePrecision
{
    Day,
    Month,
    Year,
    NotLaterThan,
}
