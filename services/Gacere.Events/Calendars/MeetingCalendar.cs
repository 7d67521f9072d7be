using Gacere.Events.Domain;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Gacere.ServiceDefaults;

namespace Gacere.Events.Calendars;

/// <summary>
/// Public meetings as iCalendar (RFC 5545): times in the meeting's own zone with its VTIMEZONE, a UID that
/// never changes, and the meeting's sequence, so a subscribed client replaces its copy on every change and
/// shows a cancelled meeting as cancelled instead of dropping it.
/// </summary>
public static class MeetingCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";
    public const string ProductId = "-//GACERE//Events//EN";

    public static string UidOf(Guid meetingId) => $"{meetingId}@events.gacere";

    /// <param name="meetings">The meetings in the file.</param>
    /// <param name="name">The calendar's display name, for a feed.</param>
    /// <param name="delegates">For a member's feed: its delegates for each meeting, by meeting id.</param>
    public static string Serialize(IReadOnlyCollection<Meeting> meetings, string? name = null, IReadOnlyDictionary<Guid, DelegatesEntry>? delegates = null)
    {
        var calendar = new Calendar { ProductId = ProductId, Method = "PUBLISH" };
        if (name is not null)
        {
            calendar.AddProperty("X-WR-CALNAME", name);
        }
        foreach (var zone in meetings.Where(m => m.TimesKnown).GroupBy(m => m.TimeZone).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // The zone's rules from a year before its first meeting: enough for every occurrence in this file. Ical.Net
            // reads the zone from that instant up to the present, so it must not lie in the future (a zone whose only
            // meetings are more than a year ahead): then from the start of this year, which keeps the file stable all year.
            var earliest = zone.Min(m => m.StartsAt).UtcDateTime.AddYears(-1);
            var thisYear = new DateTime(DateTime.UtcNow.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            calendar.AddTimeZone(zone.Key, earliest < thisYear ? earliest : thisYear, includeHistoricalData: false);
        }
        foreach (var meeting in meetings.OrderBy(m => m.StartsAt).ThenBy(m => m.Id))
        {
            calendar.Events.Add(EventOf(meeting, delegates?.GetValueOrDefault(meeting.Id)));
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalendarEvent EventOf(Meeting meeting, DelegatesEntry? delegates)
    {
        var zone = MeetingTime.Zone(meeting.TimeZone);
        var starts = MeetingTime.InZone(meeting.StartsAt, zone);
        var ends = MeetingTime.InZone(meeting.EndsAt, zone);
        // A member's entry changes with the meeting and with its delegates' registrations: both counts only grow,
        // so their sum is a SEQUENCE that rises on every change either makes, under the same UID.
        var changedAt = delegates is not null && delegates.ChangedAt > meeting.UpdatedAt ? delegates.ChangedAt : meeting.UpdatedAt;
        var updated = new CalDateTime(changedAt.UtcDateTime, CalDateTime.UtcTzId);
        var item = new CalendarEvent
        {
            Uid = UidOf(meeting.Id),
            Sequence = meeting.Sequence + (delegates?.Changes ?? 0),
            Summary = meeting.Title,
            DtStamp = updated,
            LastModified = updated,
            Created = new CalDateTime(meeting.CreatedAt.UtcDateTime, CalDateTime.UtcTzId),
            DtStart = meeting.TimesKnown
                ? new CalDateTime(DateOnly.FromDateTime(starts.DateTime), TimeOnly.FromDateTime(starts.DateTime), meeting.TimeZone)
                : new CalDateTime(DateOnly.FromDateTime(starts.DateTime)),
            DtEnd = meeting.TimesKnown
                ? new CalDateTime(DateOnly.FromDateTime(ends.DateTime), TimeOnly.FromDateTime(ends.DateTime), meeting.TimeZone)
                : new CalDateTime(DateOnly.FromDateTime(ends.DateTime)),
            Location = meeting.Venue ?? "Online",
            Status = meeting.Status switch
            {
                MeetingStatus.Cancelled => EventStatus.Cancelled,
                _ when delegates is { NoneLeft: true } => EventStatus.Cancelled, // none of the member's delegates goes
                MeetingStatus.Postponed or MeetingStatus.Planned => EventStatus.Tentative,
                _ => EventStatus.Confirmed,
            },
            Description = delegates is null ? DescriptionOf(meeting) : $"{DescriptionOf(meeting)}\n{delegates.Note}",
        };
        if (meeting.OnlineLink is not null)
        {
            item.Url = new Uri(meeting.OnlineLink);
        }
        item.Categories.Add(Vocabulary.Code(meeting.Type));
        return item;
    }

    private static string DescriptionOf(Meeting meeting)
    {
        var lines = new List<string> { $"{Vocabulary.Code(meeting.Type).Replace('_', ' ')} ({Vocabulary.Code(meeting.Format).Replace('_', ' ')})" };
        if (meeting.AnchorEdition is not null)
        {
            lines.Add($"Beside {meeting.AnchorEdition}");
        }
        if (meeting.Status is MeetingStatus.Postponed or MeetingStatus.Cancelled)
        {
            lines.Add($"Status: {Vocabulary.Code(meeting.Status)}");
        }
        if (meeting.AgendaItems.Count > 0)
        {
            lines.Add("Agenda:");
            lines.AddRange(meeting.AgendaItems.Select(item => $"- {item}"));
        }
        if (meeting.OnlineLink is not null)
        {
            lines.Add($"Join online: {meeting.OnlineLink}");
        }
        return string.Join("\n", lines);
    }
}

/// <summary>What a member's feed shows of its delegates for one meeting, and how often that has changed.</summary>
/// <param name="Note">The delegates and their registration statuses, added to the meeting's description.</param>
/// <param name="Changes">How many moves the member's registrations for the meeting have made (their audit trail): it never decreases.</param>
/// <param name="ChangedAt">When the latest of those moves happened.</param>
/// <param name="NoneLeft">Every one of the member's registrations for the meeting is cancelled: the entry shows as cancelled.</param>
public sealed record DelegatesEntry(string Note, int Changes, DateTimeOffset ChangedAt, bool NoneLeft);
