namespace Gacere.Partnerships.Domain;

/// <summary>Partnership kinds of DOMAIN.md.</summary>
public enum PartnershipKind
{
    Sectoral,
    Bilateral,
    Regional,
    Multilateral,
}

/// <summary>The part a member plays in a partnership; exactly one partner leads.</summary>
public enum PartnerRole
{
    Lead,
    Implementing,
    Funding,
    Knowledge,
}

/// <summary>Where a deliverable stands.</summary>
public enum DeliverableStatus
{
    Planned,
    OnTrack,
    Delayed,
    Delivered,
    Cancelled,
}

/// <summary>What a partner brings: money (with an ISO 4217 currency), goods in kind, staff time, technical help.</summary>
public enum ResourceType
{
    Financial,
    InKind,
    Staff,
    Technical,
}

/// <summary>Lifecycle of a partnership: <c>proposed → under_review → active → completed | discontinued</c>.</summary>
public enum PartnershipStatus
{
    Proposed,
    UnderReview,
    Active,
    Completed,
    Discontinued,
}


/// <summary>The SMART criteria of the UN Partnerships for SDGs platform.</summary>
public enum SmartCriterion
{
    Specific,
    Measurable,
    Achievable,
    ResourceBased,
    TimeBound,
}

/// <summary>The secretariat's judgement of one SMART criterion.</summary>
public enum SmartJudgement
{
    Accepted,
    NotAccepted,
}

/// <summary>What the secretariat decided about a listed likely duplicate.</summary>
public enum DuplicateDecision
{
    Distinct,
    Merge,
    Complementary,
}

/// <summary>What a likely duplicate is: another partnership on the platform, or a known external initiative.</summary>
public enum CandidateSource
{
    Partnership,
    ExternalInitiative,
}
