using Gacere.Contracts.Membership;
using Gacere.Membership.Domain;
using Gacere.Messaging;
using Microsoft.EntityFrameworkCore;
using Gacere.ServiceDefaults;

namespace Gacere.Membership.IntegrationEvents;

/// <summary>
/// What membership publishes: each domain change of a member becomes its integration event, queued in the
/// outbox of the same commit (called from <see cref="Data.MembershipDbContext"/> as it saves).
/// </summary>
internal static class MemberEvents
{
    public static void Publish(DbContext db, MemberChange change)
    {
        var orgType = Vocabulary.Code(change.OrgType);
        var category = Vocabulary.Code(change.Category);
        var status = Vocabulary.Code(change.Status);
        // Each case names its concrete type: the outbox records the message type from the generic argument.
        switch (change.Kind)
        {
            case MemberChangeKind.Admitted:
                db.AddIntegrationEvent(new MemberAdmitted(
                    change.MemberId, change.OrganisationName, orgType, change.CountryIso3, category, status, change.EffectiveDate, change.Version));
                break;
            case MemberChangeKind.CategoryChanged:
                db.AddIntegrationEvent(new MemberCategoryChanged(
                    change.MemberId, change.OrganisationName, orgType, change.CountryIso3, category, status, change.EffectiveDate, change.Version,
                    Vocabulary.Code(change.PreviousCategory ?? change.Category)));
                break;
            case MemberChangeKind.Suspended:
                db.AddIntegrationEvent(new MemberSuspended(
                    change.MemberId, change.OrganisationName, orgType, change.CountryIso3, category, status, change.EffectiveDate, change.Version,
                    change.Reason ?? ""));
                break;
            case MemberChangeKind.Reinstated:
                db.AddIntegrationEvent(new MemberReinstated(
                    change.MemberId, change.OrganisationName, orgType, change.CountryIso3, category, status, change.EffectiveDate, change.Version));
                break;
            case MemberChangeKind.Withdrawn:
                db.AddIntegrationEvent(new MemberWithdrawn(
                    change.MemberId, change.OrganisationName, orgType, change.CountryIso3, category, status, change.EffectiveDate, change.Version,
                    change.Reason));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change.Kind, "Unknown member change.");
        }
    }
}
