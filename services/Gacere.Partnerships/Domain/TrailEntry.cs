namespace Gacere.Partnerships.Domain;

/// <summary>What a trail entry records.</summary>
public enum TrailAction
{
    Proposed,
    Changed,
    ReviewStarted,
    SmartJudged,
    DuplicateDecided,
    Activated,
    Completed,
    Discontinued,
    DeliverableUpdated,
    ProgressReported,
    PartnerWithdrawn,
    LeadNamed,
}

/// <summary>
/// One step in a partnership's life: who, when, what, from which status to which, and why. Written once and never
/// changed (the table refuses UPDATE, DELETE and TRUNCATE).
/// </summary>
public sealed class TrailEntry
{
    private TrailEntry() { }

    public Guid Id { get; private init; }
    public Guid PartnershipId { get; private init; }
    public TrailAction Action { get; private init; }
    public PartnershipStatus? From { get; private init; }
    public PartnershipStatus? To { get; private init; }
    /// <summary>Subject of the token that made the change.</summary>
    public string Actor { get; private init; } = "";
    public DateTimeOffset At { get; private init; }
    public string? Note { get; private init; }

    internal static TrailEntry Record(Guid partnershipId, TrailAction action, PartnershipStatus? from, PartnershipStatus? to, Actor actor, string? note) => new()
    {
        Id = Guid.CreateVersion7(actor.At),
        PartnershipId = partnershipId,
        Action = action,
        From = from,
        To = to,
        Actor = actor.Name,
        At = actor.At,
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
    };
}
