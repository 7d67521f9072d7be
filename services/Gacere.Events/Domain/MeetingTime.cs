namespace Gacere.Events.Domain;

/// <summary>
/// A meeting's times: given as wall-clock times in an IANA time zone, stored as instants (UTC), and shown
/// again in that zone. Daylight-saving changes are the zone's business: 11:00 in Brussels is 09:00 UTC in
/// summer and 10:00 UTC in winter.
/// </summary>
public static class MeetingTime
{
    public static TimeZoneInfo Zone(string? timeZone, string field = "timeZone")
    {
        if (string.IsNullOrWhiteSpace(timeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) || !zone.HasIanaId)
        {
            throw EventsRefusal.Invalid(field, $"'{timeZone}' is not an IANA time zone (e.g. \"Europe/Brussels\", \"Africa/Nairobi\").");
        }
        return zone;
    }

    /// <summary>
    /// The instant a wall-clock time in <paramref name="zone"/> names. A time that falls in a daylight-saving gap
    /// does not exist there and is refused; one that occurs twice (the hour repeated in autumn) is its first
    /// occurrence, as RFC 5545 (3.3.5) reads it.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone, string field)
    {
        if (local.Kind != DateTimeKind.Unspecified)
        {
            throw EventsRefusal.Invalid(field, "Give the local time without an offset or 'Z' (e.g. \"2026-09-14T11:00:00\"); the zone is timeZone.");
        }
        if (zone.IsInvalidTime(local))
        {
            throw EventsRefusal.Invalid(field, $"{local:yyyy-MM-ddTHH:mm} does not exist in {zone.Id}: the clocks skip it for daylight saving.");
        }
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The instant as the clock in <paramref name="zone"/> shows it (with that moment's offset).</summary>
    public static DateTimeOffset InZone(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(InZone(instant, zone).DateTime);
}
