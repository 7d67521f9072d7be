namespace Gacere.PolicyMapping.Domain;

/// <summary>
/// One step in the curation of a barrier, gap or research need: who, in which role, when, from, to, why.
/// Written once and never changed (the table refuses UPDATE, DELETE and TRUNCATE), like the instruments' trail.
/// </summary>
public sealed class ProposalEntry
{
    private ProposalEntry() { }

    public Guid Id { get; private init; }
    public ProposalKind Kind { get; private init; }
    /// <summary>The barrier's or research need's id.</summary>
    public Guid SubjectId { get; private init; }
    public ProposalAction Action { get; private init; }
    /// <summary>Null for the proposal itself.</summary>
    public ProposalStatus? From { get; private init; }
    public ProposalStatus To { get; private init; }
    /// <summary>A research need's progress after the step; null for a barrier.</summary>
    public ResearchStatus? Progress { get; private init; }
    /// <summary>The subject of the token that acted.</summary>
    public string Actor { get; private init; } = "";
    public CuratorRole Role { get; private init; }
    /// <summary>For a focal point, the member it acted for.</summary>
    public Guid? MemberId { get; private init; }
    public DateTimeOffset At { get; private init; }
    public string? Reason { get; private init; }

    internal static ProposalEntry Record(
        ProposalKind kind, Guid subjectId, ProposalAction action, ProposalStatus? from, ProposalStatus to, ResearchStatus? progress, Actor actor, string? reason) => new()
    {
        Id = Guid.CreateVersion7(actor.At),
        Kind = kind,
        SubjectId = subjectId,
        Action = action,
        From = from,
        To = to,
        Progress = progress,
        Actor = actor.Name,
        Role = actor.Role,
        MemberId = actor.MemberId,
        At = actor.At,
        Reason = reason,
    };
}
