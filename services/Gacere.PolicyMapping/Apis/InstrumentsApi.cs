using Gacere.PolicyMapping.Domain;
using Gacere.PolicyMapping.IntegrationEvents;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gacere.PolicyMapping.Apis;

/// <summary>
/// Recording and curating instruments: a focal point drafts and submits its own member's instruments, the
/// secretariat validates, publishes, rejects and archives. Every step lands in an append-only trail.
/// </summary>
public static class InstrumentsApi
{
    public static RouteGroupBuilder MapInstrumentsApi(this RouteGroupBuilder policies)
    {
        var instruments = policies.MapGroup("/instruments").WithTags("Policy instruments");

        // Anonymous for a published instrument; its focal point and the secretariat see it in every status.
        instruments.MapGet("/{instrumentId:guid}", Get)
            .WithName("GetPolicyInstrument")
            .WithSummary("One instrument; anyone may read a published one")
            .AllowAnonymous();

        var curators = instruments.MapGroup("")
            .RequireAuthorization(policy => policy.RequireRole(GacereRoles.Secretariat, GacereRoles.FocalPoint));
        curators.MapGet("/", List)
            .WithName("ListPolicyInstruments")
            .WithSummary("The curation workspace: every instrument for the secretariat, its own member's for a focal point, newest first")
            .ProducesValidationProblem();
        curators.MapPost("/", Create)
            .WithName("CreatePolicyInstrument")
            .WithSummary("Draft an instrument (a focal point: for its own member's jurisdiction)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        curators.MapPut("/{instrumentId:guid}", Revise)
            .WithName("RevisePolicyInstrument")
            .WithSummary("Replace a draft's content")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        curators.MapGet("/{instrumentId:guid}/trail", GetTrail)
            .WithName("GetPolicyInstrumentTrail")
            .WithSummary("Every step of the instrument's curation: who, in which role, when, from, to, why")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        MapStep(curators, "submission", CurationAction.Submit, "SubmitPolicyInstrument", "Submit a draft to the secretariat");
        MapStep(curators, "validation", CurationAction.Validate, "ValidatePolicyInstrument", "Validate a submitted instrument (secretariat)");
        MapStep(curators, "publication", CurationAction.Publish, "PublishPolicyInstrument", "Publish a validated instrument (secretariat)");
        MapStep(curators, "rejection", CurationAction.Reject, "RejectPolicyInstrument", "Reject a submitted or validated instrument, giving the reason (secretariat)");
        MapStep(curators, "archival", CurationAction.Archive, "ArchivePolicyInstrument", "Archive a published instrument, giving the reason (secretariat)");
        MapStep(curators, "redraft", CurationAction.Redraft, "RedraftPolicyInstrument", "Return a rejected instrument to draft");
        return instruments;
    }

    private static void MapStep(RouteGroupBuilder curators, string step, CurationAction action, string name, string summary) =>
        curators.MapPost($"/{{instrumentId:guid}}/{step}",
                (Guid instrumentId, CurationStepInput? input, [AsParameters] PolicyServices services) => Move(instrumentId, action, input, services))
            .WithName(name)
            .WithSummary(summary)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<PolicyInstrumentView>, NotFound>> Get(Guid instrumentId, [AsParameters] PolicyServices services)
    {
        var instrument = await services.Db.Set<PolicyInstrument>().AsNoTracking()
            .FirstOrDefaultAsync(i => i.Id == instrumentId, services.CancellationToken);
        // Unpublished instruments do not exist for the public: 404, not 403, so their existence does not leak.
        return instrument is null || (instrument.Status != CurationStatus.Published && !services.MaySeeUnpublished(instrument))
            ? TypedResults.NotFound()
            : TypedResults.Ok(PolicyInstrumentView.Of(instrument));
    }

    public static async Task<Results<Ok<Page<PolicyInstrumentView>>, ValidationProblem>> List(
        [AsParameters] PageRequest page, [AsParameters] PolicyServices services, string? status = null)
    {
        var instruments = services.Db.Set<PolicyInstrument>().AsNoTracking();
        if (!services.IsSecretariat)
        {
            var member = services.User.FocalPointMemberId();
            instruments = instruments.Where(i => i.MemberId == member);
        }
        if (status is not null)
        {
            if (!Vocabulary.TryParse<CurationStatus>(status, out var wanted))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"Unknown status; {Vocabulary.Expected<CurationStatus>()}."] });
            }
            instruments = instruments.Where(i => i.Status == wanted);
        }
        var found = await instruments.OrderByDescending(i => i.Id).ToPageAsync(page, services.CancellationToken);
        return TypedResults.Ok(found.Map(PolicyInstrumentView.Of));
    }

    public static async Task<Results<Created<PolicyInstrumentView>, ValidationProblem>> Create(
        PolicyInstrumentInput input, [AsParameters] PolicyServices services)
    {
        var (countryIso3, organisationId) = input.CountryIso3 is null && input.OrganisationId is null
            ? await services.OwnJurisdictionAsync()
            : (input.CountryIso3?.Trim().ToUpperInvariant(), input.OrganisationId);
        var errors = new Dictionary<string, string[]>();
        var jurisdiction = await services.FindJurisdictionAsync(countryIso3, organisationId, errors);
        var content = input.ToContent(jurisdiction is { CountryIso3: null }, await services.KnownIndicatorsAsync(), errors);
        if (jurisdiction is null || content is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var actor = services.Actor();
        var (instrument, entry) = PolicyInstrument.Draft(jurisdiction, content, actor);
        services.Db.AddRange(instrument, entry);
        await services.SaveAsync();
        services.Logger.InstrumentDrafted(instrument.Id, jurisdiction.Name, actor.Name);
        return TypedResults.Created($"/api/policies/instruments/{instrument.Id}", PolicyInstrumentView.Of(instrument));
    }

    public static async Task<Results<Ok<PolicyInstrumentView>, NotFound, ValidationProblem>> Revise(
        Guid instrumentId, PolicyInstrumentInput input, [AsParameters] PolicyServices services)
    {
        var instrument = await services.Db.Set<PolicyInstrument>().FirstOrDefaultAsync(i => i.Id == instrumentId, services.CancellationToken);
        if (instrument is null)
        {
            return TypedResults.NotFound();
        }
        var actor = services.Actor();
        if (!actor.MayActFor(instrument.MemberId))
        {
            throw new NotYourJurisdiction();
        }
        var errors = new Dictionary<string, string[]>();
        var content = input.ToContent(instrument.CountryIso3 is null, await services.KnownIndicatorsAsync(), errors);
        if (content is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        services.Db.Add(instrument.Revise(await services.JurisdictionOfAsync(instrument), content, actor));
        await services.SaveAsync();
        services.Logger.InstrumentMoved(instrument.Id, Vocabulary.Code(TrailAction.Revise), Vocabulary.Code(instrument.Status), actor.Name);
        return TypedResults.Ok(PolicyInstrumentView.Of(instrument));
    }

    public static async Task<Results<Ok<PolicyInstrumentView>, NotFound>> Move(
        Guid instrumentId, CurationAction action, CurationStepInput? input, PolicyServices services)
    {
        var instrument = await services.Db.Set<PolicyInstrument>().FirstOrDefaultAsync(i => i.Id == instrumentId, services.CancellationToken);
        // Another member's focal point gets 403 from the domain, as for any change outside its jurisdiction.
        if (instrument is null)
        {
            return TypedResults.NotFound();
        }
        var actor = services.Actor();
        var entry = instrument.Move(action, await services.JurisdictionOfAsync(instrument), actor, input?.Reason);
        services.Db.Add(entry);
        InstrumentEvents.Publish(services.Db, instrument, entry);
        await services.SaveAsync();
        services.Logger.InstrumentMoved(instrument.Id, Vocabulary.Code(entry.Action), Vocabulary.Code(instrument.Status), actor.Name);
        return TypedResults.Ok(PolicyInstrumentView.Of(instrument));
    }

    public static async Task<Results<Ok<IReadOnlyList<CurationEntryView>>, NotFound>> GetTrail(Guid instrumentId, [AsParameters] PolicyServices services)
    {
        var instrument = await services.Db.Set<PolicyInstrument>().AsNoTracking()
            .Where(i => i.Id == instrumentId).Select(i => new { i.MemberId }).FirstOrDefaultAsync(services.CancellationToken);
        if (instrument is null)
        {
            return TypedResults.NotFound();
        }
        if (!services.IsSecretariat && services.User.FocalPointMemberId() != instrument.MemberId)
        {
            throw new NotYourJurisdiction();
        }
        var entries = await services.Db.Set<CurationEntry>().AsNoTracking()
            .Where(e => e.InstrumentId == instrumentId).OrderBy(e => e.At).ThenBy(e => e.Id)
            .ToListAsync(services.CancellationToken);
        return TypedResults.Ok<IReadOnlyList<CurationEntryView>>([.. entries.Select(CurationEntryView.Of)]);
    }
}
