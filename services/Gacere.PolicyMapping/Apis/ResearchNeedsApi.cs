using Gacere.PolicyMapping.Domain;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gacere.PolicyMapping.Apis;

/// <summary>
/// Research needs (the concept note's area d), linked to indicators: a focal point proposes for its own member, the
/// secretariat publishes, rejects, archives and records progress; the public reads what is published.
/// What barriers share is in <see cref="ProposalEndpoints{TProposal, TView}"/>; here, what is a research need's own.
/// </summary>
public static class ResearchNeedsApi
{
    private static readonly ProposalEndpoints<ResearchNeed, ResearchNeedView> Needs = new(ProposalKind.ResearchNeed, new ProposalRoutes(
            "research-needs", "researchNeedId", "Research needs", "ResearchNeed", "ResearchNeeds", "research need",
            ListSummary: "Published research needs, newest first, by country, M49 region, value chain, indicator and progress",
            TrailSummary: "Every step of the research need's curation and progress: who, in which role, when, from, to, why"),
        ResearchNeedView.Of);

    public static RouteGroupBuilder MapResearchNeedsApi(this RouteGroupBuilder policies)
    {
        var curators = Needs.Map(policies, List, Get, Propose, GetTrail);
        Needs.MapDecision(curators.MapPost("/{researchNeedId:guid}/progress", Advance),
            "RecordResearchNeedProgress", "Record progress on a published research need (secretariat)");
        Needs.MapSteps(curators, action =>
            (Guid researchNeedId, CurationStepInput? input, [AsParameters] PolicyServices services) => Needs.MoveAsync(researchNeedId, action, input, services));
        return policies;
    }

    public static Task<Results<Ok<Page<ResearchNeedView>>, ValidationProblem>> List(
        [AsParameters] ResearchNeedQuery query, [AsParameters] PageRequest page, [AsParameters] PolicyServices services)
    {
        var errors = new Dictionary<string, string[]>();
        var progressCodes = QueryValues.Codes<ResearchStatus>("progress", query.Progress, errors);
        var indicators = QueryFields.Texts("indicator", query.Indicator, errors);
        return Needs.ListAsync(query, page, services, errors, needs =>
        {
            if (indicators.Length > 0)
            {
                needs = needs.Where(n => n.IndicatorCodes.Any(c => indicators.Contains(c)));
            }
            var progress = progressCodes.Select(Vocabulary.Parse<ResearchStatus>).ToList();
            if (progress.Count > 0)
            {
                needs = needs.Where(n => progress.Contains(n.Progress));
            }
            return needs;
        });
    }

    public static Task<Results<Ok<ResearchNeedView>, NotFound>> Get(Guid researchNeedId, [AsParameters] PolicyServices services) =>
        Needs.GetAsync(researchNeedId, services);

    public static async Task<Results<Created<ResearchNeedView>, ValidationProblem>> Propose(ResearchNeedInput input, [AsParameters] PolicyServices services)
    {
        var errors = new Dictionary<string, string[]>();
        var countries = services.CheckCountries(input.Countries, errors);
        var indicators = await services.CheckIndicatorsAsync(input.IndicatorCodes, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var content = new ResearchNeedContent(input.Title!.Trim(), input.Description!.Trim(), indicators, countries, input.ValueChains ?? []);
        return await Needs.ProposeAsync(services, (member, actor) => ResearchNeed.Propose(content, member, actor));
    }

    public static Task<Results<Ok<ResearchNeedView>, NotFound>> Advance(Guid researchNeedId, ResearchProgressInput input, [AsParameters] PolicyServices services) =>
        Needs.StepAsync(researchNeedId, services, ProposalAction.Progress,
            (need, actor) => need.Advance(input.Progress!.Value, actor, input.Reason), need => need.Progress);

    public static Task<Results<Ok<IReadOnlyList<ProposalEntryView>>, NotFound>> GetTrail(Guid researchNeedId, [AsParameters] PolicyServices services) =>
        Needs.GetTrailAsync(researchNeedId, services);
}
