using Gacere.Partnerships.Domain;
using Gacere.Partnerships.Search;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gacere.Partnerships.Apis;

/// <summary>
/// Best practices: submitted by members' focal points, published or rejected by the secretariat with a trail, and
/// searched by everyone (full text, filters, facet counts, keyset paging) once published.
/// </summary>
public static class BestPracticeEndpoints
{
    public static RouteGroupBuilder MapBestPracticeEndpoints(this RouteGroupBuilder api)
    {
        var practices = api.MapGroup("/best-practices");

        var anyone = practices.MapGroup("").WithTags("Public best practices").AllowAnonymous();
        anyone.MapGet("/search", Search)
            .WithName("SearchBestPractices")
            .WithSummary("Published best practices: full text, filters, facet counts for every vocabulary, keyset paging");
        anyone.MapGet("/{bestPracticeId:guid}", GetPublished)
            .WithName("GetBestPractice")
            .WithSummary("A published best practice");

        var focalPoints = practices.MapGroup("").WithTags("Best practices").RequireAuthorization(GacereRoles.FocalPoint);
        focalPoints.MapPost("/", Submit)
            .WithName("SubmitBestPractice")
            .WithSummary("Submit a best practice for the focal point's own member; the secretariat publishes or rejects it")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var members = practices.MapGroup("/submissions").WithTags("Best practices")
            .RequireAuthorization(policy => policy.RequireRole(GacereRoles.Secretariat, GacereRoles.FocalPoint));
        members.MapGet("/", ListSubmissions)
            .WithName("ListBestPracticeSubmissions")
            .WithSummary("Best practices in any status: all for the secretariat, the focal point's member's otherwise; newest first")
            .ProducesValidationProblem();
        members.MapGet("/{bestPracticeId:guid}", GetSubmission)
            .WithName("GetBestPracticeSubmission")
            .WithSummary("A best practice in any status, for the secretariat and its member's focal points")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        members.MapGet("/{bestPracticeId:guid}/trail", Trail)
            .WithName("GetBestPracticeTrail")
            .WithSummary("Every step of the best practice: who, when, what, why (append-only)")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var secretariat = practices.MapGroup("").WithTags("Best practice review").RequireAuthorization(GacereRoles.Secretariat);
        secretariat.MapPost("/{bestPracticeId:guid}/publication", Publish)
            .WithName("PublishBestPractice")
            .WithSummary("Publish a submitted best practice: from then on it is public and searchable")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPost("/{bestPracticeId:guid}/rejection", Reject)
            .WithName("RejectBestPractice")
            .WithSummary("Reject a submitted best practice, saying why")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Ok<BestPracticeSearchPage>, ValidationProblem>> Search(
        [AsParameters] BestPracticeQuery query, [AsParameters] BestPracticePaging paging, [AsParameters] PartnershipServices services)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = BestPracticeFilter.Parse(query, services.Countries, errors);
        SearchCursor? after = null;
        if (filter is not null && paging.After is not null && (after = SearchCursor.TryDecode(paging.After, withRank: filter.Text is not null)) is null)
        {
            errors["after"] = ["Not a cursor of this search; pass the nextCursor of the previous page with the same q."];
        }
        if (filter is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await BestPracticeSearch.SearchAsync(services.Db, services.Countries, filter, after, paging.Limit ?? 20, services.CancellationToken));
    }

    public static async Task<Results<Ok<BestPracticeView>, NotFound>> GetPublished(Guid bestPracticeId, [AsParameters] PartnershipServices services)
    {
        var practice = await services.Db.BestPractices.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == bestPracticeId && p.Status == BestPracticeStatus.Published, services.CancellationToken);
        return practice is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new BestPracticeView(practice.Id, practice.MemberId, practice.Title, practice.CountryIso3, practice.OrganisationType,
                practice.ValueChain, [.. practice.RStrategyCodes], practice.Language, practice.Outcomes, practice.Source, practice.PartnershipId, practice.PublishedAt!.Value));
    }

    public static async Task<Created<BestPracticeSubmissionView>> Submit(BestPracticeInput input, [AsParameters] PartnershipServices services)
    {
        var memberId = input.MemberId!.Value;
        if (services.User.FocalPointMemberId() != memberId)
        {
            throw new NotYourPartnership("A focal point submits best practices only for its own member.");
        }
        var member = await services.ActiveMemberAsync(memberId, "memberId", member => new MemberNotInGoodStanding(member.OrganisationName, member.Status));
        if (input.PartnershipId is { } partnershipId &&
            !await services.Db.Partnerships.AnyAsync(p => p.Id == partnershipId && p.PartnerMemberIds.Contains(memberId), services.CancellationToken))
        {
            throw new InvalidPartnershipInput("partnershipId", $"'{member.OrganisationName}' is not a partner of a partnership with the id {partnershipId}.");
        }
        var draft = input.ToDraft(services.Countries, member);
        var actor = services.Actor();
        var (practice, trail) = BestPractice.Submit(draft, actor);
        services.Db.BestPractices.Add(practice);
        services.Db.BestPracticeTrail.Add(trail);
        await services.SaveAsync();
        services.Logger.BestPracticeChanged(practice.Id, "submitted", actor.Name);
        return TypedResults.Created($"/api/partnerships/best-practices/submissions/{practice.Id}", BestPracticeSubmissionView.Of(practice));
    }

    public static async Task<Ok<Page<BestPracticeSubmissionView>>> ListSubmissions(
        [AsParameters] BestPracticeListQuery query, [AsParameters] PageRequest page, [AsParameters] PartnershipServices services)
    {
        var practices = services.Db.BestPractices.AsNoTracking();
        if (!services.IsSecretariat)
        {
            var member = services.User.FocalPointMemberId() ?? Guid.Empty;
            practices = practices.Where(p => p.MemberId == member);
        }
        if (query.Status is not null)
        {
            if (!Vocabulary.TryParse<BestPracticeStatus>(query.Status, out var status))
            {
                throw new InvalidPartnershipInput("status", $"Unknown status; {Vocabulary.Expected<BestPracticeStatus>()}.");
            }
            practices = practices.Where(p => p.Status == status);
        }
        var rows = await practices.OrderByDescending(p => p.Id).ToPageAsync(page, services.CancellationToken);
        return TypedResults.Ok(rows.Map(BestPracticeSubmissionView.Of));
    }

    public static async Task<Results<Ok<BestPracticeSubmissionView>, NotFound>> GetSubmission(Guid bestPracticeId, [AsParameters] PartnershipServices services) =>
        await FindAsync(bestPracticeId, services, tracked: false) is { } practice ? TypedResults.Ok(BestPracticeSubmissionView.Of(practice)) : TypedResults.NotFound();

    public static async Task<Results<Ok<IReadOnlyList<BestPracticeTrailEntryView>>, NotFound>> Trail(Guid bestPracticeId, [AsParameters] PartnershipServices services)
    {
        if (await FindAsync(bestPracticeId, services, tracked: false) is null)
        {
            return TypedResults.NotFound();
        }
        var entries = await services.Db.BestPracticeTrail.AsNoTracking().Where(e => e.BestPracticeId == bestPracticeId)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new BestPracticeTrailEntryView(e.Action, e.From, e.To, e.Actor, e.At, e.Note))
            .ToListAsync(services.CancellationToken);
        return TypedResults.Ok<IReadOnlyList<BestPracticeTrailEntryView>>(entries);
    }

    public static Task<Results<Ok<BestPracticeSubmissionView>, NotFound>> Publish(Guid bestPracticeId, NoteInput input, [AsParameters] PartnershipServices services) =>
        DecideAsync(bestPracticeId, services, "published", (p, actor) => p.Publish(actor, input.Note));

    public static Task<Results<Ok<BestPracticeSubmissionView>, NotFound>> Reject(Guid bestPracticeId, BestPracticeRejectionInput input, [AsParameters] PartnershipServices services) =>
        DecideAsync(bestPracticeId, services, "rejected", (p, actor) => p.Reject(actor, input.Reason!));

    /// <summary>The practice, or null; a 403 for a focal point of another member.</summary>
    private static async Task<BestPractice?> FindAsync(Guid id, PartnershipServices services, bool tracked)
    {
        var practices = tracked ? services.Db.BestPractices : services.Db.BestPractices.AsNoTracking();
        var practice = await practices.FirstOrDefaultAsync(p => p.Id == id, services.CancellationToken);
        if (practice is not null && !services.IsSecretariat && services.User.FocalPointMemberId() != practice.MemberId)
        {
            throw new NotYourPartnership("Only the secretariat and the submitting member's focal points may see a best practice before it is published.");
        }
        return practice;
    }

    /// <summary>Loads, decides and saves a practice with its trail entry in the same commit.</summary>
    private static async Task<Results<Ok<BestPracticeSubmissionView>, NotFound>> DecideAsync(
        Guid id, PartnershipServices services, string description, Func<BestPractice, Actor, BestPracticeTrailEntry> decide)
    {
        if (await FindAsync(id, services, tracked: true) is not { } practice)
        {
            return TypedResults.NotFound();
        }
        var actor = services.Actor();
        services.Db.BestPracticeTrail.Add(decide(practice, actor));
        await services.SaveAsync();
        services.Logger.BestPracticeChanged(practice.Id, description, actor.Name);
        return TypedResults.Ok(BestPracticeSubmissionView.Of(practice));
    }
}
