using System.Data;
using System.Security.Cryptography;
using System.Text;
using Gacere.Events.Calendars;
using Gacere.Events.Domain;
using Gacere.ServiceDefaults;
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
            .CacheOutput(CalendarCache.PolicyName)
            .WithName("GetMeetingsCalendar")
            .WithSummary("Every public meeting as an iCalendar feed (RFC 5545) to subscribe to")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar")
            .Produces(StatusCodes.Status304NotModified);
        calendars.MapGet("/meetings/{meetingId:guid}/calendar", ForMeeting)
            .CacheOutput(CalendarCache.PolicyName)
            .WithName("GetMeetingCalendar")
            .WithSummary("One public meeting as an iCalendar file (RFC 5545)")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar")
            .Produces(StatusCodes.Status304NotModified)
            .Produces(StatusCodes.Status404NotFound);
        calendars.MapGet("/registrations/calendar/{token}", ForMember)
            .WithName("GetMemberRegistrationsCalendar")
            .WithSummary("The meetings a member has delegates registered for, as an iCalendar feed; the URL is the credential")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar")
            .Produces(StatusCodes.Status304NotModified)
            .Produces(StatusCodes.Status404NotFound);
        events.MapPost("/members/{memberId:guid}/calendar-token", RotateMemberToken)
            .WithTags("Calendars")
            .RequireAuthorization(policy => policy.RequireRole(GacereRoles.Secretariat, GacereRoles.FocalPoint))
            .WithName("RotateMemberCalendarUrl")
            .WithSummary("Issue a new unguessable URL for the member's registrations feed; the previous one stops working")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return calendars;
    }

    public static async Task<IResult> ForMember(string token, HttpContext http, [AsParameters] EventsServices services)
    {
        // Same answer for a malformed, an unknown and a rotated-away token: nothing to learn by probing.
        if (token.Length is < 40 or > 64)
        {
            return TypedResults.NotFound();
        }
        var hash = MemberCalendarToken.Hash(token);
        var cancellationToken = services.CancellationToken;
        // One snapshot for every read below: the SEQUENCE counts exactly the moves whose outcome the file shows.
        await using var snapshot = await services.Db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var owner = await services.Db.MemberCalendarTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash).Select(t => (Guid?)t.MemberId).FirstOrDefaultAsync(cancellationToken);
        if (owner is not { } memberId)
        {
            return TypedResults.NotFound();
        }
        // Cancelled registrations too: a meeting the member no longer sends anyone to stays in the feed, cancelled,
        // so a subscribed client replaces its entry instead of keeping a stale one.
        var registrations = await services.Db.Registrations.AsNoTracking()
            .Where(r => r.MemberId == memberId)
            .OrderBy(r => r.Number).ToListAsync(cancellationToken);
        var moves = await services.Db.RegistrationTransitions.AsNoTracking()
            .Join(services.Db.Registrations.Where(r => r.MemberId == memberId), t => t.RegistrationId, r => r.Id, (t, r) => new { r.MeetingId, t.At })
            .GroupBy(m => m.MeetingId)
            .Select(g => new { MeetingId = g.Key, Count = g.Count(), Last = g.Max(m => m.At) })
            .ToDictionaryAsync(m => m.MeetingId, cancellationToken);
        var meetingIds = registrations.Select(r => r.MeetingId).Distinct().ToList();
        var meetings = await services.Db.Meetings.AsNoTracking()
            .Where(m => meetingIds.Contains(m.Id) && m.AnnouncedAt != null).ToListAsync(cancellationToken);
        await snapshot.CommitAsync(cancellationToken);
        var delegates = registrations.GroupBy(r => r.MeetingId).ToDictionary(g => g.Key, g =>
        {
            var going = g.Where(r => r.Status != RegistrationStatus.Cancelled).ToList();
            var note = going.Count == 0
                ? "Your delegates: none (every registration is cancelled)"
                : "Your delegates: " + string.Join("; ", going.Select(r => $"{r.DelegateName} ({Vocabulary.Code(r.Status)})"));
            var trail = moves.GetValueOrDefault(g.Key);
            return new DelegatesEntry(note, trail?.Count ?? 0, trail?.Last ?? DateTimeOffset.MinValue, going.Count == 0);
        });
        // The URL is the credential: a shared cache must not keep the file.
        return Answer(http, MeetingCalendar.Serialize(meetings, "GACERE meetings: our delegates", delegates), "private, max-age=300");
    }

    public static async Task<Ok<MemberCalendarUrl>> RotateMemberToken(Guid memberId, HttpContext http, [AsParameters] EventsServices services)
    {
        services.EnsureMayActFor(memberId);
        var actor = services.Actor();
        var row = await services.Db.MemberCalendarTokens.FirstOrDefaultAsync(t => t.MemberId == memberId, services.CancellationToken);
        string token;
        if (row is null)
        {
            (row, token) = MemberCalendarToken.Issue(memberId, actor);
            services.Db.MemberCalendarTokens.Add(row);
        }
        else
        {
            token = row.Rotate(actor);
        }
        await services.SaveAsync();
        return TypedResults.Ok(new MemberCalendarUrl($"/api/events/registrations/calendar/{token}", row.IssuedAt));
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

    /// <summary>
    /// The file with a strong ETag of its bytes; 304 when the client already holds them. The public calendars pass
    /// here only when the output cache misses (<see cref="CalendarCache"/>); the cached copy keeps this ETag.
    /// </summary>
    private static IResult Answer(HttpContext http, string ics, string cacheControl = "public, max-age=300")
    {
        var bytes = Encoding.UTF8.GetBytes(ics);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
        http.Response.Headers.ETag = etag.ToString();
        http.Response.Headers.CacheControl = cacheControl;
        var sent = http.Request.GetTypedHeaders().IfNoneMatch;
        if (sent.Any(tag => tag.Compare(etag, useStrongComparison: false) || tag == EntityTagHeaderValue.Any))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(bytes, MeetingCalendar.ContentType);
    }
}

/// <summary>Where a member's registrations feed is, until the next rotation.</summary>
/// <param name="Path">The feed's path at the gateway; subscribe to it from a calendar client. Keep it secret: it is the credential.</param>
/// <param name="IssuedAt">When this URL was issued.</param>
public sealed record MemberCalendarUrl(string Path, DateTimeOffset IssuedAt);
