namespace Gacere.Membership.Domain;

public enum AuditSubject
{
    Application,
    Member,
}

/// <summary>What moved: the lifecycle status, the membership category, or the contact details.</summary>
public enum AuditedChange
{
    Status,
    Category,
    Contacts,
}

/// <summary>
/// One transition of an application or a member: who, when, from, to, why. Written once and never
/// changed (the table refuses UPDATE and DELETE). It holds no personal data, so it never has to be erased.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    public Guid Id { get; private init; }
    public AuditSubject Subject { get; private init; }
    public Guid SubjectId { get; private init; }
    public AuditedChange Change { get; private init; }
    /// <summary>Vocabulary code before the change; null for a creation and for contact changes.</summary>
    public string? From { get; private init; }
    /// <summary>Vocabulary code after the change; null for contact changes.</summary>
    public string? To { get; private init; }
    /// <summary>Subject of the token that made the change, "applicant", or "system:seed".</summary>
    public string Actor { get; private init; } = "";
    public DateTimeOffset At { get; private init; }
    public string? Reason { get; private init; }

    internal static AuditEntry Record(
        AuditSubject subject, Guid subjectId, AuditedChange change, string? from, string? to, Actor actor, string? reason) => new()
        {
            Id = Guid.CreateVersion7(actor.At),
            Subject = subject,
            SubjectId = subjectId,
            Change = change,
            From = from,
            To = to,
            Actor = actor.Name,
            At = actor.At,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
        };
}
