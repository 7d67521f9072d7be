using Gacere.Contracts.PolicyMapping;
using Gacere.Messaging;
using Gacere.PolicyMapping.Domain;
using Gacere.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Gacere.PolicyMapping.IntegrationEvents;

/// <summary>
/// What policy mapping publishes: an instrument entering or leaving the public map becomes its integration event,
/// queued in the outbox of the same commit as the curation step (called by the curation endpoint before it saves).
/// </summary>
internal static class InstrumentEvents
{
    public static void Publish(DbContext db, PolicyInstrument instrument, CurationEntry step)
    {
        // Each case names its concrete type: the outbox records the message type from the generic argument.
        switch (step.Action)
        {
            case TrailAction.Publish:
                db.AddIntegrationEvent(new PolicyInstrumentPublished(
                    instrument.Id, instrument.MemberId, instrument.CountryIso3, instrument.TitleEnglish,
                    Vocabulary.Code(instrument.InstrumentType), instrument.ValueChains, instrument.Themes, step.At));
                break;
            case TrailAction.Archive:
                db.AddIntegrationEvent(new PolicyInstrumentArchived(
                    instrument.Id, instrument.MemberId, instrument.CountryIso3, step.Reason ?? "", step.At));
                break;
        }
    }
}
