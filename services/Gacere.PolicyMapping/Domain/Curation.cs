namespace Gacere.PolicyMapping.Domain;

/// <summary>What a curator does to an instrument; each is one endpoint and one row of the trail.</summary>
public enum CurationAction
{
    Submit,
    Validate,
    Publish,
    Reject,
    Archive,
    Redraft,
}

/// <summary>Who acts: the jurisdiction's own focal point or the secretariat.</summary>
public enum CuratorRole
{
    FocalPoint,
    Secretariat,
}

/// <summary>
/// DOMAIN.md's curation as data: <c>draft → submitted → validated → published → archived</c>, and
/// <c>rejected → draft</c>. The secretariat may reject what awaits its decision (submitted or validated).
/// One table of (status, action) → status, and one of who may take each action, so the rules are read
/// in one place and a test walks every cell.
/// </summary>
public static class Curation
{
    public static readonly IReadOnlyDictionary<(CurationStatus From, CurationAction Action), CurationStatus> Moves =
        new Dictionary<(CurationStatus, CurationAction), CurationStatus>
        {
            [(CurationStatus.Draft, CurationAction.Submit)] = CurationStatus.Submitted,
            [(CurationStatus.Submitted, CurationAction.Validate)] = CurationStatus.Validated,
            [(CurationStatus.Submitted, CurationAction.Reject)] = CurationStatus.Rejected,
            [(CurationStatus.Validated, CurationAction.Publish)] = CurationStatus.Published,
            [(CurationStatus.Validated, CurationAction.Reject)] = CurationStatus.Rejected,
            [(CurationStatus.Published, CurationAction.Archive)] = CurationStatus.Archived,
            [(CurationStatus.Rejected, CurationAction.Redraft)] = CurationStatus.Draft,
        };

    /// <summary>A focal point drafts, submits and redrafts its own jurisdiction's instruments; the secretariat does everything.</summary>
    public static readonly IReadOnlyDictionary<CurationAction, CuratorRole[]> Actors =
        new Dictionary<CurationAction, CuratorRole[]>
        {
            [CurationAction.Submit] = [CuratorRole.FocalPoint, CuratorRole.Secretariat],
            [CurationAction.Validate] = [CuratorRole.Secretariat],
            [CurationAction.Publish] = [CuratorRole.Secretariat],
            [CurationAction.Reject] = [CuratorRole.Secretariat],
            [CurationAction.Archive] = [CuratorRole.Secretariat],
            [CurationAction.Redraft] = [CuratorRole.FocalPoint, CuratorRole.Secretariat],
        };

    /// <summary>Actions that must say why (the trail keeps it).</summary>
    public static bool NeedsReason(CurationAction action) => action is CurationAction.Reject or CurationAction.Archive;

    public static CurationStatus? Target(CurationStatus from, CurationAction action) =>
        Moves.TryGetValue((from, action), out var to) ? to : null;

    public static bool MayTake(CuratorRole role, CurationAction action) => Actors[action].Contains(role);

    /// <summary>Content can change only before submission: what the secretariat validated is what it publishes.</summary>
    public static bool IsEditable(CurationStatus status) => status == CurationStatus.Draft;
}
