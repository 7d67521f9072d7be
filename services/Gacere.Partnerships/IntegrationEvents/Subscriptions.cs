using Gacere.Partnerships.Data;
using Gacere.MemberReplica;
using MassTransit;

namespace Gacere.Partnerships.IntegrationEvents;

/// <summary>
/// What this service consumes: every membership change into its member replica, and <c>MemberWithdrawn</c> alone
/// into the end of the withdrawn member's partner roles (<see cref="PartnerWithdrawalConsumer"/>, on its own queue).
/// What it publishes (activation, completion, discontinuation) goes through the outbox: <see cref="PartnershipEvents"/>.
/// </summary>
internal static class Subscriptions
{
    public static void Add(IBusRegistrationConfigurator bus)
    {
        bus.AddMemberReplica<PartnershipsDbContext>(ResourceNames.Partnerships);
        bus.AddConsumer<PartnerWithdrawalConsumer>().Endpoint(endpoint => endpoint.Name = RetiredWithdrawalQueue.CurrentQueue);
        // The queue it had before it took withdrawals alone: emptied into the current one and deleted at start.
        bus.AddHostedService<RetiredWithdrawalQueue>();
    }
}
