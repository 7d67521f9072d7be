using System.ComponentModel.DataAnnotations;
using Gacere.Events.Domain;

namespace Gacere.Events.Apis;

/// <summary>A delegate a focal point registers for its own member.</summary>
public sealed class RegistrationRequest
{
    /// <summary>The delegate's full name.</summary>
    [Required, StringLength(200, MinimumLength = 2)]
    public string? Name { get; init; }

    /// <summary>The delegate's role in the delegation, e.g. "Head of delegation", "Adviser".</summary>
    [Required, StringLength(200, MinimumLength = 2)]
    public string? Role { get; init; }

    /// <summary>The delegate's e-mail address.</summary>
    [Required, StringLength(254), EmailAddress]
    public string? Email { get; init; }
}

/// <summary>Why a registration is cancelled.</summary>
public sealed class RegistrationCancellationRequest
{
    /// <summary>Why the delegate will not come.</summary>
    [StringLength(1000)]
    public string? Reason { get; init; }
}

/// <summary>Whether a confirmed delegate came to the held meeting.</summary>
public sealed class AttendanceRequest
{
    /// <summary>True: attended; false: no-show.</summary>
    [Required]
    public bool? Attended { get; init; }
}

/// <summary>A delegate's registration for a meeting.</summary>
/// <param name="Id">The registration's id.</param>
/// <param name="MeetingId">The meeting.</param>
/// <param name="MemberId">The member the delegate represents.</param>
/// <param name="Name">The delegate's name.</param>
/// <param name="Role">The delegate's role.</param>
/// <param name="Email">The delegate's e-mail address.</param>
/// <param name="Status">registered (waiting for a seat), confirmed, attended, no_show or cancelled.</param>
/// <param name="WaitlistPosition">For a registration waiting for a seat: 1 is served next; null otherwise.</param>
/// <param name="RegisteredAt">When the registration was taken.</param>
/// <param name="CancellationReason">Why it was cancelled.</param>
public sealed record RegistrationView(
    Guid Id, Guid MeetingId, Guid MemberId, string Name, string Role, string Email, RegistrationStatus Status,
    int? WaitlistPosition, DateTimeOffset RegisteredAt, string? CancellationReason)
{
    internal static RegistrationView Of(Registration r, int? waitlistPosition) => new(
        r.Id, r.MeetingId, r.MemberId, r.DelegateName, r.DelegateRole, r.DelegateEmail, r.Status, waitlistPosition, r.RegisteredAt, r.CancellationReason);
}

/// <summary>One move of a registration.</summary>
/// <param name="From">The state before; null when it was taken.</param>
/// <param name="To">The state after.</param>
/// <param name="Actor">Who: a token subject, system:waitlist or system:membership.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why.</param>
public sealed record RegistrationTransitionView(RegistrationStatus? From, RegistrationStatus To, string Actor, DateTimeOffset At, string? Reason);
