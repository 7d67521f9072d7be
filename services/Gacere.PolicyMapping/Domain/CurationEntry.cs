namespace Gacere.PolicyMapping.Domain;

/// <summary>What a trail row records: the creation, a revision of a draft, or a curation step.</summary>
public enum TrailAction
{
    Create,
    Revise,
    Submit,
    Validate,
    Publish,
    Reject,
    Archive,
    Redraft,
}

/// <summary>
/// One step in an instrument's curation: who, in which role, when, from, to, why. Written once and never
/// changed (the table refuses UPDATE, DELETE and TRUNCATE).
/// </summary>
public sealed class CurationEntry
{
    private CurationEntry() { }

    public Guid Id { get; private init; }
    public Guid InstrumentId { get; private init; }
    public TrailAction Action { get; private init; }
    /// <summary>Null for the creation.</summary>
    public CurationStatus? From { get; private init; }
    public CurationStatus To { get; private init; }
    /// <summary>The subject of the token that acted.</summary>
    public string Actor { get; private init; } = "";
    public CuratorRole Role { get; private init; }
    public DateTimeOffset At { get; private init; }
    public string? Reason { get; private init; }

    internal static CurationEntry Record(Guid instrumentId, TrailAction action, CurationStatus? from, CurationStatus to, Actor actor, string? reason) => new()
    {
        Id = Guid.CreateVersion7(actor.At),
        InstrumentId = instrumentId,
        Action = action,
        From = from,
        To = to,
        Actor = actor.Name,
        Role = actor.Role,
        At = actor.At,
        Reason = reason,
    };
}
