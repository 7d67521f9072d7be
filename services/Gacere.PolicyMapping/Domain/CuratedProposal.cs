namespace Gacere.PolicyMapping.Domain;

/// <summary>
/// What barriers and gaps and research needs share: a focal point proposes for its own member (or the secretariat
/// records one), the secretariat publishes, rejects or archives it (<see cref="ProposalCuration"/>), and every step
/// lands in the append-only trail of <see cref="ProposalEntry"/> rows.
/// </summary>
public abstract class CuratedProposal
{
    public const string Secretariat = "GACERE secretariat";

    public Guid Id { get; protected init; }
    public string Title { get; protected set; } = "";
    public string Description { get; protected set; } = "";
    /// <summary>ISO 3166-1 alpha-3 codes of the countries concerned.</summary>
    public string[] Countries { get; protected set; } = [];
    /// <summary>EU CEAP key value chain codes.</summary>
    public string[] ValueChains { get; protected set; } = [];
    /// <summary>The proposing member; null when the secretariat recorded it.</summary>
    public Guid? ProposerMemberId { get; protected init; }
    /// <summary>The proposing member's name, or the secretariat.</summary>
    public string ProposerName { get; protected init; } = "";
    public ProposalStatus Status { get; protected set; }
    public DateTimeOffset CreatedAt { get; protected init; }
    public DateTimeOffset UpdatedAt { get; protected set; }
    public DateTimeOffset? PublishedAt { get; protected set; }

    protected abstract ProposalKind Kind { get; }

    /// <summary>A research need's progress, kept in each trail row; null for a barrier.</summary>
    protected virtual ResearchStatus? ProgressNow => null;

    /// <summary>The secretariat, or the focal point of the proposing member, may read it in any status.</summary>
    public bool MayBeSeenBy(bool isSecretariat, Guid? focalPointMemberId) =>
        Status == ProposalStatus.Published || isSecretariat || (focalPointMemberId is { } member && member == ProposerMemberId);

    /// <summary>
    /// Who proposes: a focal point for its own, active member (403 for another member, 409 with the member's status
    /// when it is suspended or withdrawn); the secretariat for itself.
    /// </summary>
    protected ProposalEntry Open(ProposingMember? member, Actor actor)
    {
        if (actor.Role == CuratorRole.FocalPoint)
        {
            if (member is null)
            {
                throw new NotYourMember();
            }
            member.EnsureMayPropose(actor);
        }
        Status = ProposalStatus.Proposed;
        UpdatedAt = actor.At;
        return ProposalEntry.Record(Kind, Id, ProposalAction.Propose, null, ProposalStatus.Proposed, ProgressNow, actor, null);
    }

    /// <summary>One curation step. Order of refusals: the role (403), the lifecycle (409), the reason (400).</summary>
    public ProposalEntry Move(ProposalAction action, Actor actor, string? reason)
    {
        if (actor.Role != CuratorRole.Secretariat)
        {
            throw new ProposalStepForbidden(action);
        }
        if (ProposalCuration.Target(Status, action) is not { } to)
        {
            throw new IllegalProposalMove(Status, action);
        }
        reason = Tidy(reason);
        if (ProposalCuration.NeedsReason(action) && reason is null)
        {
            throw new ProposalReasonRequired(action);
        }
        var from = Status;
        Status = to;
        UpdatedAt = actor.At;
        if (to == ProposalStatus.Published)
        {
            PublishedAt = actor.At;
        }
        return ProposalEntry.Record(Kind, Id, action, from, to, ProgressNow, actor, reason);
    }

    protected static string? Tidy(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
