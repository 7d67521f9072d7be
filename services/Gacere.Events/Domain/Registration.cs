using Gacere.ServiceDefaults;

namespace Gacere.Events.Domain;

/// <summary>
/// A member's delegate registered for a meeting. <see cref="Number"/> is its place in the meeting's queue:
/// while <c>registered</c> (no seat yet) the waitlist is served in that order.
/// </summary>
public sealed class Registration
{
    private Registration() { }

    public Guid Id { get; private init; }
    public Guid MeetingId { get; private init; }
    public Guid MemberId { get; private init; }
    public string DelegateName { get; private set; } = "";
    public string DelegateRole { get; private set; } = "";
    public string DelegateEmail { get; private set; } = "";
    public RegistrationStatus Status { get; private set; }
    public long Number { get; private init; }
    public DateTimeOffset RegisteredAt { get; private init; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? CancellationReason { get; private set; }

    /// <summary>A new registration: confirmed at once while seats are free, otherwise waiting (registered).</summary>
    public static (Registration Registration, IReadOnlyList<RegistrationTransition> Trail) Take(
        Meeting meeting, Guid memberId, string name, string role, string email, bool seatFree, Actor actor)
    {
        var registration = new Registration
        {
            Id = Guid.CreateVersion7(actor.At),
            MeetingId = meeting.Id,
            MemberId = memberId,
            DelegateName = name,
            DelegateRole = role,
            DelegateEmail = email,
            Status = RegistrationStatus.Registered,
            Number = meeting.TakeRegistrationNumber(),
            RegisteredAt = actor.At,
            UpdatedAt = actor.At,
        };
        List<RegistrationTransition> trail = [RegistrationTransition.Record(registration.Id, null, RegistrationStatus.Registered, actor, null)];
        if (seatFree)
        {
            trail.Add(registration.Move(RegistrationStatus.Confirmed, actor, "a seat was free"));
        }
        return (registration, trail);
    }

    public RegistrationTransition Move(RegistrationStatus to, Actor actor, string? reason)
    {
        if (!Lifecycles.CanMove(Status, to))
        {
            throw EventsRefusal.Conflict("The registration cannot make that move.",
                $"A registration that is {Vocabulary.Code(Status)} cannot become {Vocabulary.Code(to)}.");
        }
        var trail = RegistrationTransition.Record(Id, Status, to, actor, reason);
        Status = to;
        UpdatedAt = actor.At;
        if (to == RegistrationStatus.Cancelled)
        {
            CancellationReason = trail.Reason;
        }
        return trail;
    }

}

/// <summary>One move of a registration: who, when, from, to, why. Written once, never changed.</summary>
public sealed class RegistrationTransition
{
    private RegistrationTransition() { }

    public Guid Id { get; private init; }
    public Guid RegistrationId { get; private init; }
    public RegistrationStatus? From { get; private init; }
    public RegistrationStatus To { get; private init; }
    public string Actor { get; private init; } = "";
    public DateTimeOffset At { get; private init; }
    public string? Reason { get; private init; }

    internal static RegistrationTransition Record(Guid registrationId, RegistrationStatus? from, RegistrationStatus to, Actor actor, string? reason) => new()
    {
        Id = Guid.CreateVersion7(actor.At),
        RegistrationId = registrationId,
        From = from,
        To = to,
        Actor = actor.Name,
        At = actor.At,
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
    };
}
