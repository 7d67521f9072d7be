using Gacere.Events.Data;
using Gacere.MemberReplica;
using MassTransit;

namespace Gacere.Events.IntegrationEvents;

/// <summary>
/// What this service consumes: every membership change into its member replica, and suspensions and withdrawals
/// into the cancellation of the departed member's registrations (<see cref="DepartedMemberRegistrations"/>). What it
/// publishes is in <see cref="PublishedEvents"/>.
/// </summary>
internal static class Subscriptions
{
    public static void Add(IBusRegistrationConfigurator bus)
    {
        bus.AddMemberReplica<EventsDbContext>(ResourceNames.Events);
        bus.AddConsumer<DepartedMemberRegistrations>().Endpoint(e => e.Name = DepartedMemberRegistrations.QueueName);
    }
}
