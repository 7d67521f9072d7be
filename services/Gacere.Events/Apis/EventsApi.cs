using Gacere.Events.Data;
using Gacere.Events.Domain;
using Gacere.MemberReplica;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Gacere.ServiceDefaults;

namespace Gacere.Events.Apis;

public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/events").WithTags("Events");

        api.MapGet("/anchor-events", ListAnchorEvents)
            .WithName("ListAnchorEvents")
            .WithSummary("Conferences GACERE meetings can be co-located with, in date order")
            .AllowAnonymous();

        api.MapMeetingsApi();
        api.MapRegistrationsApi();
        api.MapPlannerApi();
        api.MapCalendarApi();
        api.MapMemberReplica<EventsDbContext>();
        return app;
    }

    public static async Task<Ok<Page<AnchorEventView>>> ListAnchorEvents(
        [AsParameters] PageRequest page, EventsDbContext db, CancellationToken cancellationToken)
    {
        var anchors = db.AnchorEvents.AsNoTracking()
            .OrderBy(a => a.StartsOn).ThenBy(a => a.Edition)
            .Select(a => AnchorEventView.Of(a));
        return TypedResults.Ok(await anchors.ToPageAsync(page, cancellationToken));
    }
}

/// <summary>A conference GACERE meetings can be co-located with.</summary>
/// <param name="Edition">The edition's name, e.g. "WCEF2025", "UNEA-6".</param>
/// <param name="Series">The series, e.g. "WCEF", "UNEA".</param>
/// <param name="StartsOn">The first day.</param>
/// <param name="EndsOn">The last day.</param>
/// <param name="Place">Where it takes place, e.g. "Nairobi", or "online".</param>
/// <param name="Online">Whether it takes place online.</param>
public sealed record AnchorEventView(string Edition, string Series, DateOnly StartsOn, DateOnly EndsOn, string Place, bool Online)
{
    internal static AnchorEventView Of(AnchorEvent a) => new(a.Edition, a.Series, a.StartsOn, a.EndsOn, a.Place, a.Online);
}
