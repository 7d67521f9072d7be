using Gacere.PolicyMapping.Data;
using Gacere.MemberReplica;
using MassTransit;

namespace Gacere.PolicyMapping.IntegrationEvents;

/// <summary>What this service consumes: every membership change, into its member replica. It publishes nothing yet.</summary>
internal static class Subscriptions
{
    public static void Add(IBusRegistrationConfigurator bus) => bus.AddMemberReplica<PolicyMappingDbContext>(ResourceNames.PolicyMapping);
}
