using System.ComponentModel.DataAnnotations;
using Gacere.Membership.Domain;
using Microsoft.AspNetCore.Mvc;
using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.Membership.Apis;

/// <summary>A member as the public directory shows it: no contact details.</summary>
/// <param name="MemberId">The member's id.</param>
/// <param name="OrganisationName">The organisation's name.</param>
/// <param name="OrgType">What kind of organisation it is.</param>
/// <param name="CountryIso3">ISO 3166-1 alpha-3 code of a national government's country; null for other organisation types.</param>
/// <param name="CountryName">The country's name in English.</param>
/// <param name="Category">The membership category.</param>
/// <param name="CategoryVerified">Whether the secretariat has confirmed the category (seeded members may not be).</param>
/// <param name="Status">Active or suspended (withdrawn members are not listed).</param>
/// <param name="MemberSince">When the organisation joined, as precisely as known.</param>
/// <param name="MemberSincePrecision">How precise <c>memberSince</c> is: a day, a month or a year.</param>
/// <param name="Source">Where the membership fact comes from, for members admitted before the platform.</param>
public sealed record DirectoryEntry(
    Guid MemberId,
    string OrganisationName,
    OrgType OrgType,
    string? CountryIso3,
    string? CountryName,
    MembershipCategory Category,
    bool CategoryVerified,
    MemberStatus Status,
    DateOnly MemberSince,
    DatePrecision MemberSincePrecision,
    string? Source);

/// <summary>The whole member record, for the secretariat and the member's own focal point.</summary>
public sealed record MemberView(
    Guid MemberId,
    string OrganisationName,
    OrgType OrgType,
    string? CountryIso3,
    MembershipCategory Category,
    bool CategoryVerified,
    MemberStatus Status,
    DateOnly StatusEffectiveOn,
    string? StatusReason,
    DateOnly MemberSince,
    DatePrecision MemberSincePrecision,
    string? Source,
    Guid? ApplicationId,
    ContactView? FocalPoint,
    ContactView? Alternate,
    long Version,
    DateTimeOffset UpdatedAt)
{
    internal static MemberView Of(Member m) => new(
        m.Id, m.OrganisationName, m.OrgType, m.CountryIso3, m.Category, m.CategoryVerified, m.Status, m.StatusEffectiveOn, m.StatusReason,
        m.MemberSince, m.MemberSincePrecision, m.SourceReference, m.ApplicationId,
        ContactView.Of(m.FocalPoint), ContactView.Of(m.Alternate), m.Version, m.UpdatedAt);
}

/// <summary>Null contacts: a seeded member whose focal point nobody has recorded yet.</summary>
public sealed record MemberContactsView(Guid MemberId, ContactView? FocalPoint, ContactView? Alternate);

public sealed record AuditEntryView(Guid Id, AuditedChange Change, string? From, string? To, string Actor, DateTimeOffset At, string? Reason);

public sealed class DirectoryQuery
{
    /// <summary>A membership category code, e.g. "member", "observer".</summary>
    [FromQuery(Name = "category"), CodesOf(typeof(MembershipCategory))]
    public string? Category { get; init; }

    /// <summary>An organisation type code, e.g. "national_government".</summary>
    [FromQuery(Name = "orgType"), CodesOf(typeof(OrgType))]
    public string? OrgType { get; init; }

    /// <summary>ISO 3166-1 alpha-3 country code, e.g. "KEN".</summary>
    [FromQuery(Name = "country")]
    public string? Country { get; init; }

    /// <summary>UN M49 region, sub-region or intermediate-region code, e.g. "150" (Europe), "002" (Africa), "419".</summary>
    [FromQuery(Name = "region")]
    public string? Region { get; init; }
}

public sealed class MemberListQuery
{
    /// <summary>Only members in this status ("active", "suspended", "withdrawn").</summary>
    [FromQuery(Name = "status"), CodesOf(typeof(MemberStatus))]
    public string? Status { get; init; }
}

public sealed class ReasonRequest
{
    [Required, StringLength(2000)]
    public string? Reason { get; init; }
}

public sealed class MemberWithdrawalRequest
{
    [Required, StringLength(2000)]
    public string? Reason { get; init; }

    /// <summary>When the withdrawal took effect; today (UTC) when omitted. Never in the future.</summary>
    public DateOnly? EffectiveDate { get; init; }
}

public sealed class CategoryChangeRequest
{
    [Required]
    public MembershipCategory? Category { get; init; }

    [Required, StringLength(2000)]
    public string? Reason { get; init; }
}

public sealed class ContactsRequest
{
    [Required]
    public ContactInput? FocalPoint { get; init; }

    [Required]
    public ContactInput? Alternate { get; init; }
}
