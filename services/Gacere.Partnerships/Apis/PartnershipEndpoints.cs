using Gacere.Partnerships.Domain;
using Gacere.Partnerships.IntegrationEvents;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gacere.Partnerships.Apis;

/// <summary>
/// Partnerships: proposals by focal points, the secretariat's review (SMART, duplicates), lifecycle, progress,
/// and the public pages of active partnerships.
/// </summary>
public static class PartnershipEndpoints
{
    public static RouteGroupBuilder MapPartnershipEndpoints(this RouteGroupBuilder api)
    {
        var anyone = api.MapGroup("/public").WithTags("Public partnerships").AllowAnonymous();
        anyone.MapGet("/", ListPublic)
            .WithName("ListPublicPartnerships")
            .WithSummary("Active partnerships, by title");
        anyone.MapGet("/{partnershipId:guid}", GetPublic)
            .WithName("GetPublicPartnership")
            .WithSummary("The public page of an active partnership: partners, deliverables, progress reports");

        // Ownership is checked per partnership in the handlers: a focal point acts only for its own member.
        var members = api.MapGroup("").WithTags("Partnerships")
            .RequireAuthorization(policy => policy.RequireRole(GacereRoles.Secretariat, GacereRoles.FocalPoint));
        members.MapPost("/", Propose)
            .WithName("ProposePartnership")
            .WithSummary("Propose a partnership led by the focal point's own member; answers the SMART pre-check and likely duplicates")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        members.MapGet("/", List)
            .WithName("ListPartnerships")
            .WithSummary("Partnerships: all for the secretariat, those of the focal point's member otherwise");
        members.MapGet("/{partnershipId:guid}", Get)
            .WithName("GetPartnership")
            .WithSummary("A partnership with its SMART review, likely duplicates and what blocks activation")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        members.MapPut("/{partnershipId:guid}", Change)
            .WithName("ChangePartnership")
            .WithSummary("Change a proposal (lead's focal point or secretariat); the pre-check and duplication check run again")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        members.MapGet("/{partnershipId:guid}/trail", Trail)
            .WithName("GetPartnershipTrail")
            .WithSummary("Every step of the partnership: who, when, what, why (append-only)")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        members.MapPut("/{partnershipId:guid}/deliverables/{deliverableId:guid}/status", UpdateDeliverable)
            .WithName("UpdateDeliverableStatus")
            .WithSummary("A partner's focal point (or the secretariat) updates where a deliverable stands")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        members.MapPost("/{partnershipId:guid}/progress-reports", ReportProgress)
            .WithName("SubmitProgressReport")
            .WithSummary("The annual progress report; one per partnership per year")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        members.MapGet("/{partnershipId:guid}/progress-reports", ProgressReports)
            .WithName("ListProgressReports")
            .WithSummary("The partnership's progress reports, latest year first")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var secretariat = api.MapGroup("").WithTags("Partnership review").RequireAuthorization(GacereRoles.Secretariat);
        secretariat.MapPost("/{partnershipId:guid}/review", StartReview)
            .WithName("StartPartnershipReview")
            .WithSummary("Take a proposal under review")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPost("/{partnershipId:guid}/smart-judgements", Judge)
            .WithName("JudgeSmartCriterion")
            .WithSummary("Record the secretariat's judgement of one SMART criterion, beside the pre-check")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPost("/{partnershipId:guid}/duplicate-decisions", Decide)
            .WithName("DecideDuplicateCandidate")
            .WithSummary("Record the decision on one listed likely duplicate: distinct, merge or complementary")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPost("/{partnershipId:guid}/activation", Activate)
            .WithName("ActivatePartnership")
            .WithSummary("Activate a reviewed partnership: all five SMART criteria accepted, every listed duplicate decided")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPost("/{partnershipId:guid}/completion", Complete)
            .WithName("CompletePartnership")
            .WithSummary("Record that an active partnership is completed")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPost("/{partnershipId:guid}/discontinuation", Discontinue)
            .WithName("DiscontinuePartnership")
            .WithSummary("Discontinue a partnership that is not completed")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapPost("/{partnershipId:guid}/lead", NameNewLead)
            .WithName("NamePartnershipLead")
            .WithSummary("Name a new lead for a partnership whose lead left the Alliance (also once active); an active member of the Alliance")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        secretariat.MapGet("/overdue-deliverables", Overdue)
            .WithName("ListOverdueDeliverables")
            .WithSummary("Deliverables of active partnerships past their due date, neither delivered nor cancelled, oldest first");
        return api;
    }

    public static async Task<Created<PartnershipView>> Propose(PartnershipInput input, [AsParameters] PartnershipServices services)
    {
        var draft = await services.DraftAsync(input);
        var actor = services.Actor();
        var (partnership, trail) = Partnership.Propose(draft, actor);
        partnership.ListDuplicateCandidates(await services.CheckDuplicatesAsync(partnership.Id, draft));
        services.Db.Partnerships.Add(partnership);
        services.Db.Trail.Add(trail);
        await services.SaveAsync();
        services.Logger.Proposed(partnership.Id, actor.Name, partnership.DuplicateCandidates.Count);
        return TypedResults.Created($"/api/partnerships/{partnership.Id}", PartnershipView.Of(partnership));
    }

    public static async Task<Ok<Page<PartnershipSummary>>> List(
        [AsParameters] PartnershipListQuery query, [AsParameters] PageRequest page, [AsParameters] PartnershipServices services)
    {
        var partnerships = services.Db.Partnerships.AsNoTracking();
        if (!services.IsSecretariat)
        {
            var member = services.User.FocalPointMemberId() ?? Guid.Empty;
            partnerships = partnerships.Where(p => p.PartnerMemberIds.Contains(member));
        }
        if (query.Status is not null)
        {
            if (!Vocabulary.TryParse<PartnershipStatus>(query.Status, out var status))
            {
                throw new InvalidPartnershipInput("status", $"Unknown status; use one of: {string.Join(", ", Vocabulary.AllCodes<PartnershipStatus>())}.");
            }
            partnerships = partnerships.Where(p => p.Status == status);
        }
        var ordered = partnerships.OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Id)
            .Select(p => new PartnershipSummary(p.Id, p.Title, p.Kind, p.Status, p.LeadMemberId, p.StartDate, p.EndDate, p.UpdatedAt));
        return TypedResults.Ok(await ordered.ToPageAsync(page, services.CancellationToken));
    }

    public static async Task<Results<Ok<PartnershipView>, NotFound>> Get(Guid partnershipId, [AsParameters] PartnershipServices services) =>
        await services.FindForPartnerAsync(partnershipId) is { } partnership ? TypedResults.Ok(PartnershipView.Of(partnership)) : TypedResults.NotFound();

    public static async Task<Results<Ok<PartnershipView>, NotFound>> Change(
        Guid partnershipId, PartnershipInput input, [AsParameters] PartnershipServices services)
    {
        if (await services.FindForPartnerAsync(partnershipId, tracked: true) is not { } partnership)
        {
            return TypedResults.NotFound();
        }
        // The current lead and the proposed one: a focal point may neither change another's partnership nor hand it over.
        services.RequireMayLead(partnership.LeadMemberId);
        var draft = await services.DraftAsync(input);
        var actor = services.Actor();
        services.Db.Trail.Add(partnership.Change(draft, actor, input.Note));
        partnership.ListDuplicateCandidates(await services.CheckDuplicatesAsync(partnership.Id, draft));
        await services.SaveAsync();
        services.Logger.Changed(partnership.Id, "changed", Vocabulary.Code(partnership.Status), actor.Name);
        return TypedResults.Ok(PartnershipView.Of(partnership));
    }

    public static async Task<Results<Ok<Page<TrailEntryView>>, NotFound>> Trail(
        Guid partnershipId, [AsParameters] PageRequest page, [AsParameters] PartnershipServices services)
    {
        if (await services.FindForPartnerAsync(partnershipId) is null)
        {
            return TypedResults.NotFound();
        }
        var trail = services.Db.Trail.AsNoTracking().Where(e => e.PartnershipId == partnershipId)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new TrailEntryView(e.Action, e.From, e.To, e.Actor, e.At, e.Note));
        return TypedResults.Ok(await trail.ToPageAsync(page, services.CancellationToken));
    }

    public static Task<Results<Ok<PartnershipView>, NotFound>> StartReview(Guid partnershipId, NoteInput input, [AsParameters] PartnershipServices services) =>
        ChangeAsync(partnershipId, services, "review started", (p, actor) => p.StartReview(actor, input.Note));

    public static Task<Results<Ok<PartnershipView>, NotFound>> Judge(Guid partnershipId, SmartJudgementInput input, [AsParameters] PartnershipServices services) =>
        ChangeAsync(partnershipId, services, "SMART judged", (p, actor) => p.Judge(input.Criterion!.Value, input.Judgement!.Value, input.Note, actor));

    public static Task<Results<Ok<PartnershipView>, NotFound>> Decide(Guid partnershipId, DuplicateDecisionInput input, [AsParameters] PartnershipServices services) =>
        ChangeAsync(partnershipId, services, "duplicate decided", (p, actor) => p.Decide(input.CandidateId!.Value, input.Decision!.Value, input.Note, actor));

    public static Task<Results<Ok<PartnershipView>, NotFound>> Activate(Guid partnershipId, NoteInput input, [AsParameters] PartnershipServices services) =>
        ChangeAsync(partnershipId, services, "activated", (p, actor) => p.Activate(actor, input.Note));

    public static Task<Results<Ok<PartnershipView>, NotFound>> Complete(Guid partnershipId, NoteInput input, [AsParameters] PartnershipServices services) =>
        ChangeAsync(partnershipId, services, "completed", (p, actor) => p.Complete(actor, input.Note));

    public static Task<Results<Ok<PartnershipView>, NotFound>> Discontinue(Guid partnershipId, DiscontinuationInput input, [AsParameters] PartnershipServices services) =>
        ChangeAsync(partnershipId, services, "discontinued", (p, actor) => p.Discontinue(actor, input.Reason!));

    public static async Task<Results<Ok<PartnershipView>, NotFound>> NameNewLead(Guid partnershipId, NewLeadInput input, [AsParameters] PartnershipServices services)
    {
        if (await services.FindForPartnerAsync(partnershipId, tracked: true) is not { } partnership)
        {
            return TypedResults.NotFound();
        }
        var lead = await services.ActivePartnerAsync(input.MemberId!.Value, "memberId");
        var actor = services.Actor();
        services.Db.Trail.Add(partnership.NameNewLead(lead, actor, input.Note));
        await services.SaveAsync();
        services.Logger.Changed(partnership.Id, "new lead named", Vocabulary.Code(partnership.Status), actor.Name);
        return TypedResults.Ok(PartnershipView.Of(partnership));
    }

    public static async Task<Results<Ok<DeliverableView>, NotFound>> UpdateDeliverable(
        Guid partnershipId, Guid deliverableId, DeliverableStatusInput input, [AsParameters] PartnershipServices services)
    {
        if (await services.FindForPartnerAsync(partnershipId, tracked: true) is not { } partnership)
        {
            return TypedResults.NotFound();
        }
        if (partnership.Deliverables.FirstOrDefault(d => d.Id == deliverableId) is not { } deliverable)
        {
            return TypedResults.NotFound();
        }
        var actor = services.Actor();
        services.Db.Trail.Add(partnership.UpdateDeliverable(deliverableId, input.Status!.Value, input.Note, actor));
        await services.SaveAsync();
        services.Logger.Changed(partnership.Id, "deliverable updated", Vocabulary.Code(partnership.Status), actor.Name);
        return TypedResults.Ok(PartnershipView.DeliverableOf(deliverable));
    }

    public static async Task<Results<Created<ProgressReportView>, NotFound>> ReportProgress(
        Guid partnershipId, ProgressReportInput input, [AsParameters] PartnershipServices services)
    {
        if (await services.FindForPartnerAsync(partnershipId, tracked: true) is not { } partnership)
        {
            return TypedResults.NotFound();
        }
        if (await services.Db.ProgressReports.AnyAsync(r => r.PartnershipId == partnershipId && r.Year == input.Year, services.CancellationToken))
        {
            throw new ChangeRefused("Already reported.", $"This partnership already has a progress report for {input.Year}.");
        }
        var actor = services.Actor();
        var (report, trail) = ProgressReport.Submit(partnership, input.Year!.Value, input.Summary!, actor);
        services.Db.ProgressReports.Add(report);
        services.Db.Trail.Add(trail);
        await services.SaveAsync();
        return TypedResults.Created($"/api/partnerships/{partnershipId}/progress-reports", ProgressReportView.Of(report));
    }

    public static async Task<Results<Ok<IReadOnlyList<ProgressReportView>>, NotFound>> ProgressReports(Guid partnershipId, [AsParameters] PartnershipServices services)
    {
        if (await services.FindForPartnerAsync(partnershipId) is null)
        {
            return TypedResults.NotFound();
        }
        var reports = await services.Db.ProgressReports.AsNoTracking().Where(r => r.PartnershipId == partnershipId)
            .OrderByDescending(r => r.Year).ToListAsync(services.CancellationToken);
        return TypedResults.Ok<IReadOnlyList<ProgressReportView>>([.. reports.Select(ProgressReportView.Of)]);
    }

    public static async Task<Ok<Page<OverdueDeliverableView>>> Overdue([AsParameters] PageRequest page, [AsParameters] PartnershipServices services)
    {
        var today = services.Actor().Today;
        var overdue = services.Db.Partnerships.AsNoTracking()
            .Where(p => p.Status == PartnershipStatus.Active)
            .SelectMany(p => p.Deliverables
                .Where(d => d.DueDate < today && d.Status != DeliverableStatus.Delivered && d.Status != DeliverableStatus.Cancelled)
                .Select(d => new { Partnership = p.Id, p.Title, p.LeadMemberId, Deliverable = d.Id, DeliverableTitle = d.Title, d.DueDate, d.Status }))
            .OrderBy(x => x.DueDate).ThenBy(x => x.Deliverable);
        var rows = await overdue.ToPageAsync(page, services.CancellationToken);
        return TypedResults.Ok(rows.Map(x => new OverdueDeliverableView(
            x.Partnership, x.Title, x.LeadMemberId, x.Deliverable, x.DeliverableTitle, x.DueDate, x.Status, today.DayNumber - x.DueDate.DayNumber)));
    }

    public static async Task<Ok<Page<PartnershipSummary>>> ListPublic([AsParameters] PageRequest page, [AsParameters] PartnershipServices services)
    {
        var active = services.Db.Partnerships.AsNoTracking()
            .Where(p => p.Status == PartnershipStatus.Active)
            .OrderBy(p => p.Title).ThenBy(p => p.Id)
            .Select(p => new PartnershipSummary(p.Id, p.Title, p.Kind, p.Status, p.LeadMemberId, p.StartDate, p.EndDate, p.UpdatedAt));
        return TypedResults.Ok(await active.ToPageAsync(page, services.CancellationToken));
    }

    public static async Task<Results<Ok<PublicPartnershipView>, NotFound>> GetPublic(Guid partnershipId, [AsParameters] PartnershipServices services)
    {
        var partnership = await services.Db.Partnerships.AsNoTracking().AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == partnershipId && p.Status == PartnershipStatus.Active, services.CancellationToken);
        if (partnership is null)
        {
            return TypedResults.NotFound();
        }
        var reports = await services.Db.ProgressReports.AsNoTracking().Where(r => r.PartnershipId == partnershipId).ToListAsync(services.CancellationToken);
        return TypedResults.Ok(PublicPartnershipView.Of(partnership, reports));
    }

    /// <summary>Loads, changes and saves a partnership with its trail entry in the same commit.</summary>
    private static async Task<Results<Ok<PartnershipView>, NotFound>> ChangeAsync(
        Guid partnershipId, PartnershipServices services, string description, Func<Partnership, Actor, TrailEntry> change)
    {
        if (await services.FindForPartnerAsync(partnershipId, tracked: true) is not { } partnership)
        {
            return TypedResults.NotFound();
        }
        var actor = services.Actor();
        var entry = change(partnership, actor);
        services.Db.Trail.Add(entry);
        // Activation, completion and discontinuation are published from the outbox of this same commit.
        PartnershipEvents.Publish(services.Db, partnership, entry);
        await services.SaveAsync();
        services.Logger.Changed(partnership.Id, description, Vocabulary.Code(partnership.Status), actor.Name);
        return TypedResults.Ok(PartnershipView.Of(partnership));
    }
}
