namespace Gacere.Events.Domain;

/// <summary>
/// DOMAIN.md: at most one high-level meeting per calendar year (cancelled ones do not count). A high-level meeting
/// claims its year (<see cref="Meeting.HighLevelYear"/>, in the meeting's own zone; a cancellation frees it); the
/// database's unique index on that claim is the one check, so two requests that race for a year cannot both win.
/// </summary>
public static class HighLevelMeetingRule
{
    /// <summary>The 409 for a year already claimed, naming the meeting that holds it.</summary>
    public static EventsRefusal YearTaken(int year, Guid existingId, string existingTitle) => EventsRefusal.Conflict(
        "One high-level meeting per year.",
        $"{year} already has its high-level meeting: \"{existingTitle}\" ({existingId}). Reschedule or cancel that one first.");
}
