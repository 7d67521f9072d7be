using System.Security.Claims;
using Gacere.MemberReplica;
using Gacere.Partnerships.Data;
using Gacere.Partnerships.Domain;
using Gacere.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Validation;
using Npgsql;
using Gacere.ReferenceData;

namespace Gacere.Partnerships.Apis;

/// <summary>What every partnership endpoint needs, bound with <c>[AsParameters]</c>.</summary>
/// <remarks>Services, not input: validation must not walk into the DbContext or the user's claims.</remarks>
#pragma warning disable ASP0029 // SkipValidation is marked experimental in .NET 10; without it validation walks every service property.
[SkipValidation]
#pragma warning restore ASP0029
public sealed record PartnershipServices(
    PartnershipsDbContext Db, CountryCatalog Countries, TimeProvider Time, ClaimsPrincipal User,
    ILogger<PartnershipServices> Logger, CancellationToken CancellationToken)
{
    internal Actor Actor() => new(User.FindFirstValue(GacereRoles.SubjectClaim) ?? "unknown-subject", Time.GetUtcNow());

    internal bool IsSecretariat => User.IsInRole(GacereRoles.Secretariat);

    /// <summary>The partnership, or null; a 403 for a focal point whose member is not a partner.</summary>
    internal async Task<Partnership?> FindForPartnerAsync(Guid id, bool tracked = false)
    {
        // One query per owned collection: joined, five collections multiply each other's rows.
        var partnerships = tracked ? Db.Partnerships.AsSplitQuery() : Db.Partnerships.AsNoTracking().AsSplitQuery();
        var partnership = await partnerships.FirstOrDefaultAsync(p => p.Id == id, CancellationToken);
        if (partnership is not null && !IsSecretariat && (User.FocalPointMemberId() is not { } member || !partnership.HasPartner(member)))
        {
            throw new NotYourPartnership("Only the secretariat and the focal points of the partnership's members may see or change it.");
        }
        return partnership;
    }

    /// <summary>The secretariat for any lead; a focal point only for a partnership its own member leads.</summary>
    internal void RequireMayLead(Guid leadMemberId)
    {
        if (!IsSecretariat && User.FocalPointMemberId() != leadMemberId)
        {
            throw new NotYourPartnership("A focal point proposes and changes only partnerships its own member leads.");
        }
    }

    /// <summary>The proposal in the domain's terms, its partners checked against the member replica.</summary>
    internal async Task<PartnershipDraft> DraftAsync(PartnershipInput input)
    {
        RequireMayLead(input.Lead());
        var ids = input.Partners!.Select(p => p.MemberId!.Value).Distinct().ToList();
        var members = await Db.Set<ReplicatedMember>().AsNoTracking().Where(m => ids.Contains(m.MemberId)).ToDictionaryAsync(m => m.MemberId, CancellationToken);
        return input.ToDraft(Countries, members);
    }

    /// <summary>
    /// The one rule for a member acting in this service: known to the replica (a 400 naming <paramref name="field"/>
    /// otherwise) and active (<paramref name="notActive"/>'s refusal otherwise, which says what the member cannot do).
    /// </summary>
    internal async Task<ReplicatedMember> ActiveMemberAsync(Guid memberId, string field, Func<ReplicatedMember, DomainRefusal> notActive)
    {
        var member = await Db.Set<ReplicatedMember>().AsNoTracking().FirstOrDefaultAsync(m => m.MemberId == memberId, CancellationToken)
            ?? throw new InvalidPartnershipInput(field, $"No Alliance member has the id {memberId}.");
        return member.Status == "active" ? member : throw notActive(member);
    }

    /// <summary>An active member of the Alliance as a lead partner, from the replica; a 400 naming <paramref name="field"/> otherwise.</summary>
    internal async Task<PartnerDraft> ActivePartnerAsync(Guid memberId, string field)
    {
        var member = await ActiveMemberAsync(memberId, field,
            member => new InvalidPartnershipInput(field, $"'{member.OrganisationName}' is {member.Status}; only active members may lead."));
        return new PartnerDraft(member.MemberId, member.OrganisationName, PartnerRole.Lead);
    }

    internal async Task<IReadOnlyList<DuplicateCandidate>> CheckDuplicatesAsync(Guid? id, PartnershipDraft draft) =>
        await DuplicateCheck.RunAsync(Db, id, draft.Title, draft.Objective, DuplicateCheck.ProfileOf(draft), CancellationToken);

    /// <summary>Commits; a concurrent change or a second report for the same year is a 409.</summary>
    internal async Task SaveAsync()
    {
        try
        {
            await Db.SaveChangesAsync(CancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ChangeRefused("Changed concurrently.", "Someone else changed this partnership at the same time; read it again and retry.");
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: ProgressReportConfiguration.OnePerYear })
        {
            throw new ChangeRefused("Already reported.", "This partnership already has a progress report for that year.");
        }
    }
}
