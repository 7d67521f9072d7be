using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.Membership.Domain;

/// <summary>An organisation's request to join the Alliance, from submission to decision.</summary>
public sealed class Application
{
    private readonly List<AuditEntry> _newAuditEntries = [];

    private Application() { }

    public Guid Id { get; private init; }
    public string OrganisationName { get; private init; } = "";
    public OrgType OrgType { get; private init; }
    public string? CountryIso3 { get; private init; }
    public MembershipCategory? RequestedCategory { get; private init; }
    public Contact FocalPoint { get; private init; } = null!;
    public Contact Alternate { get; private init; } = null!;
    public string Motivation { get; private init; } = "";
    /// <summary>SHA-256 of the applicant's tracking token; the token itself is never stored.</summary>
    public string TrackingTokenHash { get; private init; } = "";

    public ApplicationStatus Status { get; private set; }
    public DateTimeOffset SubmittedAt { get; private init; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>The secretariat's latest question to the applicant.</summary>
    public string? InformationRequest { get; private set; }
    /// <summary>The applicant's latest answer to it.</summary>
    public string? InformationResponse { get; private set; }
    /// <summary>Why it was approved, rejected or withdrawn.</summary>
    public string? DecisionReason { get; private set; }
    public MembershipCategory? ApprovedCategory { get; private set; }
    public Guid? MemberId { get; private set; }
    /// <summary>Bumped by every change: two officers acting at once cannot both win.</summary>
    public int Revision { get; private set; }

    /// <summary>Audit entries of changes not yet saved; the data layer takes them in the same commit.</summary>
    public IReadOnlyList<AuditEntry> NewAuditEntries => _newAuditEntries;

    public static Application Submit(
        string organisationName, OrgType orgType, string? countryIso3, MembershipCategory? requestedCategory,
        Contact focalPoint, Contact alternate, string motivation, string trackingTokenHash, Actor actor)
    {
        if (requestedCategory is { } requested && !CategoryRules.IsAllowed(orgType, requested))
        {
            throw new CategoryNotAllowedException(orgType, requested);
        }
        var application = new Application
        {
            Id = Guid.CreateVersion7(actor.At),
            OrganisationName = organisationName.Trim(),
            OrgType = orgType,
            CountryIso3 = string.IsNullOrWhiteSpace(countryIso3) ? null : countryIso3.Trim().ToUpperInvariant(),
            RequestedCategory = requestedCategory,
            FocalPoint = focalPoint,
            Alternate = alternate,
            Motivation = motivation.Trim(),
            TrackingTokenHash = trackingTokenHash,
            Status = ApplicationStatus.Submitted,
            SubmittedAt = actor.At,
            UpdatedAt = actor.At,
        };
        application._newAuditEntries.Add(AuditEntry.Record(
            AuditSubject.Application, application.Id, AuditedChange.Status, null, Vocabulary.Code(ApplicationStatus.Submitted), actor, null));
        return application;
    }

    /// <summary>Starts the review, or resumes it once the requested information has arrived by other means.</summary>
    public void StartReview(Actor actor, string? note = null) => MoveTo(ApplicationStatus.UnderReview, actor, note);

    public void RequestInformation(string message, Actor actor)
    {
        MoveTo(ApplicationStatus.InfoRequested, actor, message);
        InformationRequest = message.Trim();
    }

    /// <summary>The applicant answers an information request; the review resumes.</summary>
    public void ProvideInformation(string response, Actor actor)
    {
        if (Status != ApplicationStatus.InfoRequested)
        {
            throw new IllegalTransitionException("application", Vocabulary.Code(Status), Vocabulary.Code(ApplicationStatus.UnderReview));
        }
        // The answer may hold personal data, so the audit trail keeps only the fact that it came.
        MoveTo(ApplicationStatus.UnderReview, actor, "information provided by the applicant");
        InformationResponse = response.Trim();
    }

    /// <summary>Admits the organisation in the chosen category: the new member is active from today.</summary>
    public Member Approve(MembershipCategory category, Actor actor, string? note = null)
    {
        EnsureCanMove(ApplicationStatus.Approved);
        if (!CategoryRules.IsAllowed(OrgType, category))
        {
            throw new CategoryNotAllowedException(OrgType, category);
        }
        MoveTo(ApplicationStatus.Approved, actor, note);
        var member = Member.Admit(this, category, actor);
        ApprovedCategory = category;
        MemberId = member.Id;
        DecisionReason = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        return member;
    }

    public void Reject(string reason, Actor actor)
    {
        MoveTo(ApplicationStatus.Rejected, actor, reason);
        DecisionReason = reason.Trim();
    }

    public void Withdraw(string? reason, Actor actor)
    {
        MoveTo(ApplicationStatus.Withdrawn, actor, reason);
        DecisionReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }

    /// <summary>Hands the unsaved audit entries to the data layer, once.</summary>
    public IReadOnlyList<AuditEntry> TakeNewAuditEntries()
    {
        AuditEntry[] taken = [.. _newAuditEntries];
        _newAuditEntries.Clear();
        return taken;
    }

    private void EnsureCanMove(ApplicationStatus to)
    {
        if (!Lifecycles.CanMove(Status, to))
        {
            throw new IllegalTransitionException("application", Vocabulary.Code(Status), Vocabulary.Code(to));
        }
    }

    private void MoveTo(ApplicationStatus to, Actor actor, string? reason)
    {
        EnsureCanMove(to);
        _newAuditEntries.Add(AuditEntry.Record(
            AuditSubject.Application, Id, AuditedChange.Status, Vocabulary.Code(Status), Vocabulary.Code(to), actor, reason));
        Status = to;
        UpdatedAt = actor.At;
        Revision++;
    }
}
