namespace Gacere.Partnerships.Domain;

/// <summary>Who makes a change and when: every trail entry carries one, so the trail is never guessed.</summary>
public sealed record Actor(string Name, DateTimeOffset At)
{
    /// <summary>Today in UTC, the day deliverables are judged overdue against.</summary>
    public DateOnly Today => DateOnly.FromDateTime(At.UtcDateTime);
}
