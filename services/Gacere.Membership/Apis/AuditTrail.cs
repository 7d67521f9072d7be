using Gacere.Membership.Data;
using Gacere.Membership.Domain;
using Microsoft.EntityFrameworkCore;
using Gacere.ServiceDefaults;

namespace Gacere.Membership.Apis;

internal static class AuditTrail
{
    /// <summary>A subject's entries in the order they happened.</summary>
    public static Task<Page<AuditEntryView>> PageAsync(
        MembershipDbContext db, AuditSubject subject, Guid subjectId, PageRequest page, CancellationToken cancellationToken) =>
        db.AuditEntries.AsNoTracking()
            .Where(e => e.Subject == subject && e.SubjectId == subjectId)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new AuditEntryView(e.Id, e.Change, e.From, e.To, e.Actor, e.At, e.Reason))
            .ToPageAsync(page, cancellationToken);
}
