using Gacere.PolicyMapping.Data;
using Gacere.MemberReplica;
using MassTransit;

namespace Gacere.PolicyMapping.IntegrationEvents;

/// <summary>
/// What this service consumes: every membership change, into its member replica. What it publishes (through the
/// outbox, see <see cref="InstrumentEvents"/>): PolicyInstrumentPublished and PolicyInstrumentArchived, announcements no service consumes yet.
/// </summary>
internal static class Subscriptions
{
    public static void Add(IBusRegistrationConfigurator bus) => bus.AddMemberReplica<PolicyMappingDbContext>(ResourceNames.PolicyMapping);
}
