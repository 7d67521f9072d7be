using Gacere.Partnerships.Data;
using Gacere.MemberReplica;
using MassTransit;

namespace Gacere.Partnerships.IntegrationEvents;

/// <summary>
/// What this service consumes: every membership change into its member replica, and withdrawals into the end of
/// the withdrawn member's partner roles (<see cref="PartnerWithdrawalConsumer"/>). It publishes nothing yet.
/// </summary>
internal static class Subscriptions
{
    public static void Add(IBusRegistrationConfigurator bus)
    {
        bus.AddMemberReplica<PartnershipsDbContext>(ResourceNames.Partnerships);
        bus.AddConsumer<PartnerWithdrawalConsumer>().Endpoint(endpoint => endpoint.Name = $"{ResourceNames.Partnerships}-partner-withdrawal");
    }
}
