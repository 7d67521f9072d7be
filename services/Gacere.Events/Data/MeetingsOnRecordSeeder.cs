using Gacere.Events.Domain;
using Gacere.DomainService;

namespace Gacere.Events.Data;

/// <summary>
/// The GACERE meetings on record in DOMAIN.md ("Events"), each with its source; runs after the anchor events
/// (it is registered after them). Ids are fixed: they are the calendar UIDs.
/// Where a record gives the day but not the hours, the meeting is an all-day entry in the host city's zone.
/// </summary>
internal sealed class MeetingsOnRecordSeeder(TimeProvider time) : KeyedSeeder<EventsDbContext, Meeting, Guid>(m => m.Id)
{
    /// <summary>Each seeded meeting's trail (planned, then on record), added in the meeting's commit.</summary>
    private readonly Dictionary<Guid, MeetingTransition[]> _trails = [];

    private const string OnRecord = "DOMAIN.md, \"Events\": GACERE meetings on record";

    private static readonly (Guid Id, MeetingDetails Details, string Source)[] Records =
    [
        (new("0193a000-0000-7000-8000-000000000001"), AllDay(MeetingType.Launch,
            "Launch of the Global Alliance on Circular Economy and Resource Efficiency", MeetingFormat.Online,
            new(2021, 2, 22), "Africa/Nairobi", null, "UNEA-5.1"),
            "Online side event of UNEA-5.1 (ec.europa.eu events page for the launch; " + OnRecord + ")"),
        (new("0193a000-0000-7000-8000-000000000002"), Timed(MeetingType.HighLevelMeeting,
            "First high-level meeting of GACERE", MeetingFormat.Online,
            new(2021, 9, 14, 11, 0, 0), new(2021, 9, 14, 13, 0, 0), "Europe/Brussels", null, "WCEF2021"),
            "11:00-13:00 CEST, online, beside WCEF2021 (" + OnRecord + ")"),
        (new("0193a000-0000-7000-8000-000000000003"), AllDay(MeetingType.SideEvent,
            "Partnerships for a global circular economy", MeetingFormat.InPerson,
            new(2022, 12, 7), "Africa/Kigali", "Kigali", "WCEF2022"),
            "Session at WCEF2022, Kigali (" + OnRecord + ")"),
        (new("0193a000-0000-7000-8000-000000000004"), Timed(MeetingType.SideEvent,
            "GACERE side event at UNEA-6", MeetingFormat.InPerson,
            new(2024, 2, 27, 18, 30, 0), new(2024, 2, 27, 19, 45, 0), "Africa/Nairobi", "Nairobi", "UNEA-6"),
            "18:30-19:45 EAT, Nairobi, side event of UNEA-6 (" + OnRecord + ")"),
    ];

    protected override IEnumerable<Meeting> Rows
    {
        get
        {
            var actor = new Actor(Actor.Seed, time.GetUtcNow());
            foreach (var (id, details, source) in Records)
            {
                var (meeting, planned) = Meeting.Plan(details, actor, id, source);
                _trails[id] = [planned, meeting.MarkOnRecord(actor, "meeting on record")];
                yield return meeting;
            }
        }
    }

    protected override void Inserting(EventsDbContext db, Meeting meeting) => db.MeetingTransitions.AddRange(_trails[meeting.Id]);

    private static MeetingDetails Timed(
        MeetingType type, string title, MeetingFormat format, DateTime starts, DateTime ends, string zoneId, string? venue, string anchor)
    {
        var zone = MeetingTime.Zone(zoneId);
        return new(type, title, format, MeetingTime.ToInstant(starts, zone, "startsAt"), MeetingTime.ToInstant(ends, zone, "endsAt"),
            zoneId, TimesKnown: true, venue, null, null, anchor, [], false, false);
    }

    private static MeetingDetails AllDay(MeetingType type, string title, MeetingFormat format, DateOnly day, string zoneId, string? venue, string anchor)
    {
        var zone = MeetingTime.Zone(zoneId);
        return new(type, title, format,
            MeetingTime.ToInstant(day.ToDateTime(TimeOnly.MinValue), zone, "startsAt"),
            MeetingTime.ToInstant(day.AddDays(1).ToDateTime(TimeOnly.MinValue), zone, "endsAt"),
            zoneId, TimesKnown: false, venue, null, null, anchor, [], false, false);
    }
}
