namespace Gacere.PolicyMapping.Domain;

/// <summary>Where a barrier, gap or research need is in the secretariat's curation; only <see cref="Published"/> is public.</summary>
public enum ProposalStatus
{
    Proposed,
    Published,
    Rejected,
    Archived,
}

/// <summary>What happens to a proposal; each is one row of its trail.</summary>
public enum ProposalAction
{
    Propose,
    Publish,
    Reject,
    Archive,
    /// <summary>A published research need's progress changes (open, in progress, addressed, closed).</summary>
    Progress,
}

/// <summary>What a proposal trail row is about.</summary>
public enum ProposalKind
{
    Barrier,
    ResearchNeed,
}

/// <summary>
/// The curation of what focal points propose beside instruments (barriers and gaps, research needs), as data:
/// <c>proposed → published → archived</c> and <c>proposed → rejected</c>. Every step is the secretariat's.
/// One table of (status, action) → status, walked cell by cell by a unit test.
/// </summary>
public static class ProposalCuration
{
    public static readonly IReadOnlyDictionary<(ProposalStatus From, ProposalAction Action), ProposalStatus> Moves =
        new Dictionary<(ProposalStatus, ProposalAction), ProposalStatus>
        {
            [(ProposalStatus.Proposed, ProposalAction.Publish)] = ProposalStatus.Published,
            [(ProposalStatus.Proposed, ProposalAction.Reject)] = ProposalStatus.Rejected,
            [(ProposalStatus.Published, ProposalAction.Archive)] = ProposalStatus.Archived,
        };

    /// <summary>The steps the curation endpoints take (proposing and progress have their own rules).</summary>
    public static readonly ProposalAction[] CurationSteps = [ProposalAction.Publish, ProposalAction.Reject, ProposalAction.Archive];

    /// <summary>Steps that must say why (the trail keeps it, and the proposer reads it).</summary>
    public static bool NeedsReason(ProposalAction action) => action is ProposalAction.Reject or ProposalAction.Archive;

    public static ProposalStatus? Target(ProposalStatus from, ProposalAction action) =>
        Moves.TryGetValue((from, action), out var to) ? to : null;
}
