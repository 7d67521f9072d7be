using System.Security.Claims;
using Gacere.Events.Data;
using Gacere.Events.Domain;
using Gacere.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Validation;
using Npgsql;

namespace Gacere.Events.Apis;

/// <summary>What every Events endpoint needs, bound with <c>[AsParameters]</c>.</summary>
/// <remarks>Services, not input: validation must not walk into the DbContext or the user's claims.</remarks>
#pragma warning disable ASP0029 // SkipValidation is marked experimental in .NET 10; without it validation walks every service property.
[SkipValidation]
#pragma warning restore ASP0029
public sealed record EventsServices(EventsDbContext Db, TimeProvider Time, ClaimsPrincipal User, CancellationToken CancellationToken)
{
    internal Actor Actor() => new(User.FindFirstValue(GacereRoles.SubjectClaim) ?? "unknown-subject", Time.GetUtcNow());

    internal bool IsSecretariat => User.IsInRole(GacereRoles.Secretariat);

    /// <summary>The secretariat, or the focal point of this very member; anyone else is refused with 403.</summary>
    internal void EnsureMayActFor(Guid memberId)
    {
        if (!IsSecretariat && User.FocalPointMemberId() != memberId)
        {
            throw EventsRefusal.Forbidden("A focal point sees and changes only its own member's registrations.");
        }
    }

    /// <summary>Commits; a concurrent change to the same meeting or a raced high-level year is a 409.</summary>
    internal async Task SaveAsync()
    {
        try
        {
            await Db.SaveChangesAsync(CancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw EventsRefusal.Conflict("Changed by someone else.", "The meeting changed while this request was made; read it again and retry.");
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ux_meetings_high_level_year" })
        {
            var year = Db.ChangeTracker.Entries<Meeting>().Select(e => e.Entity.HighLevelYear).FirstOrDefault(y => y is not null);
            Db.ChangeTracker.Clear();
            var holder = await Db.Meetings.AsNoTracking().FirstAsync(m => m.HighLevelYear == year, CancellationToken);
            throw HighLevelMeetingRule.YearTaken(holder.HighLevelYear!.Value, holder.Id, holder.Title);
        }
    }
}
