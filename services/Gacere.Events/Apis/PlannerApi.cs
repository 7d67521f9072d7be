using System.ComponentModel.DataAnnotations;
using Gacere.Events.Domain;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gacere.Events.Apis;

/// <summary>Where the year's high-level meeting could sit, and the anchor events the secretariat curates.</summary>
public static class PlannerApi
{
    public static RouteGroupBuilder MapPlannerApi(this RouteGroupBuilder events)
    {
        var secretariat = events.MapGroup("").WithTags("Planning").RequireAuthorization(GacereRoles.Secretariat);
        secretariat.MapGet("/planner/high-level-meeting", CoLocation)
            .WithName("PlanHighLevelMeeting")
            .WithSummary("For a year: its anchor events with the days back-to-back with each, and what already sits on those days")
            .ProducesValidationProblem();
        secretariat.MapPost("/anchor-events", AddAnchorEvent)
            .WithName("AddAnchorEvent")
            .WithSummary("Add a conference GACERE meetings may sit beside")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return secretariat;
    }

    public static async Task<Ok<CoLocationPlan>> CoLocation([AsParameters] PlannerQuery query, [AsParameters] EventsServices services)
    {
        var year = query.Year!.Value;
        var anchors = await services.Db.AnchorEvents.AsNoTracking()
            .Where(a => a.StartsOn.Year == year || a.EndsOn.Year == year).ToListAsync(services.CancellationToken);
        if (anchors.Count == 0)
        {
            await EnsurePlannableAsync(year, services);
        }
        // Meetings within a few days of the year's edges: the candidates can fall just outside it (day before 1 January).
        var from = new DateTimeOffset(year - 1, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(year + 1, 2, 1, 0, 0, 0, TimeSpan.Zero);
        var meetings = await services.Db.Meetings.AsNoTracking()
            .Where(m => m.EndsAt >= from && m.StartsAt < to).ToListAsync(services.CancellationToken);
        var scheduled = meetings.Select(m =>
        {
            var zone = MeetingTime.Zone(m.TimeZone);
            // An all-day entry ends at the next midnight: its last day is the day before.
            var endsOn = MeetingTime.LocalDate(m.TimesKnown ? m.EndsAt : m.EndsAt.AddTicks(-1), zone);
            return new ScheduledMeeting(m.Id, m.Title, m.Type, m.Status, MeetingTime.LocalDate(m.StartsAt, zone), endsOn);
        }).ToList();
        var holder = meetings.FirstOrDefault(m => m.HighLevelYear == year);
        var options = CoLocationPlanner.Options(year, anchors, scheduled);
        return TypedResults.Ok(new CoLocationPlan(
            year,
            holder is null ? null : MeetingView.Of(holder),
            [.. options.Select(o => new CoLocationOptionView(
                AnchorEventView.Of(o.Anchor),
                [.. o.CandidateDates.Select(c => new CandidateDateView(c.Date, c.Position,
                    [.. c.Conflicts.Select(m => new ConflictView(m.Id, m.Title, m.Type, m.Status, m.StartsOn, m.EndsOn))]))]))]));
    }

    public static async Task<Created<AnchorEventView>> AddAnchorEvent(AnchorEventRequest input, [AsParameters] EventsServices services)
    {
        var edition = input.Edition!.Trim();
        if (input.StartsOn!.Value.Year is < MeetingTime.EarliestYear or > MeetingTime.LatestYear)
        {
            throw EventsRefusal.Invalid("startsOn", $"Give a day between {MeetingTime.EarliestYear} and {MeetingTime.LatestYear}.");
        }
        if (input.EndsOn < input.StartsOn || input.EndsOn!.Value.DayNumber - input.StartsOn.Value.DayNumber > 31)
        {
            throw EventsRefusal.Invalid("endsOn", "The anchor event ends on or after the day it starts, within a month.");
        }
        if (await services.Db.AnchorEvents.AnyAsync(a => a.Edition == edition, services.CancellationToken))
        {
            throw EventsRefusal.Conflict("The anchor event exists.", $"{edition} is already an anchor event.");
        }
        var anchor = new AnchorEvent
        {
            Edition = edition,
            Series = input.Series!.Trim(),
            StartsOn = input.StartsOn!.Value,
            EndsOn = input.EndsOn!.Value,
            Place = input.Place!.Trim(),
            Online = input.Online,
        };
        services.Db.AnchorEvents.Add(anchor);
        await services.Db.SaveChangesAsync(services.CancellationToken);
        return TypedResults.Created($"/api/events/anchor-events", AnchorEventView.Of(anchor));
    }

    /// <summary>
    /// The years the planner can answer are the ones the anchor-event data covers: a year with none of its own
    /// inside that span is a quiet year (no options); one outside it is a 400 that says what is known and how to add more.
    /// </summary>
    private static async Task EnsurePlannableAsync(int year, EventsServices services)
    {
        var span = await services.Db.AnchorEvents.AsNoTracking()
            .GroupBy(_ => 1)
            .Select(g => new { First = g.Min(a => a.StartsOn.Year), Last = g.Max(a => a.EndsOn.Year) })
            .SingleOrDefaultAsync(services.CancellationToken);
        if (span is null || year < span.First || year > span.Last)
        {
            var known = span is null ? "no anchor events are known yet" : $"the anchor events known cover {span.First} to {span.Last}";
            throw EventsRefusal.Invalid("year", $"No anchor event is known for {year}: {known}. Add that year's anchor events first (POST /api/events/anchor-events).");
        }
    }
}

/// <summary>Which year to plan.</summary>
public sealed class PlannerQuery
{
    /// <summary>The calendar year of the high-level meeting, e.g. 2026; one the anchor events cover (see /api/events/anchor-events).</summary>
    [FromQuery(Name = "year"), Required]
    public int? Year { get; init; }
}

/// <summary>A conference the secretariat adds to the anchor events.</summary>
public sealed class AnchorEventRequest
{
    /// <summary>The edition's name, e.g. "WCEF2026", "UNEA-8".</summary>
    [Required, StringLength(32, MinimumLength = 2), RegularExpression(@"^[A-Za-z0-9][A-Za-z0-9.\- ]*$", ErrorMessage = "Letters, digits, '.', '-' and spaces.")]
    public string? Edition { get; init; }

    /// <summary>The series, e.g. "WCEF", "UNEA".</summary>
    [Required, StringLength(16, MinimumLength = 2)]
    public string? Series { get; init; }

    /// <summary>The first day.</summary>
    [Required]
    public DateOnly? StartsOn { get; init; }

    /// <summary>The last day.</summary>
    [Required]
    public DateOnly? EndsOn { get; init; }

    /// <summary>Where it takes place, e.g. "Nairobi", or "online".</summary>
    [Required, StringLength(120, MinimumLength = 2)]
    public string? Place { get; init; }

    /// <summary>Whether it takes place online.</summary>
    public bool Online { get; init; }
}

/// <summary>Where the year's high-level meeting could sit.</summary>
/// <param name="Year">The year planned.</param>
/// <param name="ExistingHighLevelMeeting">The year's high-level meeting if there is one already (there can be only one).</param>
/// <param name="Options">The year's anchor events in date order, each with its candidate days.</param>
public sealed record CoLocationPlan(int Year, MeetingView? ExistingHighLevelMeeting, IReadOnlyList<CoLocationOptionView> Options);

/// <summary>An anchor event and the days back-to-back with it.</summary>
public sealed record CoLocationOptionView(AnchorEventView AnchorEvent, IReadOnlyList<CandidateDateView> CandidateDates);

/// <summary>A candidate day.</summary>
/// <param name="Date">The day.</param>
/// <param name="Position">day_before the anchor event opens, or day_after it closes.</param>
/// <param name="Conflicts">GACERE meetings (not cancelled) already on that day.</param>
public sealed record CandidateDateView(DateOnly Date, string Position, IReadOnlyList<ConflictView> Conflicts);

/// <summary>A GACERE meeting on a candidate day.</summary>
public sealed record ConflictView(Guid MeetingId, string Title, MeetingType Type, MeetingStatus Status, DateOnly StartsOn, DateOnly EndsOn);
