using Gacere.PolicyMapping.Domain;
using Gacere.ReferenceData;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gacere.PolicyMapping.Apis;

/// <summary>
/// Barriers and gaps (the concept note's area c): a focal point proposes for its own member, the secretariat
/// publishes, rejects or archives, the public reads what is published. Every step lands in an append-only trail.
/// What research needs share is in <see cref="ProposalEndpoints{TProposal, TView}"/>; here, what is a barrier's own.
/// </summary>
public static class BarriersApi
{
    private static readonly ProposalEndpoints<BarrierOrGap, BarrierView> Barriers = new(ProposalKind.Barrier, new ProposalRoutes(
            "barriers", "barrierId", "Barriers and gaps", "Barrier", "Barriers", "barrier or gap",
            ListSummary: "Published barriers and gaps, newest first, by country, M49 region, value chain, type and scope",
            TrailSummary: "Every step of the barrier's curation: who, in which role, when, from, to, why"),
        BarrierView.Of);

    public static RouteGroupBuilder MapBarriersApi(this RouteGroupBuilder policies)
    {
        var curators = Barriers.Map(policies, List, Get, Propose, GetTrail);
        Barriers.MapSteps(curators, action =>
            (Guid barrierId, CurationStepInput? input, [AsParameters] PolicyServices services) => Barriers.MoveAsync(barrierId, action, input, services));
        return policies;
    }

    public static Task<Results<Ok<Page<BarrierView>>, ValidationProblem>> List(
        [AsParameters] BarrierQuery query, [AsParameters] PageRequest page, [AsParameters] PolicyServices services)
    {
        var errors = new Dictionary<string, string[]>();
        var types = QueryValues.Codes<BarrierType>("type", query.Type, errors);
        var scopes = QueryValues.Codes<BarrierScope>("scope", query.Scope, errors);
        return Barriers.ListAsync(query, page, services, errors, barriers =>
        {
            var wantedTypes = types.Select(Vocabulary.Parse<BarrierType>).ToList();
            var wantedScopes = scopes.Select(Vocabulary.Parse<BarrierScope>).ToList();
            if (wantedTypes.Count > 0)
            {
                barriers = barriers.Where(b => wantedTypes.Contains(b.Type));
            }
            if (wantedScopes.Count > 0)
            {
                barriers = barriers.Where(b => wantedScopes.Contains(b.Scope));
            }
            return barriers;
        });
    }

    public static Task<Results<Ok<BarrierView>, NotFound>> Get(Guid barrierId, [AsParameters] PolicyServices services) =>
        Barriers.GetAsync(barrierId, services);

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
        var content = new BarrierContent(input.Title!.Trim(), input.Description!.Trim(), input.Type!.Value, input.Scope!.Value, countries, valueChains, instrumentIds);
        return await Barriers.ProposeAsync(services, (member, actor) => BarrierOrGap.Propose(content, member, actor));
    }

    public static Task<Results<Ok<IReadOnlyList<ProposalEntryView>>, NotFound>> GetTrail(Guid barrierId, [AsParameters] PolicyServices services) =>
        Barriers.GetTrailAsync(barrierId, services);
}
