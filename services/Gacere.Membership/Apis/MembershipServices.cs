using System.Security.Claims;
using Gacere.Membership.Data;
using Gacere.Membership.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Validation;
using Npgsql;
using Gacere.ServiceDefaults;

namespace Gacere.Membership.Apis;

/// <summary>What every membership endpoint needs, bound with <c>[AsParameters]</c>.</summary>
/// <remarks>Services, not input: validation must not walk into the DbContext or the user's claims.</remarks>
#pragma warning disable ASP0029 // SkipValidation is marked experimental in .NET 10; without it validation walks every service property.
[SkipValidation]
#pragma warning restore ASP0029
public sealed record MembershipServices(
    MembershipDbContext Db, TimeProvider Time, ClaimsPrincipal User, ILogger<MembershipServices> Logger, CancellationToken CancellationToken)
{
    /// <summary>The token's subject and the current time; anonymous callers act as the applicant.</summary>
    internal Actor Actor() => new(
        User.Identity?.IsAuthenticated == true ? User.FindFirstValue("sub") ?? "unknown-subject" : Domain.Actor.Applicant,
        Time.GetUtcNow());

    /// <summary>The secretariat, or the focal point of this very member.</summary>
    internal bool MayActFor(Guid memberId) =>
        User.IsInRole(GacereRoles.Secretariat) || User.FocalPointMemberId() == memberId;

    /// <returns>null once committed; a 409 when someone else changed the same record or took the same country seat first.</returns>
    internal async Task<ProblemHttpResult?> SaveAsync()
    {
        try
        {
            await Db.SaveChangesAsync(CancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.ConcurrentChange();
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            return Problems.Conflict("Already a member.", unique.ConstraintName == "ux_members_national_government_country"
                ? "This country's government is already a member of the Alliance."
                : "The record already exists.");
        }
    }
}
