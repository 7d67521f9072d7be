using Gacere.Contracts.Membership;
using Gacere.Membership.Data;
using Gacere.Membership.Domain;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Gacere.ServiceDefaults;

namespace Gacere.Membership.IntegrationEvents;

/// <summary>
/// Answers a replica's catch-up request with a page of members in id order, or "in sync" when the replica's
/// fingerprint (count, sum of versions) already equals membership's. Read-only: a redelivered request is
/// simply answered again, so it needs no inbox.
/// </summary>
internal sealed class MemberSnapshotResponder(MembershipDbContext db) : IConsumer<MemberSnapshotRequested>
{
    public const int MaxPageSize = 1000;

    public async Task Consume(ConsumeContext<MemberSnapshotRequested> context)
    {
        var request = context.Message;
        var cancellationToken = context.CancellationToken;
        var members = db.Members.AsNoTracking();

        // Both figures come from one statement, so they describe the same moment.
        var fingerprint = await members
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.LongCount(), VersionSum = g.Sum(m => m.Version) })
            .SingleOrDefaultAsync(cancellationToken);
        var (count, versionSum) = fingerprint is null ? (0L, 0L) : (fingerprint.Count, fingerprint.VersionSum);
        if (request.After is null && request.KnownCount == count && request.KnownVersionSum == versionSum)
        {
            await context.RespondAsync(new MemberSnapshotPage(true, count, versionSum, [], null));
            return;
        }

        var pageSize = Math.Clamp(request.PageSize, 1, MaxPageSize);
        var after = request.After ?? Guid.Empty;
        var page = await members
            .Where(m => m.Id > after)
            .OrderBy(m => m.Id)
            .Take(pageSize)
            .Select(m => new { m.Id, m.OrganisationName, m.OrgType, m.CountryIso3, m.Category, m.Status, m.StatusEffectiveOn, m.Version })
            .ToListAsync(cancellationToken);
        var states = page
            .Select(m => new MemberState(
                m.Id, m.OrganisationName, Vocabulary.Code(m.OrgType), m.CountryIso3,
                Vocabulary.Code(m.Category), Vocabulary.Code(m.Status), m.StatusEffectiveOn, m.Version))
            .ToList();
        var next = states.Count == pageSize ? states[^1].MemberId : (Guid?)null;
        await context.RespondAsync(new MemberSnapshotPage(false, count, versionSum, states, next));
    }
}
