using System.Text.Json;
using Gacere.Membership.Domain;
using Gacere.Membership.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;
using StackExchange.Redis;
using Gacere.ServiceDefaults;
using Gacere.ReferenceData;

namespace Gacere.Membership.Apis;

/// <summary>Applications to join: anonymous submission and tracking, and the secretariat's review.</summary>
public static class ApplicationsApi
{
    private const string SubmitOperation = "submit-application";

    public static RouteGroupBuilder MapApplicationsApi(this RouteGroupBuilder membership)
    {
        var applications = membership.MapGroup("/applications").WithTags("Applications");

        // The applicant has no account: the tracking token is the proof of ownership.
        applications.MapPost("/", Submit)
            .WithName("SubmitApplication")
            .WithSummary("Apply to join the Alliance")
            .WithDescription("Returns a tracking token shown only once. Send an Idempotency-Key header to make retries safe for 24 h.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous();
        applications.MapGet("/status/{trackingToken}", GetStatus)
            .WithName("GetApplicationStatus")
            .WithSummary("The status of an application, for its applicant")
            .AllowAnonymous();

        // The applicant's changes to its own application: bad input (400) or a state conflict (409).
        var applicant = applications.MapGroup("/status/{trackingToken}")
            .AllowAnonymous()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        applicant.MapPost("/information", ProvideInformation)
            .WithName("ProvideApplicationInformation")
            .WithSummary("Answer the secretariat's information request; the review resumes");
        applicant.MapPost("/withdrawal", WithdrawOwn)
            .WithName("WithdrawOwnApplication")
            .WithSummary("Withdraw an application that awaits a decision");

        var review = applications.MapGroup("").RequireAuthorization(GacereRoles.Secretariat);
        review.MapGet("/", List)
            .WithName("ListApplications")
            .WithSummary("Applications, oldest first, optionally in one status");
        review.MapGet("/{applicationId:guid}", Get)
            .WithName("GetApplication")
            .WithSummary("One application with its contacts and motivation");
        review.MapGet("/{applicationId:guid}/audit", GetAuditTrail)
            .WithName("GetApplicationAuditTrail")
            .WithSummary("Every transition of the application: who, when, from, to, why");

        // The secretariat's decisions on an application: bad input (400) or a state conflict (409).
        var decisions = review.MapGroup("/{applicationId:guid}")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        decisions.MapPost("/review", StartReview)
            .WithName("StartApplicationReview")
            .WithSummary("Start the review of a submitted application, or resume it after an information request");
        decisions.MapPost("/information-request", RequestInformation)
            .WithName("RequestApplicationInformation")
            .WithSummary("Ask the applicant for more information");
        decisions.MapPost("/approval", Approve)
            .WithName("ApproveApplication")
            .WithSummary("Admit the organisation in the chosen category; the new member is published");
        decisions.MapPost("/rejection", Reject)
            .WithName("RejectApplication")
            .WithSummary("Reject the application, giving the reason");
        decisions.MapPost("/withdrawal", RecordWithdrawal)
            .WithName("RecordApplicationWithdrawal")
            .WithSummary("Record that the applicant withdrew the application");

        return applications;
    }

    public static async Task<Results<Created<ApplicationSubmitted>, ValidationProblem, ProblemHttpResult>> Submit(
        SubmitApplicationRequest request,
        [FromHeader(Name = IdempotencyStore.HeaderName)] string? idempotencyKey,
        [AsParameters] MembershipServices services,
        [AsParameters] SubmissionServices submission)
    {
        var (countries, idempotency, json, http) = (submission.Countries, submission.Idempotency, submission.Json, submission.Http);
        IdempotencyClaim.Granted? claim = null;
        if (idempotencyKey is not null)
        {
            if (!IdempotencyStore.IsValidKey(idempotencyKey))
            {
                return Problems.Invalid(IdempotencyStore.HeaderName, "Use at most 200 printable ASCII characters without spaces, e.g. a UUID.");
            }
            IdempotencyClaim outcome;
            try
            {
                outcome = await idempotency.ClaimAsync(SubmitOperation, idempotencyKey, IdempotencyStore.Fingerprint(request, json.Value.SerializerOptions));
            }
            catch (RedisException ex)
            {
                services.Logger.IdempotencyUnavailable(ex, SubmitOperation);
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Idempotency-Key cannot be honoured right now.",
                    detail: "Retry later, or send the request without an Idempotency-Key.");
            }
            switch (outcome)
            {
                case IdempotencyClaim.Replay replay:
                    services.Logger.IdempotentReplay(SubmitOperation);
                    http.Response.Headers[IdempotencyStore.ReplayedHeaderName] = "true";
                    return TypedResults.Created(replay.Response.Location,
                        JsonSerializer.Deserialize<ApplicationSubmitted>(replay.Response.Body, json.Value.SerializerOptions));
                case IdempotencyClaim.InProgress:
                    return Problems.Conflict("A request with this Idempotency-Key is still in progress.", "Wait for it to finish, then retry to get its response.");
                case IdempotencyClaim.Mismatch:
                    return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                        title: "This Idempotency-Key was used with a different request.",
                        detail: "Use a new key for a new application.");
                case IdempotencyClaim.Granted granted:
                    claim = granted;
                    break;
            }
        }

        try
        {
            var result = await SubmitOnce(request, services, countries);
            if (claim is not null)
            {
                if (result.Result is Created<ApplicationSubmitted> { Value: { } created } createdResult)
                {
                    await Remember(idempotency, claim, createdResult.Location, created, json.Value.SerializerOptions, services.Logger);
                }
                else
                {
                    await idempotency.ReleaseAsync(claim);
                }
            }
            return result;
        }
        catch when (claim is not null)
        {
            await idempotency.ReleaseAsync(claim);
            throw;
        }
    }

    private static async Task<Results<Created<ApplicationSubmitted>, ValidationProblem, ProblemHttpResult>> SubmitOnce(
        SubmitApplicationRequest request, MembershipServices services, CountryCatalog countries)
    {
        var organisation = request.Organisation!;
        var orgType = organisation.OrgType!.Value;
        var country = string.IsNullOrWhiteSpace(organisation.CountryIso3) ? null : organisation.CountryIso3.Trim().ToUpperInvariant();

        var errors = new Dictionary<string, string[]>();
        if (CountryRules.Check(orgType, country, countries) is { } countryProblem)
        {
            errors["organisation.countryIso3"] = [countryProblem];
        }
        if (request.RequestedCategory is { } requested && !CategoryRules.IsAllowed(orgType, requested))
        {
            errors["requestedCategory"] = [CategoryRules.Explain(orgType, requested)];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var (token, hash) = TrackingToken.Issue();
        var application = Application.Submit(
            organisation.Name!, orgType, country, request.RequestedCategory,
            request.FocalPoint!.ToContact(), request.Alternate!.ToContact(), request.Motivation!, hash, services.Actor());
        services.Db.Applications.Add(application);
        if (await services.SaveAsync() is { } conflict)
        {
            return conflict;
        }
        services.Logger.ApplicationSubmitted(application.Id, Vocabulary.Code(orgType), application.OrganisationName);

        var statusUrl = $"/api/membership/applications/status/{token}";
        return TypedResults.Created(statusUrl, new ApplicationSubmitted(application.Id, token, application.Status, statusUrl));
    }

    private static async Task Remember(
        IdempotencyStore idempotency, IdempotencyClaim.Granted claim, string? location, ApplicationSubmitted created,
        JsonSerializerOptions options, ILogger logger)
    {
        try
        {
            await idempotency.CompleteAsync(claim, new StoredResponse(StatusCodes.Status201Created, location, JsonSerializer.Serialize(created, options)));
        }
        catch (RedisException ex)
        {
            // The application exists; only the replay of this key is lost, and the claim's lease runs out by itself.
            logger.IdempotencyNotRecorded(ex, created.ApplicationId);
        }
    }

    public static async Task<Results<Ok<ApplicationStatusView>, NotFound>> GetStatus(string trackingToken, [AsParameters] MembershipServices services)
    {
        var application = await FindByToken(trackingToken, services, tracking: false);
        return application is null ? TypedResults.NotFound() : TypedResults.Ok(ApplicationStatusView.Of(application));
    }

    public static async Task<Results<Ok<ApplicationStatusView>, NotFound, ProblemHttpResult>> ProvideInformation(
        string trackingToken, InformationResponseInput input, [AsParameters] MembershipServices services)
    {
        var application = await FindByToken(trackingToken, services, tracking: true);
        if (application is null)
        {
            return TypedResults.NotFound();
        }
        application.ProvideInformation(input.Response!, services.Actor());
        return await Saved(application, services, ApplicationStatusView.Of);
    }

    public static async Task<Results<Ok<ApplicationStatusView>, NotFound, ProblemHttpResult>> WithdrawOwn(
        string trackingToken, ApplicationWithdrawalRequest? input, [AsParameters] MembershipServices services)
    {
        var application = await FindByToken(trackingToken, services, tracking: true);
        if (application is null)
        {
            return TypedResults.NotFound();
        }
        application.Withdraw(input?.Reason, services.Actor());
        return await Saved(application, services, ApplicationStatusView.Of);
    }

    public static async Task<Results<Ok<Page<ApplicationView>>, ValidationProblem>> List(
        [AsParameters] ApplicationListQuery query, [AsParameters] PageRequest page, [AsParameters] MembershipServices services)
    {
        var applications = services.Db.Applications.AsNoTracking();
        if (query.Status is not null)
        {
            if (!Vocabulary.TryParse<ApplicationStatus>(query.Status, out var status))
            {
                return Problems.Invalid("status", $"Unknown status; use one of: {string.Join(", ", Vocabulary.AllCodes<ApplicationStatus>())}.");
            }
            applications = applications.Where(a => a.Status == status);
        }
        var ordered = applications.OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id);
        return TypedResults.Ok((await ordered.ToPageAsync(page, services.CancellationToken)).Map(ApplicationView.Of));
    }

    public static async Task<Results<Ok<ApplicationView>, NotFound>> Get(Guid applicationId, [AsParameters] MembershipServices services)
    {
        var application = await services.Db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == applicationId, services.CancellationToken);
        return application is null ? TypedResults.NotFound() : TypedResults.Ok(ApplicationView.Of(application));
    }

    public static Task<Results<Ok<ApplicationView>, NotFound, ProblemHttpResult>> StartReview(
        Guid applicationId, ReviewRequest? input, [AsParameters] MembershipServices services) =>
        Change(applicationId, services, (application, actor) => application.StartReview(actor, input?.Note));

    public static Task<Results<Ok<ApplicationView>, NotFound, ProblemHttpResult>> RequestInformation(
        Guid applicationId, InformationRequestInput input, [AsParameters] MembershipServices services) =>
        Change(applicationId, services, (application, actor) => application.RequestInformation(input.Message!, actor));

    public static async Task<Results<Ok<ApplicationView>, NotFound, ProblemHttpResult>> Approve(
        Guid applicationId, ApprovalRequest input, [AsParameters] MembershipServices services)
    {
        var application = await services.Db.Applications.FirstOrDefaultAsync(a => a.Id == applicationId, services.CancellationToken);
        if (application is null)
        {
            return TypedResults.NotFound();
        }
        var actor = services.Actor();
        var member = application.Approve(input.Category!.Value, actor, input.Note);
        // One government seat per country: the partial unique index decides, and SaveAsync answers 409.
        services.Db.Members.Add(member);
        if (await services.SaveAsync() is { } conflict)
        {
            return conflict;
        }
        services.Logger.MemberAdmitted(member.Id, Vocabulary.Code(member.Category), application.Id, actor.Name);
        return TypedResults.Ok(ApplicationView.Of(application));
    }

    public static Task<Results<Ok<ApplicationView>, NotFound, ProblemHttpResult>> Reject(
        Guid applicationId, RejectionRequest input, [AsParameters] MembershipServices services) =>
        Change(applicationId, services, (application, actor) => application.Reject(input.Reason!, actor));

    public static Task<Results<Ok<ApplicationView>, NotFound, ProblemHttpResult>> RecordWithdrawal(
        Guid applicationId, ApplicationWithdrawalRequest? input, [AsParameters] MembershipServices services) =>
        Change(applicationId, services, (application, actor) => application.Withdraw(input?.Reason, actor));

    public static async Task<Results<Ok<Page<AuditEntryView>>, NotFound>> GetAuditTrail(
        Guid applicationId, [AsParameters] PageRequest page, [AsParameters] MembershipServices services)
    {
        // Every application has at least its submission in the (append-only) trail: no entries means no such application.
        var trail = await AuditTrail.PageAsync(services.Db, AuditSubject.Application, applicationId, page, services.CancellationToken);
        return trail.TotalCount == 0 ? TypedResults.NotFound() : TypedResults.Ok(trail);
    }

    private static async Task<Results<Ok<ApplicationView>, NotFound, ProblemHttpResult>> Change(
        Guid applicationId, MembershipServices services, Action<Application, Actor> change)
    {
        var application = await services.Db.Applications.FirstOrDefaultAsync(a => a.Id == applicationId, services.CancellationToken);
        if (application is null)
        {
            return TypedResults.NotFound();
        }
        change(application, services.Actor());
        return await Saved(application, services, ApplicationView.Of);
    }

    private static async Task<Results<Ok<TView>, NotFound, ProblemHttpResult>> Saved<TView>(
        Application application, MembershipServices services, Func<Application, TView> view)
    {
        if (await services.SaveAsync() is { } conflict)
        {
            return conflict;
        }
        services.Logger.ApplicationMoved(application.Id, Vocabulary.Code(application.Status), services.Actor().Name);
        return TypedResults.Ok(view(application));
    }

    private static async Task<Application?> FindByToken(string trackingToken, MembershipServices services, bool tracking)
    {
        // A malformed token cannot match: answer as for an unknown one, without a database round trip.
        if (!TrackingToken.IsWellFormed(trackingToken))
        {
            return null;
        }
        var hash = TrackingToken.Hash(trackingToken);
        var applications = tracking ? services.Db.Applications : services.Db.Applications.AsNoTracking();
        return await applications.FirstOrDefaultAsync(a => a.TrackingTokenHash == hash, services.CancellationToken);
    }
}

/// <summary>What only the submission endpoint needs.</summary>
#pragma warning disable ASP0029 // SkipValidation is marked experimental in .NET 10; without it validation walks every service property.
[SkipValidation]
#pragma warning restore ASP0029
public sealed record SubmissionServices(CountryCatalog Countries, IdempotencyStore Idempotency, IOptions<JsonOptions> Json, HttpContext Http);
