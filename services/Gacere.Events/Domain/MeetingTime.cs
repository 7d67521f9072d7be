namespace Gacere.Events.Domain;

/// <summary>
/// A meeting's times: given as wall-clock times in an IANA time zone, stored as instants (UTC), and shown
/// again in that zone. Daylight-saving changes are the zone's business: 11:00 in Brussels is 09:00 UTC in
/// summer and 10:00 UTC in winter.
/// </summary>
public static partial class MeetingTime
{
    /// <summary>The years a meeting may fall in: the Alliance's record starts in 2021; the bounds keep every offset arithmetic in range.</summary>
    public const int EarliestYear = 2000;
    public const int LatestYear = 2100;

    public static TimeZoneInfo Zone(string? timeZone, string field = "timeZone")
    {
        // Names only, as the tz database spells them: no path tricks reach the zone files.
        if (string.IsNullOrWhiteSpace(timeZone) || !ZoneName().IsMatch(timeZone)
            || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) || !zone.HasIanaId)
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
        if (local.Year is < EarliestYear or > LatestYear)
        {
            throw EventsRefusal.Invalid(field, $"Give a time between {EarliestYear} and {LatestYear}.");
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

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9][A-Za-z0-9_+\-]*){0,2}$")]
    private static partial System.Text.RegularExpressions.Regex ZoneName();
}
