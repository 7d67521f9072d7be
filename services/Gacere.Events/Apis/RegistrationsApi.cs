using Gacere.Events.Domain;
using Gacere.Events.Registrations;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gacere.Events.Apis;

/// <summary>Delegates' registrations: a focal point acts for its own member only; the secretariat for all.</summary>
public static class RegistrationsApi
{
    public static RouteGroupBuilder MapRegistrationsApi(this RouteGroupBuilder events)
    {
        var registrations = events.MapGroup("").WithTags("Registrations");

        // Ownership is checked per registration in the handlers; a registration is always for the caller's own member.
        var own = registrations.MapGroup("").RequireAuthorization(policy => policy.RequireRole(GacereRoles.Secretariat, GacereRoles.FocalPoint));
        own.MapPost("/meetings/{meetingId:guid}/registrations", Register)
            .WithName("RegisterDelegate")
            .WithSummary("Register a delegate of the focal point's own member (confirmed while seats are free, then waitlisted)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        own.MapGet("/meetings/{meetingId:guid}/registrations", ListForMeeting)
            .WithName("ListMeetingRegistrations")
            .WithSummary("A meeting's registrations in queue order (a focal point sees its own member's only)");
        own.MapGet("/registrations/{registrationId:guid}", Get)
            .WithName("GetRegistration")
            .WithSummary("One registration (secretariat, or the member's own focal point)")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        own.MapGet("/registrations/{registrationId:guid}/transitions", Trail)
            .WithName("GetRegistrationTrail")
            .WithSummary("Every move of the registration: who, when, from, to, why")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        own.MapPost("/registrations/{registrationId:guid}/cancellation", Cancel)
            .WithName("CancelRegistration")
            .WithSummary("Cancel a registration; its seat goes to the first on the waitlist")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        registrations.MapPost("/registrations/{registrationId:guid}/attendance", RecordAttendance)
            .RequireAuthorization(GacereRoles.Secretariat)
            .WithName("RecordAttendance")
            .WithSummary("Record whether a confirmed delegate attended the held meeting")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return registrations;
    }

    public static async Task<Results<Created<RegistrationView>, NotFound>> Register(
        Guid meetingId, RegistrationRequest input, [AsParameters] EventsServices services, RegistrationDesk desk)
    {
        var memberId = services.User.FocalPointMemberId()
            ?? throw EventsRefusal.Forbidden("Only a member's focal point registers its delegates.");
        var registration = await desk.RegisterAsync(meetingId, memberId,
            new DelegateDetails(input.Name!.Trim(), input.Role!.Trim(), input.Email!.Trim()), services.Actor(), services.CancellationToken);
        if (registration is null)
        {
            return TypedResults.NotFound();
        }
        var view = RegistrationView.Of(registration, await desk.WaitlistPositionAsync(registration, services.CancellationToken));
        return TypedResults.Created($"/api/events/registrations/{registration.Id}", view);
    }

    public static async Task<Results<Ok<IReadOnlyList<RegistrationView>>, NotFound>> ListForMeeting(
        Guid meetingId, [AsParameters] EventsServices services)
    {
        if (!await services.Db.Meetings.AnyAsync(m => m.Id == meetingId && (m.AnnouncedAt != null || services.IsSecretariat), services.CancellationToken))
        {
            return TypedResults.NotFound();
        }
        var registrations = services.Db.Registrations.AsNoTracking().Where(r => r.MeetingId == meetingId);
        if (!services.IsSecretariat)
        {
            var own = services.User.FocalPointMemberId();
            registrations = registrations.Where(r => r.MemberId == own);
        }
        var rows = await registrations.OrderBy(r => r.Number).ToListAsync(services.CancellationToken);
        // Waitlist positions count every member's waiting registrations, not only the ones shown.
        var waiting = await services.Db.Registrations.AsNoTracking()
            .Where(r => r.MeetingId == meetingId && r.Status == RegistrationStatus.Registered)
            .OrderBy(r => r.Number).Select(r => r.Id).ToListAsync(services.CancellationToken);
        return TypedResults.Ok<IReadOnlyList<RegistrationView>>(
            [.. rows.Select(r => RegistrationView.Of(r, r.Status == RegistrationStatus.Registered ? waiting.IndexOf(r.Id) + 1 : null))]);
    }

    public static async Task<Results<Ok<RegistrationView>, NotFound>> Get(Guid registrationId, [AsParameters] EventsServices services, RegistrationDesk desk)
    {
        var registration = await services.Db.Registrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, services.CancellationToken);
        if (registration is null)
        {
            return TypedResults.NotFound();
        }
        services.EnsureMayActFor(registration.MemberId);
        return TypedResults.Ok(RegistrationView.Of(registration, await desk.WaitlistPositionAsync(registration, services.CancellationToken)));
    }

    public static async Task<Results<Ok<IReadOnlyList<RegistrationTransitionView>>, NotFound>> Trail(Guid registrationId, [AsParameters] EventsServices services)
    {
        var memberId = await services.Db.Registrations.Where(r => r.Id == registrationId).Select(r => (Guid?)r.MemberId).FirstOrDefaultAsync(services.CancellationToken);
        if (memberId is null)
        {
            return TypedResults.NotFound();
        }
        services.EnsureMayActFor(memberId.Value);
        var trail = await services.Db.RegistrationTransitions.AsNoTracking()
            .Where(t => t.RegistrationId == registrationId)
            .OrderBy(t => t.At).ThenBy(t => t.Id)
            .Select(t => new RegistrationTransitionView(t.From, t.To, t.Actor, t.At, t.Reason))
            .ToListAsync(services.CancellationToken);
        return TypedResults.Ok<IReadOnlyList<RegistrationTransitionView>>(trail);
    }

    public static async Task<Results<Ok<RegistrationView>, NotFound>> Cancel(
        Guid registrationId, RegistrationCancellationRequest input, [AsParameters] EventsServices services, RegistrationDesk desk)
    {
        var registration = await desk.CancelAsync(registrationId, services.EnsureMayActFor, services.Actor(), input.Reason, services.CancellationToken);
        return registration is null ? TypedResults.NotFound() : TypedResults.Ok(RegistrationView.Of(registration, null));
    }

    public static async Task<Results<Ok<RegistrationView>, NotFound>> RecordAttendance(
        Guid registrationId, AttendanceRequest input, [AsParameters] EventsServices services, RegistrationDesk desk)
    {
        if (!await services.Db.Registrations.AnyAsync(r => r.Id == registrationId, services.CancellationToken))
        {
            return TypedResults.NotFound();
        }
        var registration = await desk.RecordAttendanceAsync(registrationId, input.Attended!.Value, services.Actor(), services.CancellationToken);
        return TypedResults.Ok(RegistrationView.Of(registration, null));
    }
}
