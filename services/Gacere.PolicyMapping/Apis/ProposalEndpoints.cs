using Gacere.PolicyMapping.Domain;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gacere.PolicyMapping.Apis;

/// <summary>How one kind of proposal is named in its routes and in the OpenAPI document.</summary>
/// <param name="Segment">The path segment under /api/policies, e.g. "barriers".</param>
/// <param name="IdParameter">The id's route parameter, e.g. "barrierId" (each API's handlers bind it by this name).</param>
/// <param name="Tag">The OpenAPI tag.</param>
/// <param name="Name">The operation names' noun, e.g. "Barrier" (GetBarrier, PublishBarrier…).</param>
/// <param name="PluralName">The list operation's noun, e.g. "Barriers".</param>
/// <param name="Noun">The summaries' noun, e.g. "barrier or gap".</param>
/// <param name="ListSummary">The list's summary.</param>
/// <param name="TrailSummary">The trail's summary.</param>
internal sealed record ProposalRoutes(
    string Segment, string IdParameter, string Tag, string Name, string PluralName, string Noun, string ListSummary, string TrailSummary)
{
    public string ById => $"/{{{IdParameter}:guid}}";
}

/// <summary>
/// What the barrier and research-need endpoints share, written once over <see cref="CuratedProposal"/>: the routes
/// and their metadata, the public list with paging, reading one, its trail, proposing, and the secretariat's steps.
/// Each API keeps only what differs: its own list fields, its content checks, its route parameter's name (its
/// handlers bind it) and, for research needs, progress.
/// </summary>
internal sealed class ProposalEndpoints<TProposal, TView>(ProposalKind kind, ProposalRoutes routes, Func<TProposal, TView> view)
    where TProposal : CuratedProposal
{
    private static readonly string KindName = typeof(TProposal).Name;

    /// <summary>The secretariat's curation steps: route, action, and the summary's wording around the noun.</summary>
    private static readonly (string Route, ProposalAction Action, string Summary)[] Steps =
    [
        ("publication", ProposalAction.Publish, "Publish a proposed {0} (secretariat)"),
        ("rejection", ProposalAction.Reject, "Reject a proposed {0}, giving the reason (secretariat)"),
        ("archival", ProposalAction.Archive, "Archive a published {0}, giving the reason (secretariat)"),
    ];

    /// <summary>The public list and reading one, then (for curators) proposing and the trail; returns the curators' group.</summary>
    public RouteGroupBuilder Map(RouteGroupBuilder policies, Delegate list, Delegate get, Delegate propose, Delegate trail)
    {
        var proposals = policies.MapGroup($"/{routes.Segment}").WithTags(routes.Tag);

        proposals.MapGet("/", list)
            .WithName($"List{routes.PluralName}")
            .WithSummary(routes.ListSummary)
            .ProducesValidationProblem()
            .AllowAnonymous();
        proposals.MapGet(routes.ById, get)
            .WithName($"Get{routes.Name}")
            .WithSummary($"One {routes.Noun}; anyone may read a published one, its proposer and the secretariat any")
            .AllowAnonymous();

        var curators = proposals.MapGroup("")
            .RequireAuthorization(policy => policy.RequireRole(GacereRoles.Secretariat, GacereRoles.FocalPoint));
        curators.MapPost("/", propose)
            .WithName($"Propose{routes.Name}")
            .WithSummary($"Propose a {routes.Noun} (a focal point: for its own, active member)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        curators.MapGet($"{routes.ById}/trail", trail)
            .WithName($"Get{routes.Name}Trail")
            .WithSummary(routes.TrailSummary)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return curators;
    }

    /// <summary>The secretariat's publication, rejection and archival; <paramref name="move"/> is the API's handler for one action.</summary>
    public void MapSteps(RouteGroupBuilder curators, Func<ProposalAction, Delegate> move)
    {
        foreach (var (route, action, summary) in Steps)
        {
            MapDecision(curators.MapPost($"{routes.ById}/{route}", move(action)), $"{action}{routes.Name}", string.Format(summary, routes.Noun));
        }
    }

    /// <summary>A secretariat's decision on one proposal: 400, 403 and 409 as problems.</summary>
    public RouteHandlerBuilder MapDecision(RouteHandlerBuilder endpoint, string name, string summary) =>
        endpoint
            .WithName(name)
            .WithSummary(summary)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>
    /// The public list, newest first: <paramref name="errors"/> already holds the API's own fields' errors, and
    /// <paramref name="narrow"/> applies its own fields once the whole filter is valid.
    /// </summary>
    public async Task<Results<Ok<Page<TView>>, ValidationProblem>> ListAsync(
        IProposalQuery query, PageRequest page, PolicyServices services, Dictionary<string, string[]> errors,
        Func<IQueryable<TProposal>, IQueryable<TProposal>> narrow)
    {
        // Null whenever any of the API's own fields or of the common filter is wrong.
        if (services.Filter(query, errors) is not { } filter)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var proposals = narrow(services.Db.Set<TProposal>().AsNoTracking().Matching(filter));
        var found = await proposals.OrderByDescending(p => p.Id).ToPageAsync(page, services.CancellationToken);
        return TypedResults.Ok(found.Map(view));
    }

    public async Task<Results<Ok<TView>, NotFound>> GetAsync(Guid id, PolicyServices services)
    {
        var proposal = await services.Db.Set<TProposal>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, services.CancellationToken);
        // Unpublished ones do not exist for the public: 404, not 403, so their existence does not leak.
        return proposal is null || !proposal.MayBeSeenBy(services.IsSecretariat, services.User.FocalPointMemberId())
            ? TypedResults.NotFound()
            : TypedResults.Ok(view(proposal));
    }

    /// <summary>A checked proposal recorded with the first row of its trail; <paramref name="propose"/> is the domain's rule.</summary>
    public async Task<Results<Created<TView>, ValidationProblem>> ProposeAsync(
        PolicyServices services, Func<ProposingMember?, Actor, (TProposal Proposal, ProposalEntry Entry)> propose)
    {
        var actor = services.Actor();
        var (proposal, entry) = propose(await services.ProposingMemberAsync(), actor);
        services.Db.AddRange(proposal, entry);
        await services.SaveProposalAsync();
        services.Logger.Proposed(KindName, proposal.Id, proposal.ProposerName, actor.Name);
        return TypedResults.Created($"/api/policies/{routes.Segment}/{proposal.Id}", view(proposal));
    }

    /// <summary>Publication, rejection or archival (<see cref="CuratedProposal.Move"/>).</summary>
    public Task<Results<Ok<TView>, NotFound>> MoveAsync(Guid id, ProposalAction action, CurationStepInput? input, PolicyServices services) =>
        StepAsync(id, services, action, (proposal, actor) => proposal.Move(action, actor, input?.Reason), proposal => proposal.Status);

    /// <summary>
    /// One step on a stored proposal: <paramref name="step"/> is the domain's rule and gives the trail row; the step is
    /// logged with <paramref name="after"/>, the state it leaves the proposal in.
    /// </summary>
    public async Task<Results<Ok<TView>, NotFound>> StepAsync<TState>(
        Guid id, PolicyServices services, ProposalAction action, Func<TProposal, Actor, ProposalEntry> step, Func<TProposal, TState> after)
        where TState : struct, Enum
    {
        var proposal = await services.Db.Set<TProposal>().FirstOrDefaultAsync(p => p.Id == id, services.CancellationToken);
        if (proposal is null)
        {
            return TypedResults.NotFound();
        }
        var actor = services.Actor();
        services.Db.Add(step(proposal, actor));
        await services.SaveProposalAsync();
        services.Logger.ProposalMoved(KindName, proposal.Id, Vocabulary.Code(action), Vocabulary.Code(after(proposal)), actor.Name);
        return TypedResults.Ok(view(proposal));
    }

    public async Task<Results<Ok<IReadOnlyList<ProposalEntryView>>, NotFound>> GetTrailAsync(Guid id, PolicyServices services)
    {
        var proposal = await services.Db.Set<TProposal>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, services.CancellationToken);
        if (proposal is null)
        {
            return TypedResults.NotFound();
        }
        services.EnsureMayReadTrail(proposal);
        return TypedResults.Ok(await services.TrailAsync(kind, id));
    }
}
