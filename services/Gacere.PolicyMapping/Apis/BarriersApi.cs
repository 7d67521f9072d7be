using Gacere.PolicyMapping.Domain;
using Gacere.ReferenceData;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gacere.PolicyMapping.Apis;

/// <summary>
/// Barriers and gaps (the concept note's area c): a focal point proposes for its own member, the secretariat
/// publishes, rejects or archives, the public reads what is published. Every step lands in an append-only trail.
/// </summary>
public static class BarriersApi
{
    public static RouteGroupBuilder MapBarriersApi(this RouteGroupBuilder policies)
    {
        var barriers = policies.MapGroup("/barriers").WithTags("Barriers and gaps");

        barriers.MapGet("/", List)
            .WithName("ListBarriers")
            .WithSummary("Published barriers and gaps, newest first, by country, M49 region, value chain, type and scope")
            .ProducesValidationProblem()
            .AllowAnonymous();
        barriers.MapGet("/{barrierId:guid}", Get)
            .WithName("GetBarrier")
            .WithSummary("One barrier or gap; anyone may read a published one, its proposer and the secretariat any")
            .AllowAnonymous();

        var curators = barriers.MapGroup("")
            .RequireAuthorization(policy => policy.RequireRole(GacereRoles.Secretariat, GacereRoles.FocalPoint));
        curators.MapPost("/", Propose)
            .WithName("ProposeBarrier")
            .WithSummary("Propose a barrier or gap (a focal point: for its own, active member)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        curators.MapGet("/{barrierId:guid}/trail", GetTrail)
            .WithName("GetBarrierTrail")
            .WithSummary("Every step of the barrier's curation: who, in which role, when, from, to, why")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        MapStep(curators, "publication", ProposalAction.Publish, "PublishBarrier", "Publish a proposed barrier or gap (secretariat)");
        MapStep(curators, "rejection", ProposalAction.Reject, "RejectBarrier", "Reject a proposed barrier or gap, giving the reason (secretariat)");
        MapStep(curators, "archival", ProposalAction.Archive, "ArchiveBarrier", "Archive a published barrier or gap, giving the reason (secretariat)");
        return barriers;
    }

    private static void MapStep(RouteGroupBuilder curators, string step, ProposalAction action, string name, string summary) =>
        curators.MapPost($"/{{barrierId:guid}}/{step}",
                (Guid barrierId, CurationStepInput? input, [AsParameters] PolicyServices services) => Move(barrierId, action, input, services))
            .WithName(name)
            .WithSummary(summary)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<Page<BarrierView>>, ValidationProblem>> List(
        [AsParameters] BarrierQuery query, [AsParameters] PageRequest page, [AsParameters] PolicyServices services)
    {
        var errors = new Dictionary<string, string[]>();
        var typeCodes = ProposalAccess.Codes<BarrierType>("type", query.Type, errors);
        var scopeCodes = ProposalAccess.Codes<BarrierScope>("scope", query.Scope, errors);
        // Null whenever any field above or in the common filter is wrong.
        if (services.Filter(query.Country, query.Region, query.ValueChain, query.Status, errors) is not { } filter)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var types = typeCodes.Select(Vocabulary.Parse<BarrierType>).ToList();
        var scopes = scopeCodes.Select(Vocabulary.Parse<BarrierScope>).ToList();
        var barriers = services.Db.Set<BarrierOrGap>().AsNoTracking().Matching(filter);
        if (types.Count > 0)
        {
            barriers = barriers.Where(b => types.Contains(b.Type));
        }
        if (scopes.Count > 0)
        {
            barriers = barriers.Where(b => scopes.Contains(b.Scope));
        }
        var found = await barriers.OrderByDescending(b => b.Id).ToPageAsync(page, services.CancellationToken);
        return TypedResults.Ok(found.Map(BarrierView.Of));
    }

    public static async Task<Results<Ok<BarrierView>, NotFound>> Get(Guid barrierId, [AsParameters] PolicyServices services)
    {
        var barrier = await services.Db.Set<BarrierOrGap>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == barrierId, services.CancellationToken);
        // Unpublished ones do not exist for the public: 404, not 403, so their existence does not leak.
        return barrier is null || !barrier.MayBeSeenBy(services.IsSecretariat, services.User.FocalPointMemberId())
            ? TypedResults.NotFound()
            : TypedResults.Ok(BarrierView.Of(barrier));
    }

    public static async Task<Results<Created<BarrierView>, ValidationProblem>> Propose(BarrierInput input, [AsParameters] PolicyServices services)
    {
        var errors = new Dictionary<string, string[]>();
        var countries = services.CheckCountries(input.Countries, errors);
        var valueChains = input.ValueChains ?? [];
        foreach (var (field, message) in BarrierRules.CheckScope(input.Scope!.Value, countries.Distinct().Count(), valueChains.Distinct().Count()))
        {
            errors.TryAdd(field, [message]);
        }
        var instrumentIds = input.InstrumentIds ?? [];
        if (instrumentIds.Count > 0)
        {
            var published = (await services.Db.Set<PolicyInstrument>().AsNoTracking()
                .Where(i => instrumentIds.Contains(i.Id) && i.Status == CurationStatus.Published)
                .Select(i => i.Id).ToListAsync(services.CancellationToken)).ToHashSet();
            for (var i = 0; i < instrumentIds.Count; i++)
            {
                if (!published.Contains(instrumentIds[i]))
                {
                    errors[$"instrumentIds[{i}]"] = ["No published instrument has this id; link published instruments only."];
                }
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var actor = services.Actor();
        var content = new BarrierContent(input.Title!.Trim(), input.Description!.Trim(), input.Type!.Value, input.Scope!.Value, countries, valueChains, instrumentIds);
        var (barrier, entry) = BarrierOrGap.Propose(content, await services.ProposingMemberAsync(), actor);
        services.Db.AddRange(barrier, entry);
        await services.SaveProposalAsync();
        services.Logger.Proposed(nameof(BarrierOrGap), barrier.Id, barrier.ProposerName, actor.Name);
        return TypedResults.Created($"/api/policies/barriers/{barrier.Id}", BarrierView.Of(barrier));
    }

    public static async Task<Results<Ok<BarrierView>, NotFound>> Move(Guid barrierId, ProposalAction action, CurationStepInput? input, PolicyServices services)
    {
        var barrier = await services.Db.Set<BarrierOrGap>().FirstOrDefaultAsync(b => b.Id == barrierId, services.CancellationToken);
        if (barrier is null)
        {
            return TypedResults.NotFound();
        }
        var actor = services.Actor();
        services.Db.Add(barrier.Move(action, actor, input?.Reason));
        await services.SaveProposalAsync();
        services.Logger.ProposalMoved(nameof(BarrierOrGap), barrier.Id, Vocabulary.Code(action), Vocabulary.Code(barrier.Status), actor.Name);
        return TypedResults.Ok(BarrierView.Of(barrier));
    }

    public static async Task<Results<Ok<IReadOnlyList<ProposalEntryView>>, NotFound>> GetTrail(Guid barrierId, [AsParameters] PolicyServices services)
    {
        var barrier = await services.Db.Set<BarrierOrGap>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == barrierId, services.CancellationToken);
        if (barrier is null)
        {
            return TypedResults.NotFound();
        }
        services.EnsureMayReadTrail(barrier);
        return TypedResults.Ok(await services.TrailAsync(ProposalKind.Barrier, barrierId));
    }
}
