using System.Security.Cryptography;
using System.Text;
using Gacere.Events.Calendars;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Gacere.Events.Apis;

/// <summary>Public meetings as iCalendar files: one meeting, or a feed of them all to subscribe to.</summary>
public static class CalendarApi
{
    public static RouteGroupBuilder MapCalendarApi(this RouteGroupBuilder events)
    {
        var calendars = events.MapGroup("").WithTags("Calendars").AllowAnonymous();
        calendars.MapGet("/calendar", Feed)
            .WithName("GetMeetingsCalendar")
            .WithSummary("Every public meeting as an iCalendar feed (RFC 5545) to subscribe to")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar")
            .Produces(StatusCodes.Status304NotModified);
        calendars.MapGet("/meetings/{meetingId:guid}/calendar", ForMeeting)
            .WithName("GetMeetingCalendar")
            .WithSummary("One public meeting as an iCalendar file (RFC 5545)")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar")
            .Produces(StatusCodes.Status304NotModified)
            .Produces(StatusCodes.Status404NotFound);
        return calendars;
    }

    public static async Task<IResult> Feed(HttpContext http, [AsParameters] EventsServices services)
    {
        var meetings = await services.Db.Meetings.AsNoTracking().Where(m => m.AnnouncedAt != null).ToListAsync(services.CancellationToken);
        return Answer(http, MeetingCalendar.Serialize(meetings, "GACERE meetings"));
    }

    public static async Task<IResult> ForMeeting(Guid meetingId, HttpContext http, [AsParameters] EventsServices services)
    {
        var meeting = await services.Db.Meetings.AsNoTracking()
            .FirstOrDefaultAsync(m => m.Id == meetingId && m.AnnouncedAt != null, services.CancellationToken);
        return meeting is null ? TypedResults.NotFound() : Answer(http, MeetingCalendar.Serialize([meeting]));
    }

    /// <summary>The file with a strong ETag of its bytes; 304 when the client already holds them.</summary>
    private static IResult Answer(HttpContext http, string ics)
    {
        var bytes = Encoding.UTF8.GetBytes(ics);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
        http.Response.Headers.ETag = etag.ToString();
        http.Response.Headers.CacheControl = "public, max-age=300";
        var sent = http.Request.GetTypedHeaders().IfNoneMatch;
        if (sent.Any(tag => tag.Compare(etag, useStrongComparison: false) || tag == EntityTagHeaderValue.Any))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(bytes, MeetingCalendar.ContentType);
    }
}
