using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.Partnerships.Domain;

/// <summary>A member taking part in a partnership. The organisation name is the replica's at the time it joined.</summary>
public sealed class Partner
{
    public Guid MemberId { get; init; }
    public string OrganisationName { get; init; } = "";
    public PartnerRole Role { get; set; }
    /// <summary>When the member's part ended because it left the Alliance; null while it takes part.</summary>
    public DateTimeOffset? EndedAt { get; set; }
}

/// <summary>What a partnership promises to deliver, by when, and how anyone can tell it was delivered.</summary>
public sealed class Deliverable
{
    public Guid Id { get; init; }
    public string Title { get; init; } = "";
    public DateOnly DueDate { get; init; }
    /// <summary>How delivery is measured (e.g. "tonnes of textile waste collected per year"); null when the proposal gives none.</summary>
    public string? Indicator { get; init; }
    public DeliverableStatus Status { get; set; }
}

/// <summary>A resource committed to the partnership.</summary>
public sealed class Resource
{
    public Guid Id { get; init; }
    public ResourceType Type { get; init; }
    public string? Description { get; init; }
    public decimal? Amount { get; init; }
    /// <summary>ISO 4217 code of <see cref="Amount"/>.</summary>
    public string? Currency { get; init; }
}

/// <summary>One SMART criterion: the automatic pre-check's finding and the secretariat's own judgement beside it.</summary>
public sealed class SmartAssessment
{
    public SmartCriterion Criterion { get; init; }
    public bool AutomaticallyMet { get; set; }
    public string Finding { get; set; } = "";
    public SmartJudgement? Judgement { get; set; }
    public string? JudgementNote { get; set; }
    public string? JudgedBy { get; set; }
    public DateTimeOffset? JudgedAt { get; set; }
}

/// <summary>A likely duplicate the check listed, with why, and the secretariat's decision on it.</summary>
public sealed class DuplicateCandidate
{
    public Guid Id { get; init; }
    public CandidateSource Source { get; init; }
    /// <summary>The other partnership's id, or null for an external initiative.</summary>
    public Guid? OtherPartnershipId { get; init; }
    /// <summary>The external initiative's key, or null for a partnership.</summary>
    public string? ExternalInitiativeKey { get; init; }
    public string Title { get; set; } = "";
    public double Score { get; set; }
    public string[] Reasons { get; set; } = [];
    public DuplicateDecision? Decision { get; set; }
    public string? DecisionNote { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    public bool IsSame(DuplicateCandidate other) =>
        Source == other.Source && OtherPartnershipId == other.OtherPartnershipId && ExternalInitiativeKey == other.ExternalInitiativeKey;
}

/// <summary>
/// A sectoral, bilateral, regional or multilateral partnership of Alliance members (DOMAIN.md, "Partnerships").
/// Every change returns the trail entry that records it; the caller stores it with the change.
/// </summary>
public sealed class Partnership
{
    private Partnership() { }

    public Guid Id { get; private init; }
    public string Title { get; private set; } = "";
    public PartnershipKind Kind { get; private set; }
    public string Objective { get; private set; } = "";
    public DateOnly StartDate { get; private set; }
    public DateOnly EndDate { get; private set; }
    public List<Partner> Partners { get; private set; } = [];
    /// <summary>The lead's member id (also among <see cref="Partners"/>), kept as a column for the duplication check.</summary>
    public Guid LeadMemberId { get; private set; }
    /// <summary>Every partner's member id, kept as an array column for the duplication check.</summary>
    public Guid[] PartnerMemberIds { get; private set; } = [];
    /// <summary>ISO 3166-1 alpha-3 codes.</summary>
    public string[] Countries { get; private set; } = [];
    /// <summary>UN M49 region codes the proposal names.</summary>
    public string[] Regions { get; private set; } = [];
    /// <summary><see cref="Regions"/> and every M49 region of <see cref="Countries"/>: what the duplication check compares.</summary>
    public string[] CoveredRegions { get; private set; } = [];
    /// <summary>Value chain codes (DOMAIN.md's snake_case).</summary>
    public string[] ValueChains { get; private set; } = [];
    /// <summary>SDG targets, e.g. "12.5".</summary>
    public string[] SdgTargets { get; private set; } = [];
    public List<Deliverable> Deliverables { get; private set; } = [];
    public List<Resource> Resources { get; private set; } = [];
    public List<SmartAssessment> Smart { get; private set; } = [];
    public List<DuplicateCandidate> DuplicateCandidates { get; private set; } = [];
    public PartnershipStatus Status { get; private set; }
    /// <summary>The lead left the Alliance: the partnership needs a new lead (a change, or <see cref="NameNewLead"/>, clears it).</summary>
    public bool NeedsNewLead { get; private set; }
    public string ProposedBy { get; private init; } = "";
    public DateTimeOffset ProposedAt { get; private init; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>Grows with every change; a concurrent change of the same partnership fails instead of overwriting.</summary>
    public int Revision { get; private set; }

    public IEnumerable<ValueChain> ValueChainCodes => ValueChains.Select(Vocabulary.Parse<ValueChain>);

    public static (Partnership Partnership, TrailEntry Trail) Propose(PartnershipDraft draft, Actor actor)
    {
        var partnership = new Partnership
        {
            Id = Guid.CreateVersion7(actor.At),
            Status = PartnershipStatus.Proposed,
            ProposedBy = actor.Name,
            ProposedAt = actor.At,
        };
        partnership.Apply(draft, actor);
        return (partnership, TrailEntry.Record(partnership.Id, TrailAction.Proposed, null, PartnershipStatus.Proposed, actor, null));
    }

    /// <summary>Replaces the proposal's content. The pre-check runs again and earlier SMART judgements no longer hold.</summary>
    public TrailEntry Change(PartnershipDraft draft, Actor actor, string? note)
    {
        var status = Lifecycle.Next(Status, PartnershipAction.Change);
        Apply(draft, actor);
        Status = status;
        return TrailEntry.Record(Id, TrailAction.Changed, Status, Status, actor, note);
    }

    public TrailEntry StartReview(Actor actor, string? note) => Move(PartnershipAction.StartReview, TrailAction.ReviewStarted, actor, note);

    public TrailEntry Judge(SmartCriterion criterion, SmartJudgement judgement, string? note, Actor actor)
    {
        if (Status != PartnershipStatus.UnderReview)
        {
            throw new ChangeRefused("Not under review.",
                $"The partnership is '{Vocabulary.Code(Status)}'; SMART judgements are recorded while it is under review.");
        }
        var assessment = Smart.Single(s => s.Criterion == criterion);
        assessment.Judgement = judgement;
        assessment.JudgementNote = Trimmed(note);
        assessment.JudgedBy = actor.Name;
        assessment.JudgedAt = actor.At;
        Touch(actor);
        return TrailEntry.Record(Id, TrailAction.SmartJudged, Status, Status, actor,
            $"{Vocabulary.Code(criterion)}: {Vocabulary.Code(judgement)}{(assessment.JudgementNote is { } n ? $" ({n})" : "")}");
    }

    /// <summary>The check's new list; decisions already recorded on a candidate that is listed again are kept.</summary>
    public void ListDuplicateCandidates(IEnumerable<DuplicateCandidate> candidates)
    {
        var fresh = candidates.ToList();
        foreach (var candidate in fresh)
        {
            if (DuplicateCandidates.FirstOrDefault(c => c.IsSame(candidate)) is { Decision: not null } decided)
            {
                candidate.Decision = decided.Decision;
                candidate.DecisionNote = decided.DecisionNote;
                candidate.DecidedBy = decided.DecidedBy;
                candidate.DecidedAt = decided.DecidedAt;
            }
        }
        DuplicateCandidates = fresh;
    }

    public TrailEntry Decide(Guid candidateId, DuplicateDecision decision, string? note, Actor actor)
    {
        if (Status is not (PartnershipStatus.Proposed or PartnershipStatus.UnderReview))
        {
            throw new ChangeRefused("Review is over.",
                $"The partnership is '{Vocabulary.Code(Status)}'; duplicate decisions are recorded before activation.");
        }
        var candidate = DuplicateCandidates.FirstOrDefault(c => c.Id == candidateId)
            ?? throw new InvalidPartnershipInput("candidateId", "This partnership has no such duplicate candidate.");
        candidate.Decision = decision;
        candidate.DecisionNote = Trimmed(note);
        candidate.DecidedBy = actor.Name;
        candidate.DecidedAt = actor.At;
        Touch(actor);
        return TrailEntry.Record(Id, TrailAction.DuplicateDecided, Status, Status, actor,
            $"'{candidate.Title}': {Vocabulary.Code(decision)}{(candidate.DecisionNote is { } n ? $" ({n})" : "")}");
    }

    /// <summary>Why the partnership cannot be activated yet (SMART criteria not accepted, duplicates undecided); empty when it can.</summary>
    public IReadOnlyList<string> ActivationBlockers()
    {
        var blockers = Smart.Where(s => s.Judgement != SmartJudgement.Accepted)
            .Select(s => $"SMART criterion '{Vocabulary.Code(s.Criterion)}' is {(s.Judgement is null ? "not judged" : "not accepted")}.")
            .ToList();
        blockers.AddRange(DuplicateCandidates.Where(c => c.Decision is null).Select(c => $"No decision on likely duplicate '{c.Title}'."));
        if (NeedsNewLead)
        {
            blockers.Add("The lead left the Alliance; a change must name a new lead, or the secretariat names one.");
        }
        return blockers;
    }

    public TrailEntry Activate(Actor actor, string? note)
    {
        Lifecycle.Next(Status, PartnershipAction.Activate);
        if (ActivationBlockers() is { Count: > 0 } blockers)
        {
            throw new ChangeRefused("Not ready to activate.", string.Join(" ", blockers));
        }
        return Move(PartnershipAction.Activate, TrailAction.Activated, actor, note);
    }

    public TrailEntry Complete(Actor actor, string? note) => Move(PartnershipAction.Complete, TrailAction.Completed, actor, note);

    public TrailEntry Discontinue(Actor actor, string reason) => Move(PartnershipAction.Discontinue, TrailAction.Discontinued, actor, reason);

    public TrailEntry UpdateDeliverable(Guid deliverableId, DeliverableStatus status, string? note, Actor actor)
    {
        if (Status != PartnershipStatus.Active)
        {
            throw new ChangeRefused("Not active.", $"The partnership is '{Vocabulary.Code(Status)}'; deliverables are updated while it is active.");
        }
        var deliverable = Deliverables.FirstOrDefault(d => d.Id == deliverableId)
            ?? throw new InvalidPartnershipInput("deliverableId", "This partnership has no such deliverable.");
        var from = deliverable.Status;
        deliverable.Status = status;
        Touch(actor);
        return TrailEntry.Record(Id, TrailAction.DeliverableUpdated, Status, Status, actor,
            $"'{deliverable.Title}': {Vocabulary.Code(from)} → {Vocabulary.Code(status)}{(Trimmed(note) is { } n ? $" ({n})" : "")}");
    }

    /// <summary>
    /// The member left the Alliance: its part ends, and a partnership it led is flagged for a new lead. Null when there
    /// is nothing to do (not a partner, already ended, or the partnership is over), so a replay changes nothing.
    /// </summary>
    public TrailEntry? PartnerWithdrawn(Guid memberId, Actor actor)
    {
        if (Status is PartnershipStatus.Completed or PartnershipStatus.Discontinued ||
            Partners.FirstOrDefault(p => p.MemberId == memberId && p.EndedAt is null) is not { } partner)
        {
            return null;
        }
        partner.EndedAt = actor.At;
        var wasLead = partner.Role == PartnerRole.Lead;
        NeedsNewLead |= wasLead;
        Touch(actor);
        return TrailEntry.Record(Id, TrailAction.PartnerWithdrawn, Status, Status, actor,
            $"'{partner.OrganisationName}' withdrew from the Alliance; its role '{Vocabulary.Code(partner.Role)}' ended{(wasLead ? "; a new lead is needed" : "")}.");
    }

    /// <summary>
    /// The secretariat names a new lead for a partnership whose lead left the Alliance (flagged by
    /// <see cref="PartnerWithdrawn"/>), also once it is active, where a change of the proposal is no longer possible.
    /// A partner still taking part moves to the lead role; any other active member joins as lead. The departed lead's
    /// ended part stays on record.
    /// </summary>
    public TrailEntry NameNewLead(PartnerDraft lead, Actor actor, string? note)
    {
        if (Status is PartnershipStatus.Completed or PartnershipStatus.Discontinued)
        {
            throw new ChangeRefused("The partnership is over.", $"The partnership is '{Vocabulary.Code(Status)}'; it needs no lead any more.");
        }
        if (!NeedsNewLead)
        {
            throw new ChangeRefused("The lead has not left.",
                "A new lead is named here only when the lead left the Alliance; otherwise change the proposal (before activation).");
        }
        string previously;
        if (Partners.FirstOrDefault(p => p.MemberId == lead.MemberId && p.EndedAt is null) is { } partner)
        {
            previously = $" (was '{Vocabulary.Code(partner.Role)}')";
            partner.Role = PartnerRole.Lead;
        }
        else
        {
            previously = "";
            Partners.Add(new Partner { MemberId = lead.MemberId, OrganisationName = lead.OrganisationName, Role = PartnerRole.Lead });
            PartnerMemberIds = [.. PartnerMemberIds.Append(lead.MemberId).Distinct()];
        }
        LeadMemberId = lead.MemberId;
        NeedsNewLead = false;
        Touch(actor);
        return TrailEntry.Record(Id, TrailAction.LeadNamed, Status, Status, actor,
            $"'{lead.OrganisationName}' named the new lead{previously}{(Trimmed(note) is { } n ? $": {n}" : ".")}");
    }

    public bool HasPartner(Guid memberId) => PartnerMemberIds.Contains(memberId);

    private TrailEntry Move(PartnershipAction action, TrailAction recorded, Actor actor, string? note)
    {
        var from = Status;
        Status = Lifecycle.Next(Status, action);
        Touch(actor);
        return TrailEntry.Record(Id, recorded, from, Status, actor, note);
    }

    private void Apply(PartnershipDraft draft, Actor actor)
    {
        Title = draft.Title;
        Kind = draft.Kind;
        Objective = draft.Objective;
        StartDate = draft.StartDate;
        EndDate = draft.EndDate;
        Partners = [.. draft.Partners.Select(p => new Partner { MemberId = p.MemberId, OrganisationName = p.OrganisationName, Role = p.Role })];
        LeadMemberId = draft.LeadMemberId;
        NeedsNewLead = false;
        PartnerMemberIds = [.. draft.Partners.Select(p => p.MemberId)];
        Countries = [.. draft.Countries];
        Regions = [.. draft.Regions];
        CoveredRegions = [.. draft.CoveredRegions];
        ValueChains = [.. draft.ValueChains.Select(Vocabulary.Code)];
        SdgTargets = [.. draft.SdgTargets];
        Deliverables = [.. draft.Deliverables.Select(d => new Deliverable
        {
            Id = Guid.CreateVersion7(actor.At), Title = d.Title, DueDate = d.DueDate, Indicator = d.Indicator, Status = DeliverableStatus.Planned,
        })];
        Resources = [.. draft.Resources.Select(r => new Resource
        {
            Id = Guid.CreateVersion7(actor.At), Type = r.Type, Description = r.Description, Amount = r.Amount, Currency = r.Currency,
        })];
        // A changed proposal is a new proposal to judge: the earlier judgements were of something else.
        Smart = [.. SmartPreCheck.Run(draft).Select(f => new SmartAssessment { Criterion = f.Criterion, AutomaticallyMet = f.Met, Finding = f.Finding })];
        Touch(actor);
    }

    private void Touch(Actor actor)
    {
        UpdatedAt = actor.At;
        Revision++;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
