using MassTransit;

namespace Gacere.Membership.IntegrationEvents;

/// <summary>
/// What membership consumes: the replicas' catch-up requests (<see cref="MemberSnapshotResponder"/>). What it
/// publishes, every member change, is <see cref="MemberEvents"/>, written by <c>MembershipDbContext</c> in the
/// commit of the change itself.
/// </summary>
internal static class Subscriptions
{
    public static void Add(IBusRegistrationConfigurator bus) => bus.AddConsumer<MemberSnapshotResponder>();
}
