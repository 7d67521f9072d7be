using Gacere.Membership.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Gacere.ServiceDefaults;

namespace Gacere.Membership.Apis;

/// <summary>Memberships: the secretariat's decisions on a member, and the contact details its focal point keeps.</summary>
public static class MembersApi
{
    public static RouteGroupBuilder MapMembersApi(this RouteGroupBuilder membership)
    {
        var members = membership.MapGroup("/members").WithTags("Members");

        // Ownership is checked per member in the handlers: a focal point acts only for its own member (else 403).
        var own = members.MapGroup("")
            .RequireAuthorization(policy => policy.RequireRole(GacereRoles.Secretariat, GacereRoles.FocalPoint))
            .ProducesProblem(StatusCodes.Status403Forbidden);
        own.MapGet("/{memberId:guid}", Get)
            .WithName("GetMember")
            .WithSummary("A member's full record (secretariat, or the member's own focal point)");
        own.MapGet("/{memberId:guid}/contacts", GetContacts)
            .WithName("GetMemberContacts")
            .WithSummary("The member's focal point and alternate (secretariat, or the member's own focal point)");
        own.MapPut("/{memberId:guid}/contacts", ReplaceContacts)
            .WithName("ReplaceMemberContacts")
            .WithSummary("Replace the member's focal point and alternate (secretariat, or the member's own focal point)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        var secretariat = members.MapGroup("").RequireAuthorization(GacereRoles.Secretariat);
        secretariat.MapGet("/", List)
            .WithName("ListMembers")
            .WithSummary("Every member, withdrawn ones included, by organisation name");
        secretariat.MapGet("/{memberId:guid}/audit", GetAuditTrail)
            .WithName("GetMemberAuditTrail")
            .WithSummary("Every transition of the member: who, when, from, to, why");

        // The secretariat's decisions on a member: bad input (400) or a state conflict (409).
        var decisions = secretariat.MapGroup("/{memberId:guid}")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        decisions.MapPost("/suspension", Suspend)
            .WithName("SuspendMember")
            .WithSummary("Suspend an active member");
        decisions.MapPost("/reinstatement", Reinstate)
            .WithName("ReinstateMember")
            .WithSummary("Reinstate a suspended member");
        decisions.MapPost("/withdrawal", Withdraw)
            .WithName("RecordMemberWithdrawal")
            .WithSummary("Record a member's withdrawal from the Alliance and its effective date");
        decisions.MapPut("/category", ChangeCategory)
            .WithName("ChangeMemberCategory")
            .WithSummary("Move a member to another category, or confirm an unverified one");

        return members;
    }

    public static async Task<Results<Ok<MemberView>, NotFound, ForbidHttpResult>> Get(Guid memberId, [AsParameters] MembershipServices services)
    {
        // Ownership first: another member's focal point learns nothing, not even whether the id exists.
        if (!services.MayActFor(memberId))
        {
            return TypedResults.Forbid();
        }
        var member = await services.Db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, services.CancellationToken);
        return member is null ? TypedResults.NotFound() : TypedResults.Ok(MemberView.Of(member));
    }

    public static async Task<Results<Ok<MemberContactsView>, NotFound, ForbidHttpResult>> GetContacts(
        Guid memberId, [AsParameters] MembershipServices services)
    {
        if (!services.MayActFor(memberId))
        {
            return TypedResults.Forbid();
        }
        var member = await services.Db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, services.CancellationToken);
        return member is null ? TypedResults.NotFound() : TypedResults.Ok(ContactsOf(member));
    }

    public static async Task<Results<Ok<MemberContactsView>, NotFound, ForbidHttpResult, ProblemHttpResult>> ReplaceContacts(
        Guid memberId, ContactsRequest input, [AsParameters] MembershipServices services)
    {
        if (!services.MayActFor(memberId))
        {
            return TypedResults.Forbid();
        }
        var member = await services.Db.Members.FirstOrDefaultAsync(m => m.Id == memberId, services.CancellationToken);
        if (member is null)
        {
            return TypedResults.NotFound();
        }
        member.ReplaceContacts(input.FocalPoint!.ToContact(), input.Alternate!.ToContact(), services.Actor());
        if (await services.SaveAsync() is { } conflict)
        {
            return conflict;
        }
        return TypedResults.Ok(ContactsOf(member));
    }

    public static async Task<Results<Ok<Page<MemberView>>, ValidationProblem>> List(
        [AsParameters] MemberListQuery query, [AsParameters] PageRequest page, [AsParameters] MembershipServices services)
    {
        var members = services.Db.Members.AsNoTracking();
        if (query.Status is not null)
        {
            if (!Vocabulary.TryParse<MemberStatus>(query.Status, out var status))
            {
                return Problems.Invalid("status", $"Unknown status; use one of: {string.Join(", ", Vocabulary.AllCodes<MemberStatus>())}.");
            }
            members = members.Where(m => m.Status == status);
        }
        var ordered = members.OrderBy(m => m.OrganisationName).ThenBy(m => m.Id);
        return TypedResults.Ok((await ordered.ToPageAsync(page, services.CancellationToken)).Map(MemberView.Of));
    }

    public static Task<Results<Ok<MemberView>, NotFound, ProblemHttpResult>> Suspend(
        Guid memberId, ReasonRequest input, [AsParameters] MembershipServices services) =>
        Change(memberId, services, "suspended", (member, actor) => member.Suspend(input.Reason!, actor));

    public static Task<Results<Ok<MemberView>, NotFound, ProblemHttpResult>> Reinstate(
        Guid memberId, ReasonRequest input, [AsParameters] MembershipServices services) =>
        Change(memberId, services, "reinstated", (member, actor) => member.Reinstate(input.Reason!, actor));

    public static Task<Results<Ok<MemberView>, NotFound, ProblemHttpResult>> Withdraw(
        Guid memberId, MemberWithdrawalRequest input, [AsParameters] MembershipServices services) =>
        Change(memberId, services, "withdrawn", (member, actor) =>
            member.Withdraw(input.Reason!, input.EffectiveDate ?? DateOnly.FromDateTime(actor.At.UtcDateTime), actor));

    public static Task<Results<Ok<MemberView>, NotFound, ProblemHttpResult>> ChangeCategory(
        Guid memberId, CategoryChangeRequest input, [AsParameters] MembershipServices services) =>
        Change(memberId, services, "category changed", (member, actor) => member.ChangeCategory(input.Category!.Value, input.Reason!, actor));

    public static async Task<Results<Ok<Page<AuditEntryView>>, NotFound>> GetAuditTrail(
        Guid memberId, [AsParameters] PageRequest page, [AsParameters] MembershipServices services)
    {
        // Every member has at least its admission in the (append-only) trail: no entries means no such member.
        var trail = await AuditTrail.PageAsync(services.Db, AuditSubject.Member, memberId, page, services.CancellationToken);
        return trail.TotalCount == 0 ? TypedResults.NotFound() : TypedResults.Ok(trail);
    }

    /// <summary>Loads, changes and saves a member; its event and audit entry commit with it and the directory cache is evicted.</summary>
    private static async Task<Results<Ok<MemberView>, NotFound, ProblemHttpResult>> Change(
        Guid memberId, MembershipServices services, string description, Action<Member, Actor> change)
    {
        var member = await services.Db.Members.FirstOrDefaultAsync(m => m.Id == memberId, services.CancellationToken);
        if (member is null)
        {
            return TypedResults.NotFound();
        }
        var actor = services.Actor();
        change(member, actor);
        if (await services.SaveAsync() is { } conflict)
        {
            return conflict;
        }
        services.Logger.MemberChanged(member.Id, description, Vocabulary.Code(member.Status), Vocabulary.Code(member.Category), member.Version, actor.Name);
        return TypedResults.Ok(MemberView.Of(member));
    }

    private static MemberContactsView ContactsOf(Member member) =>
        new(member.Id, ContactView.Of(member.FocalPoint), ContactView.Of(member.Alternate));
}
