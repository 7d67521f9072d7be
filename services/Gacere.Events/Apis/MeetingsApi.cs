using Gacere.Events.Data;
using Gacere.Events.Domain;
using Gacere.Events.IntegrationEvents;
using Gacere.Events.Registrations;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gacere.Events.Apis;

/// <summary>The Alliance's meetings: the secretariat plans and moves them; announced ones are public.</summary>
public static class MeetingsApi
{
    public static RouteGroupBuilder MapMeetingsApi(this RouteGroupBuilder events)
    {
        var meetings = events.MapGroup("/meetings").WithTags("Meetings");

        meetings.MapGet("/", List)
            .WithName("ListMeetings")
            .WithSummary("Announced meetings by start (the secretariat also sees planned ones)")
            .AllowAnonymous();
        meetings.MapGet("/{meetingId:guid}", Get)
            .WithName("GetMeeting")
            .WithSummary("One meeting; public once announced")
            .AllowAnonymous();

        var secretariat = meetings.MapGroup("").RequireAuthorization(GacereRoles.Secretariat);
        secretariat.MapPost("/", Plan)
            .WithName("PlanMeeting")
            .WithSummary("Plan a meeting (one high-level meeting per calendar year; expert meetings default to online)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPut("/{meetingId:guid}", Reschedule)
            .WithName("RescheduleMeeting")
            .WithSummary("Change what a meeting is, where and when, before it is held")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPost("/{meetingId:guid}/transitions", Move)
            .WithName("MoveMeeting")
            .WithSummary("Announce, open registration, mark held, publish the report, postpone or cancel")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapGet("/{meetingId:guid}/transitions", Trail)
            .WithName("GetMeetingTrail")
            .WithSummary("Every move of the meeting: who, when, from, to, why");
        secretariat.MapPut("/{meetingId:guid}/outcome-documents", RecordOutcomeDocuments)
            .WithName("RecordOutcomeDocuments")
            .WithSummary("Record the documents a held meeting produced")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return meetings;
    }

    public static async Task<Ok<Page<MeetingView>>> List([AsParameters] PageRequest page, [AsParameters] EventsServices services)
    {
        var meetings = services.Db.Meetings.AsNoTracking();
        if (!services.IsSecretariat)
        {
            meetings = meetings.Where(m => m.AnnouncedAt != null);
        }
        var found = await meetings.OrderBy(m => m.StartsAt).ThenBy(m => m.Id).ToPageAsync(page, services.CancellationToken);
        return TypedResults.Ok(found.Map(MeetingView.Of));
    }

    public static async Task<Results<Ok<MeetingView>, NotFound>> Get(Guid meetingId, [AsParameters] EventsServices services)
    {
        var meeting = await services.Db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == meetingId, services.CancellationToken);
        // A planned meeting is the secretariat's draft: to anyone else it does not exist.
        return meeting is null || !(meeting.IsPublic || services.IsSecretariat) ? TypedResults.NotFound() : TypedResults.Ok(MeetingView.Of(meeting));
    }

    public static async Task<Created<MeetingView>> Plan(MeetingRequest input, [AsParameters] EventsServices services)
    {
        var actor = services.Actor();
        var details = await DetailsOf(input, services);
        var (meeting, trail) = Meeting.Plan(details, actor);
        services.Db.Meetings.Add(meeting);
        PublishedEvents.Record(services.Db, meeting, trail);
        await services.SaveAsync(); // one high-level meeting a year: the unique year index refuses a second, named in the 409
        return TypedResults.Created($"/api/events/meetings/{meeting.Id}", MeetingView.Of(meeting));
    }

    public static async Task<Results<Ok<MeetingView>, NotFound>> Reschedule(
        Guid meetingId, MeetingRequest input, [AsParameters] EventsServices services, RegistrationDesk desk)
    {
        var meeting = await services.Db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId, services.CancellationToken);
        if (meeting is null)
        {
            return TypedResults.NotFound();
        }
        var actor = services.Actor();
        var capacity = meeting.Capacity;
        meeting.Reschedule(await DetailsOf(input, services), actor);
        await services.SaveAsync();
        if (meeting.Capacity is null || meeting.Capacity > capacity)
        {
            await desk.SeatWaitlistAsync(meetingId, actor, services.CancellationToken);
        }
        return TypedResults.Ok(MeetingView.Of(meeting));
    }

    public static async Task<Results<Ok<MeetingView>, NotFound>> Move(Guid meetingId, MeetingTransitionRequest input, [AsParameters] EventsServices services)
    {
        var meeting = await services.Db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId, services.CancellationToken);
        if (meeting is null)
        {
            return TypedResults.NotFound();
        }
        PublishedEvents.Record(services.Db, meeting, meeting.Move(input.Action!.Value, services.Actor(), input.Reason));
        await services.SaveAsync();
        return TypedResults.Ok(MeetingView.Of(meeting));
    }

    public static async Task<Results<Ok<IReadOnlyList<MeetingTransitionView>>, NotFound>> Trail(Guid meetingId, [AsParameters] EventsServices services)
    {
        if (!await services.Db.Meetings.AnyAsync(m => m.Id == meetingId, services.CancellationToken))
        {
            return TypedResults.NotFound();
        }
        var trail = await services.Db.MeetingTransitions.AsNoTracking()
            .Where(t => t.MeetingId == meetingId)
            .OrderBy(t => t.At).ThenBy(t => t.Id)
            .Select(t => new MeetingTransitionView(t.From, t.To, t.Actor, t.At, t.Reason))
            .ToListAsync(services.CancellationToken);
        return TypedResults.Ok<IReadOnlyList<MeetingTransitionView>>(trail);
    }

    public static async Task<Results<Ok<MeetingView>, NotFound>> RecordOutcomeDocuments(
        Guid meetingId, OutcomeDocumentsRequest input, [AsParameters] EventsServices services)
    {
        var meeting = await services.Db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId, services.CancellationToken);
        if (meeting is null)
        {
            return TypedResults.NotFound();
        }
        var documents = input.Documents!.Select((d, i) => new OutcomeDocument
        {
            Title = d.Title!.Trim(),
            Url = HttpUrl(d.Url, $"documents[{i}].url") ?? throw EventsRefusal.Invalid($"documents[{i}].url", "Give the document's address."),
        }).ToList();
        meeting.RecordOutcomeDocuments(documents, services.Actor());
        await services.SaveAsync();
        return TypedResults.Ok(MeetingView.Of(meeting));
    }

    /// <summary>The request's cross-field rules: a zone that exists, times that exist in it and follow each other, a venue or a link.</summary>
    private static async Task<MeetingDetails> DetailsOf(MeetingRequest input, EventsServices services)
    {
        var zone = MeetingTime.Zone(input.TimeZone);
        var startsAt = MeetingTime.ToInstant(input.StartsAt!.Value, zone, "startsAt");
        var endsAt = MeetingTime.ToInstant(input.EndsAt!.Value, zone, "endsAt");
        if (endsAt <= startsAt)
        {
            throw EventsRefusal.Invalid("endsAt", "The meeting must end after it starts.");
        }
        if (endsAt - startsAt > TimeSpan.FromDays(14))
        {
            throw EventsRefusal.Invalid("endsAt", "A meeting lasts at most 14 days.");
        }
        var type = input.Type!.Value;
        var format = input.Format ?? (type == MeetingType.ExpertMeeting ? MeetingFormat.Online : (MeetingFormat?)null)
            ?? throw EventsRefusal.Invalid("format", "Give the format: online, in_person or hybrid (only expert meetings default to online).");
        var venue = string.IsNullOrWhiteSpace(input.Venue) ? null : input.Venue.Trim();
        if (format != MeetingFormat.Online && venue is null)
        {
            throw EventsRefusal.Invalid("venue", "An in-person or hybrid meeting needs a venue.");
        }
        var link = HttpUrl(input.OnlineLink, "onlineLink");
        string? anchor = null;
        if (!string.IsNullOrWhiteSpace(input.AnchorEvent))
        {
            anchor = await services.Db.AnchorEvents.Where(a => a.Edition == input.AnchorEvent.Trim()).Select(a => a.Edition)
                .FirstOrDefaultAsync(services.CancellationToken)
                ?? throw EventsRefusal.Invalid("anchorEvent", $"'{input.AnchorEvent}' is not a known anchor event; see /api/events/anchor-events.");
        }
        var agenda = (input.AgendaItems ?? []).Select(item => item?.Trim() ?? "").ToList();
        for (var i = 0; i < agenda.Count; i++)
        {
            if (agenda[i].Length is 0 or > 300)
            {
                throw EventsRefusal.Invalid($"agendaItems[{i}]", "An agenda item holds 1 to 300 characters.");
            }
        }
        return new MeetingDetails(type, input.Title!.Trim(), format, startsAt, endsAt, zone.Id, TimesKnown: true,
            venue, link, input.Capacity, anchor, agenda, input.OpenToObservers, input.OpenToStrategicPartners);
    }

    private static string? HttpUrl(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw EventsRefusal.Invalid(field, "Give an absolute http or https address.");
        }
        return uri.ToString();
    }
}
