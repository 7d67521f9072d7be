using Gacere.Partnerships.Domain;
using Gacere.ReferenceData;

namespace Gacere.Partnerships.Apis;

/// <summary>A partner of the partnership.</summary>
/// <param name="MemberId">The member's id.</param>
/// <param name="OrganisationName">The member's organisation, as the replica named it when it joined the partnership.</param>
/// <param name="Role">Lead, implementing, funding or knowledge.</param>
/// <param name="EndedAt">When the member's part ended because it left the Alliance; null while it takes part.</param>
public sealed record PartnerView(Guid MemberId, string OrganisationName, PartnerRole Role, DateTimeOffset? EndedAt);

/// <summary>A deliverable: what, by when, measured how, and where it stands.</summary>
/// <param name="Id">The deliverable's id, for status updates.</param>
/// <param name="Title">What will be delivered.</param>
/// <param name="DueDate">When it is due.</param>
/// <param name="Indicator">How delivery is measured; null when the proposal gave none.</param>
/// <param name="Status">Planned, on track, delayed, delivered or cancelled.</param>
public sealed record DeliverableView(Guid Id, string Title, DateOnly DueDate, string? Indicator, DeliverableStatus Status);

/// <summary>A committed resource.</summary>
/// <param name="Type">Financial, in kind, staff or technical.</param>
/// <param name="Description">What is committed.</param>
/// <param name="Amount">The amount, when one was given.</param>
/// <param name="Currency">ISO 4217 code of the amount.</param>
public sealed record ResourceView(ResourceType Type, string? Description, decimal? Amount, string? Currency);

/// <summary>One SMART criterion: the automatic pre-check and, beside it, the secretariat's judgement.</summary>
/// <param name="Criterion">Specific, measurable, achievable, resource-based or time-bound.</param>
/// <param name="AutomaticallyMet">Whether the automatic pre-check found the criterion met.</param>
/// <param name="Finding">What the pre-check found, in words.</param>
/// <param name="Judgement">The secretariat's judgement; null until judged.</param>
/// <param name="JudgementNote">The secretariat's reasoning.</param>
/// <param name="JudgedBy">Who judged.</param>
/// <param name="JudgedAt">When.</param>
public sealed record SmartAssessmentView(
    SmartCriterion Criterion, bool AutomaticallyMet, string Finding, SmartJudgement? Judgement, string? JudgementNote, string? JudgedBy, DateTimeOffset? JudgedAt);

/// <summary>A likely duplicate listed by the duplication check, with its reasons and the secretariat's decision.</summary>
/// <param name="Id">The candidate's id, for the decision.</param>
/// <param name="Source">Another partnership, or an external initiative.</param>
/// <param name="PartnershipId">The other partnership's id, for a partnership.</param>
/// <param name="ExternalInitiativeKey">The initiative's key, for an external initiative.</param>
/// <param name="Title">The other partnership's title or the initiative's name.</param>
/// <param name="Score">How likely a duplicate, 0 to 1; the list is ranked by it.</param>
/// <param name="Reasons">Why it was listed, e.g. "same lead", "3 of 4 countries", "textiles", "title 0.72 similar".</param>
/// <param name="Decision">Distinct, merge or complementary; null until decided (activation needs every decision).</param>
/// <param name="DecisionNote">The secretariat's reasoning.</param>
/// <param name="DecidedBy">Who decided.</param>
/// <param name="DecidedAt">When.</param>
public sealed record DuplicateCandidateView(
    Guid Id, CandidateSource Source, Guid? PartnershipId, string? ExternalInitiativeKey, string Title, double Score,
    IReadOnlyList<string> Reasons, DuplicateDecision? Decision, string? DecisionNote, string? DecidedBy, DateTimeOffset? DecidedAt)
{
    internal static DuplicateCandidateView Of(DuplicateCandidate c) => new(
        c.Id, c.Source, c.OtherPartnershipId, c.ExternalInitiativeKey, c.Title, c.Score, c.Reasons, c.Decision, c.DecisionNote, c.DecidedBy, c.DecidedAt);
}

/// <summary>A partnership with its review: SMART criterion by criterion, likely duplicates, what still blocks activation.</summary>
/// <param name="Id">The partnership's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Kind">Sectoral, bilateral, regional or multilateral.</param>
/// <param name="Objective">What it will change.</param>
/// <param name="StartDate">First day.</param>
/// <param name="EndDate">Last day.</param>
/// <param name="Status">Proposed, under review, active, completed or discontinued.</param>
/// <param name="NeedsNewLead">The lead left the Alliance; a change must name a new lead.</param>
/// <param name="Partners">The members taking part; exactly one leads.</param>
/// <param name="Countries">ISO 3166-1 alpha-3 codes.</param>
/// <param name="Regions">UN M49 region codes named by the proposal.</param>
/// <param name="ValueChains">EU CEAP key value chains.</param>
/// <param name="SdgTargets">SDG targets, e.g. "12.5".</param>
/// <param name="Deliverables">What it will deliver.</param>
/// <param name="Resources">What the partners commit.</param>
/// <param name="Smart">The five SMART criteria: pre-check and judgement.</param>
/// <param name="DuplicateCandidates">Likely duplicates, best first.</param>
/// <param name="ActivationBlockers">What must still happen before activation (judgements, decisions); empty when none.</param>
/// <param name="ProposedBy">Who proposed it.</param>
/// <param name="ProposedAt">When.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Revision">Grows with every change.</param>
public sealed record PartnershipView(
    Guid Id, string Title, PartnershipKind Kind, string Objective, DateOnly StartDate, DateOnly EndDate, PartnershipStatus Status, bool NeedsNewLead,
    IReadOnlyList<PartnerView> Partners, IReadOnlyList<string> Countries, IReadOnlyList<string> Regions, IReadOnlyList<ValueChain> ValueChains,
    IReadOnlyList<string> SdgTargets, IReadOnlyList<DeliverableView> Deliverables, IReadOnlyList<ResourceView> Resources,
    IReadOnlyList<SmartAssessmentView> Smart, IReadOnlyList<DuplicateCandidateView> DuplicateCandidates, IReadOnlyList<string> ActivationBlockers,
    string ProposedBy, DateTimeOffset ProposedAt, DateTimeOffset UpdatedAt, int Revision)
{
    internal static PartnershipView Of(Partnership p) => new(
        p.Id, p.Title, p.Kind, p.Objective, p.StartDate, p.EndDate, p.Status, p.NeedsNewLead,
        [.. p.Partners.OrderBy(x => x.Role).ThenBy(x => x.OrganisationName, StringComparer.Ordinal).Select(x => new PartnerView(x.MemberId, x.OrganisationName, x.Role, x.EndedAt))],
        p.Countries, p.Regions, [.. p.ValueChainCodes], p.SdgTargets,
        [.. p.Deliverables.OrderBy(d => d.DueDate).ThenBy(d => d.Id).Select(DeliverableOf)],
        [.. p.Resources.OrderBy(r => r.Id).Select(r => new ResourceView(r.Type, r.Description, r.Amount, r.Currency))],
        [.. p.Smart.OrderBy(s => s.Criterion).Select(s => new SmartAssessmentView(s.Criterion, s.AutomaticallyMet, s.Finding, s.Judgement, s.JudgementNote, s.JudgedBy, s.JudgedAt))],
        [.. p.DuplicateCandidates.OrderByDescending(c => c.Score).ThenBy(c => c.Id).Select(DuplicateCandidateView.Of)],
        p.ActivationBlockers(), p.ProposedBy, p.ProposedAt, p.UpdatedAt, p.Revision);

    internal static DeliverableView DeliverableOf(Deliverable d) => new(d.Id, d.Title, d.DueDate, d.Indicator, d.Status);
}

/// <summary>A partnership in the list: enough to pick one.</summary>
/// <param name="Id">The partnership's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Status">Its status.</param>
/// <param name="LeadMemberId">The lead member's id.</param>
/// <param name="StartDate">First day.</param>
/// <param name="EndDate">Last day.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record PartnershipSummary(Guid Id, string Title, PartnershipKind Kind, PartnershipStatus Status, Guid LeadMemberId, DateOnly StartDate, DateOnly EndDate, DateTimeOffset UpdatedAt);

/// <summary>The public page of an active partnership.</summary>
/// <param name="Id">The partnership's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Objective">What it will change.</param>
/// <param name="StartDate">First day.</param>
/// <param name="EndDate">Last day.</param>
/// <param name="Partners">The members taking part.</param>
/// <param name="Countries">ISO 3166-1 alpha-3 codes.</param>
/// <param name="Regions">UN M49 region codes.</param>
/// <param name="ValueChains">EU CEAP key value chains.</param>
/// <param name="SdgTargets">SDG targets.</param>
/// <param name="Deliverables">Deliverables and where they stand.</param>
/// <param name="Resources">Committed resources.</param>
/// <param name="ProgressReports">Annual progress reports, latest first.</param>
public sealed record PublicPartnershipView(
    Guid Id, string Title, PartnershipKind Kind, string Objective, DateOnly StartDate, DateOnly EndDate,
    IReadOnlyList<PartnerView> Partners, IReadOnlyList<string> Countries, IReadOnlyList<string> Regions, IReadOnlyList<ValueChain> ValueChains,
    IReadOnlyList<string> SdgTargets, IReadOnlyList<DeliverableView> Deliverables, IReadOnlyList<ResourceView> Resources,
    IReadOnlyList<ProgressReportView> ProgressReports)
{
    internal static PublicPartnershipView Of(Partnership p, IEnumerable<ProgressReport> reports)
    {
        var full = PartnershipView.Of(p);
        return new(full.Id, full.Title, full.Kind, full.Objective, full.StartDate, full.EndDate, full.Partners, full.Countries, full.Regions,
            full.ValueChains, full.SdgTargets, full.Deliverables, full.Resources, [.. reports.OrderByDescending(r => r.Year).Select(ProgressReportView.Of)]);
    }
}

/// <summary>One entry of the partnership's append-only trail.</summary>
/// <param name="Action">What happened, e.g. "proposed", "smart_judged", "activated".</param>
/// <param name="From">Status before; null for the proposal itself.</param>
/// <param name="To">Status after.</param>
/// <param name="Actor">Who (the token's subject).</param>
/// <param name="At">When.</param>
/// <param name="Note">Why, or what was decided.</param>
public sealed record TrailEntryView(TrailAction Action, PartnershipStatus? From, PartnershipStatus? To, string Actor, DateTimeOffset At, string? Note);

/// <summary>An annual progress report.</summary>
/// <param name="Id">The report's id.</param>
/// <param name="Year">The year reported on.</param>
/// <param name="Summary">What was achieved.</param>
/// <param name="SubmittedBy">Who submitted it.</param>
/// <param name="SubmittedAt">When.</param>
public sealed record ProgressReportView(Guid Id, int Year, string Summary, string SubmittedBy, DateTimeOffset SubmittedAt)
{
    internal static ProgressReportView Of(ProgressReport r) => new(r.Id, r.Year, r.Summary, r.SubmittedBy, r.SubmittedAt);
}

/// <summary>A deliverable of an active partnership that is past its due date and neither delivered nor cancelled.</summary>
/// <param name="PartnershipId">The partnership's id.</param>
/// <param name="PartnershipTitle">The partnership's title.</param>
/// <param name="LeadMemberId">Who leads it.</param>
/// <param name="DeliverableId">The deliverable's id.</param>
/// <param name="Title">What was due.</param>
/// <param name="DueDate">When it was due.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="DaysOverdue">Days since the due date.</param>
public sealed record OverdueDeliverableView(
    Guid PartnershipId, string PartnershipTitle, Guid LeadMemberId, Guid DeliverableId, string Title, DateOnly DueDate, DeliverableStatus Status, int DaysOverdue);
