using System.ComponentModel.DataAnnotations;
using Gacere.Membership.Domain;
using Microsoft.AspNetCore.Mvc;
using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.Membership.Apis;

/// <summary>An organisation's application to join the Alliance.</summary>
public sealed class SubmitApplicationRequest
{
    /// <summary>The organisation that applies.</summary>
    [Required]
    public OrganisationInput? Organisation { get; init; }

    /// <summary>The category the organisation asks for; the secretariat chooses the category on approval.</summary>
    public MembershipCategory? RequestedCategory { get; init; }

    /// <summary>Who speaks for the organisation in the Alliance.</summary>
    [Required]
    public ContactInput? FocalPoint { get; init; }

    /// <summary>Who stands in for the focal point.</summary>
    [Required]
    public ContactInput? Alternate { get; init; }

    /// <summary>Why the organisation wants to join and what it brings, 10 to 4000 characters.</summary>
    [Required, StringLength(4000, MinimumLength = 10)]
    public string? Motivation { get; init; }
}

public sealed class OrganisationInput
{
    /// <summary>The organisation's name as it should appear in the directory.</summary>
    [Required, StringLength(300, MinimumLength = 2)]
    public string? Name { get; init; }

    /// <summary>What kind of organisation it is; decides which categories it may hold.</summary>
    [Required]
    public OrgType? OrgType { get; init; }

    /// <summary>ISO 3166-1 alpha-3; required for a national government, absent for a regional economic integration organisation.</summary>
    [StringLength(3)]
    public string? CountryIso3 { get; init; }
}

/// <summary>The answer to a submission; the tracking token is shown this once (and to a repeat of the same Idempotency-Key).</summary>
/// <param name="ApplicationId">The application's id, for the secretariat.</param>
/// <param name="TrackingToken">The applicant's proof of ownership: keep it to follow, complete or withdraw the application.</param>
/// <param name="Status">The application's status: "submitted".</param>
/// <param name="StatusUrl">Where the applicant reads the status, under the gateway.</param>
public sealed record ApplicationSubmitted(Guid ApplicationId, string TrackingToken, ApplicationStatus Status, string StatusUrl);

/// <summary>What the applicant sees: nothing beyond what they submitted and the secretariat's answers to them.</summary>
public sealed record ApplicationStatusView(
    Guid ApplicationId,
    string OrganisationName,
    ApplicationStatus Status,
    MembershipCategory? RequestedCategory,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    string? InformationRequest,
    MembershipCategory? ApprovedCategory,
    Guid? MemberId,
    string? Reason)
{
    internal static ApplicationStatusView Of(Application a) => new(
        a.Id, a.OrganisationName, a.Status, a.RequestedCategory, a.SubmittedAt, a.UpdatedAt,
        a.Status == ApplicationStatus.InfoRequested ? a.InformationRequest : null,
        a.ApprovedCategory, a.MemberId,
        // An approval note is the secretariat's; a rejection or withdrawal reason is the applicant's to know.
        a.Status is ApplicationStatus.Rejected or ApplicationStatus.Withdrawn ? a.DecisionReason : null);
}

/// <summary>The whole application, for the secretariat.</summary>
public sealed record ApplicationView(
    Guid ApplicationId,
    string OrganisationName,
    OrgType OrgType,
    string? CountryIso3,
    MembershipCategory? RequestedCategory,
    ContactView FocalPoint,
    ContactView Alternate,
    string Motivation,
    ApplicationStatus Status,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    string? InformationRequest,
    string? InformationResponse,
    string? DecisionReason,
    MembershipCategory? ApprovedCategory,
    Guid? MemberId,
    int Revision)
{
    internal static ApplicationView Of(Application a) => new(
        a.Id, a.OrganisationName, a.OrgType, a.CountryIso3, a.RequestedCategory,
        ContactView.Of(a.FocalPoint)!, ContactView.Of(a.Alternate)!, a.Motivation, a.Status, a.SubmittedAt, a.UpdatedAt,
        a.InformationRequest, a.InformationResponse, a.DecisionReason, a.ApprovedCategory, a.MemberId, a.Revision);
}

public sealed class ApplicationListQuery
{
    /// <summary>Only applications in this status (e.g. "submitted", "under_review").</summary>
    [FromQuery(Name = "status"), CodesOf(typeof(ApplicationStatus))]
    public string? Status { get; init; }
}

public sealed class ReviewRequest
{
    [StringLength(2000)]
    public string? Note { get; init; }
}

public sealed class InformationRequestInput
{
    /// <summary>What the applicant is asked to provide.</summary>
    [Required, StringLength(2000)]
    public string? Message { get; init; }
}

public sealed class InformationResponseInput
{
    [Required, StringLength(4000)]
    public string? Response { get; init; }
}

public sealed class ApprovalRequest
{
    /// <summary>The category the organisation is admitted in; it must be one its organisation type may hold.</summary>
    [Required]
    public MembershipCategory? Category { get; init; }

    /// <summary>The secretariat's note on the decision (not shown to the applicant).</summary>
    [StringLength(2000)]
    public string? Note { get; init; }
}

public sealed class RejectionRequest
{
    [Required, StringLength(2000)]
    public string? Reason { get; init; }
}

public sealed class ApplicationWithdrawalRequest
{
    [StringLength(2000)]
    public string? Reason { get; init; }
}
