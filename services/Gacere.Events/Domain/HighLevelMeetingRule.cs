namespace Gacere.Events.Domain;

/// <summary>DOMAIN.md: at most one high-level meeting per calendar year (cancelled ones do not count).</summary>
public static class HighLevelMeetingRule
{
    /// <summary>Refuses <paramref name="candidate"/> when another meeting already holds its year.</summary>
    /// <param name="candidate">The meeting being planned or rescheduled.</param>
    /// <param name="holders">The meetings that hold a high-level year, or at least those of the candidate's year.</param>
    public static void Ensure(Meeting candidate, IEnumerable<Meeting> holders)
    {
        if (candidate.HighLevelYear is not { } year)
        {
            return;
        }
        var existing = holders.FirstOrDefault(m => m.Id != candidate.Id && m.HighLevelYear == year);
        if (existing is not null)
        {
            throw YearTaken(year, existing.Id, existing.Title);
        }
    }

    public static EventsRefusal YearTaken(int year, Guid existingId, string existingTitle) => EventsRefusal.Conflict(
        "One high-level meeting per year.",
        $"{year} already has its high-level meeting: \"{existingTitle}\" ({existingId}). Reschedule or cancel that one first.");
}
