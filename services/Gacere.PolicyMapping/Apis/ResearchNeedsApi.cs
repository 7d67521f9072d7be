using Gacere.PolicyMapping.Domain;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gacere.PolicyMapping.Apis;

/// <summary>
/// Research needs (the concept note's area d), linked to indicators: a focal point proposes for its own member, the
/// secretariat publishes, rejects, archives and records progress; the public reads what is published.
/// </summary>
public static class ResearchNeedsApi
{
    public static RouteGroupBuilder MapResearchNeedsApi(this RouteGroupBuilder policies)
    {
        var needs = policies.MapGroup("/research-needs").WithTags("Research needs");

        needs.MapGet("/", List)
            .WithName("ListResearchNeeds")
            .WithSummary("Published research needs, newest first, by country, M49 region, value chain, indicator and progress")
            .ProducesValidationProblem()
            .AllowAnonymous();
        needs.MapGet("/{researchNeedId:guid}", Get)
            .WithName("GetResearchNeed")
            .WithSummary("One research need; anyone may read a published one, its proposer and the secretariat any")
            .AllowAnonymous();

        var curators = needs.MapGroup("")
            .RequireAuthorization(policy => policy.RequireRole(GacereRoles.Secretariat, GacereRoles.FocalPoint));
        curators.MapPost("/", Propose)
            .WithName("ProposeResearchNeed")
            .WithSummary("Propose a research need (a focal point: for its own, active member)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        curators.MapGet("/{researchNeedId:guid}/trail", GetTrail)
            .WithName("GetResearchNeedTrail")
            .WithSummary("Every step of the research need's curation and progress: who, in which role, when, from, to, why")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        curators.MapPost("/{researchNeedId:guid}/progress", Advance)
            .WithName("RecordResearchNeedProgress")
            .WithSummary("Record progress on a published research need (secretariat)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        MapStep(curators, "publication", ProposalAction.Publish, "PublishResearchNeed", "Publish a proposed research need (secretariat)");
        MapStep(curators, "rejection", ProposalAction.Reject, "RejectResearchNeed", "Reject a proposed research need, giving the reason (secretariat)");
        MapStep(curators, "archival", ProposalAction.Archive, "ArchiveResearchNeed", "Archive a published research need, giving the reason (secretariat)");
        return needs;
    }

    private static void MapStep(RouteGroupBuilder curators, string step, ProposalAction action, string name, string summary) =>
        curators.MapPost($"/{{researchNeedId:guid}}/{step}",
                (Guid researchNeedId, CurationStepInput? input, [AsParameters] PolicyServices services) => Move(researchNeedId, action, input, services))
            .WithName(name)
            .WithSummary(summary)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<Page<ResearchNeedView>>, ValidationProblem>> List(
        [AsParameters] ResearchNeedQuery query, [AsParameters] PageRequest page, [AsParameters] PolicyServices services)
    {
        var errors = new Dictionary<string, string[]>();
        var progressCodes = ProposalAccess.Codes<ResearchStatus>("progress", query.Progress, errors);
        var indicators = Search.PolicyFilter.Split(query.Indicator);
        if (indicators.Any(code => code.Contains('\0', StringComparison.Ordinal)))
        {
            errors["indicator"] = ["The text contains a NUL character (\\u0000), which is not allowed."];
        }
        // Null whenever any field above or in the common filter is wrong.
        if (services.Filter(query.Country, query.Region, query.ValueChain, query.Status, errors) is not { } filter)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var needs = services.Db.Set<ResearchNeed>().AsNoTracking().Matching(filter);
        if (indicators.Length > 0)
        {
            needs = needs.Where(n => n.IndicatorCodes.Any(c => indicators.Contains(c)));
        }
        var progress = progressCodes.Select(Vocabulary.Parse<ResearchStatus>).ToList();
        if (progress.Count > 0)
        {
            needs = needs.Where(n => progress.Contains(n.Progress));
        }
        var found = await needs.OrderByDescending(n => n.Id).ToPageAsync(page, services.CancellationToken);
        return TypedResults.Ok(found.Map(ResearchNeedView.Of));
    }

    public static async Task<Results<Ok<ResearchNeedView>, NotFound>> Get(Guid researchNeedId, [AsParameters] PolicyServices services)
    {
        var need = await services.Db.Set<ResearchNeed>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == researchNeedId, services.CancellationToken);
        return need is null || !need.MayBeSeenBy(services.IsSecretariat, services.User.FocalPointMemberId())
            ? TypedResults.NotFound()
            : TypedResults.Ok(ResearchNeedView.Of(need));
    }

    public static async Task<Results<Created<ResearchNeedView>, ValidationProblem>> Propose(ResearchNeedInput input, [AsParameters] PolicyServices services)
    {
        var errors = new Dictionary<string, string[]>();
        var countries = services.CheckCountries(input.Countries, errors);
        var indicators = await services.CheckIndicatorsAsync(input.IndicatorCodes, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var actor = services.Actor();
        var content = new ResearchNeedContent(input.Title!.Trim(), input.Description!.Trim(), indicators, countries, input.ValueChains ?? []);
        var (need, entry) = ResearchNeed.Propose(content, await services.ProposingMemberAsync(), actor);
        services.Db.AddRange(need, entry);
        await services.SaveProposalAsync();
        services.Logger.Proposed(nameof(ResearchNeed), need.Id, need.ProposerName, actor.Name);
        return TypedResults.Created($"/api/policies/research-needs/{need.Id}", ResearchNeedView.Of(need));
    }

    public static async Task<Results<Ok<ResearchNeedView>, NotFound>> Move(Guid researchNeedId, ProposalAction action, CurationStepInput? input, PolicyServices services)
    {
        var need = await services.Db.Set<ResearchNeed>().FirstOrDefaultAsync(n => n.Id == researchNeedId, services.CancellationToken);
        if (need is null)
        {
            return TypedResults.NotFound();
        }
        var actor = services.Actor();
        services.Db.Add(need.Move(action, actor, input?.Reason));
        await services.SaveProposalAsync();
        services.Logger.ProposalMoved(nameof(ResearchNeed), need.Id, Vocabulary.Code(action), Vocabulary.Code(need.Status), actor.Name);
        return TypedResults.Ok(ResearchNeedView.Of(need));
    }

    public static async Task<Results<Ok<ResearchNeedView>, NotFound>> Advance(
        Guid researchNeedId, ResearchProgressInput input, [AsParameters] PolicyServices services)
    {
        var need = await services.Db.Set<ResearchNeed>().FirstOrDefaultAsync(n => n.Id == researchNeedId, services.CancellationToken);
        if (need is null)
        {
            return TypedResults.NotFound();
        }
        var actor = services.Actor();
        services.Db.Add(need.Advance(input.Progress!.Value, actor, input.Reason));
        await services.SaveProposalAsync();
        services.Logger.ProposalMoved(nameof(ResearchNeed), need.Id, Vocabulary.Code(ProposalAction.Progress), Vocabulary.Code(need.Progress), actor.Name);
        return TypedResults.Ok(ResearchNeedView.Of(need));
    }

    public static async Task<Results<Ok<IReadOnlyList<ProposalEntryView>>, NotFound>> GetTrail(Guid researchNeedId, [AsParameters] PolicyServices services)
    {
        var need = await services.Db.Set<ResearchNeed>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == researchNeedId, services.CancellationToken);
        if (need is null)
        {
            return TypedResults.NotFound();
        }
        services.EnsureMayReadTrail(need);
        return TypedResults.Ok(await services.TrailAsync(ProposalKind.ResearchNeed, researchNeedId));
    }
}
