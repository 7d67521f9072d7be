using Gacere.ReferenceData;
using Gacere.ServiceDefaults;

namespace Gacere.PolicyMapping.Domain;

/// <summary>DOMAIN.md, research needs: how far the need has been met.</summary>
public enum ResearchStatus
{
    Open,
    InProgress,
    Addressed,
    Closed,
}

/// <summary>
/// A research need (the concept note's area d: circularity metrics and indicators, governance improvements), linked
/// to the indicators it concerns, with its proposer and its progress.
/// </summary>
public sealed class ResearchNeed : CuratedProposal
{
    private ResearchNeed() { }

    /// <summary>Codes of the indicators the need concerns.</summary>
    public string[] IndicatorCodes { get; private set; } = [];
    public ResearchStatus Progress { get; private set; }

    protected override ProposalKind Kind => ProposalKind.ResearchNeed;
    protected override ResearchStatus? ProgressNow => Progress;

    /// <summary>A new proposal, open; a focal point proposes for its own active member only.</summary>
    public static (ResearchNeed Need, ProposalEntry Entry) Propose(ResearchNeedContent content, ProposingMember? member, Actor actor)
    {
        var need = new ResearchNeed
        {
            Id = Guid.CreateVersion7(actor.At),
            Title = content.Title,
            Description = content.Description,
            IndicatorCodes = [.. content.IndicatorCodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Countries = [.. content.Countries.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            ValueChains = [.. content.ValueChains.Distinct().Order().Select(Vocabulary.Code)],
            Progress = ResearchStatus.Open,
            ProposerMemberId = member?.MemberId,
            ProposerName = member?.OrganisationName ?? Secretariat,
            CreatedAt = actor.At,
        };
        return (need, need.Open(member, actor));
    }

    /// <summary>
    /// The secretariat records progress on a published need (<see cref="ResearchProgress"/>): 403 for anyone else,
    /// 409 for an unpublished need or a step the table does not have.
    /// </summary>
    public ProposalEntry Advance(ResearchStatus to, Actor actor, string? reason)
    {
        if (actor.Role != CuratorRole.Secretariat)
        {
            throw new ProposalStepForbidden(ProposalAction.Progress);
        }
        if (Status != ProposalStatus.Published)
        {
            throw new ResearchNeedNotPublished(Status);
        }
        if (!ResearchProgress.Allows(Progress, to))
        {
            throw new IllegalProgress(Progress, to);
        }
        Progress = to;
        UpdatedAt = actor.At;
        return ProposalEntry.Record(Kind, Id, ProposalAction.Progress, Status, Status, Progress, actor, Tidy(reason));
    }
}

/// <summary>A research need's content, already checked.</summary>
public sealed record ResearchNeedContent(
    string Title, string Description, IReadOnlyList<string> IndicatorCodes, IReadOnlyList<string> Countries, IReadOnlyList<ValueChain> ValueChains);

/// <summary>
/// A research need's progress as data: <c>open → in_progress → addressed → closed</c>; a need may also be closed
/// unmet from open or in progress, and work may resume on an addressed one.
/// </summary>
public static class ResearchProgress
{
    public static readonly IReadOnlySet<(ResearchStatus From, ResearchStatus To)> Steps = new HashSet<(ResearchStatus, ResearchStatus)>
    {
        (ResearchStatus.Open, ResearchStatus.InProgress),
        (ResearchStatus.Open, ResearchStatus.Closed),
        (ResearchStatus.InProgress, ResearchStatus.Addressed),
        (ResearchStatus.InProgress, ResearchStatus.Closed),
        (ResearchStatus.Addressed, ResearchStatus.InProgress),
        (ResearchStatus.Addressed, ResearchStatus.Closed),
    };

    public static bool Allows(ResearchStatus from, ResearchStatus to) => Steps.Contains((from, to));
}
