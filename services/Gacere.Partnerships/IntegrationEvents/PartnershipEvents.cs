using Gacere.Contracts.Partnerships;
using Gacere.Messaging;
using Gacere.Partnerships.Domain;
using Gacere.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Gacere.Partnerships.IntegrationEvents;

/// <summary>
/// What partnerships publishes: activation, completion and discontinuation become integration events, queued in the
/// outbox of the same commit as the transition and its trail entry (the caller saves once).
/// </summary>
internal static class PartnershipEvents
{
    /// <summary>Queues the event of <paramref name="entry"/>, if its action is one that is published.</summary>
    public static void Publish(DbContext db, Partnership partnership, TrailEntry entry)
    {
        var partners = partnership.Partners.Where(p => p.EndedAt is null).Select(p => p.MemberId).ToArray();
        // Each case names its concrete type: the outbox records the message type from the generic argument.
        switch (entry.Action)
        {
            case TrailAction.Activated:
                db.AddIntegrationEvent(new PartnershipActivated(
                    partnership.Id, partnership.Title, Vocabulary.Code(partnership.Kind), partnership.LeadMemberId, partners,
                    partnership.Countries, partnership.ValueChains, partnership.StartDate, partnership.EndDate, entry.At));
                break;
            case TrailAction.Completed:
                db.AddIntegrationEvent(new PartnershipCompleted(
                    partnership.Id, partnership.Title, partnership.LeadMemberId, partners, entry.At, entry.Note));
                break;
            case TrailAction.Discontinued:
                db.AddIntegrationEvent(new PartnershipDiscontinued(
                    partnership.Id, partnership.Title, partnership.LeadMemberId, partners, Vocabulary.Code(entry.From!.Value), entry.At, entry.Note ?? ""));
                break;
        }
    }
}
