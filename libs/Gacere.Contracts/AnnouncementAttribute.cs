namespace Gacere.Contracts;

/// <summary>
/// Marks an integration event as an announcement: it is offered to whoever subscribes at the time it is relayed.
/// The outbox relay publishes every other event with RabbitMQ's mandatory flag, so an event that no queue is bound
/// for yet (a subscriber that has not started) stays in the outbox until one is. An announcement is published
/// without that flag: with no subscriber, the broker confirms it and drops it, and the outbox row is marked sent.
/// Use it for events published "for the other services to use" that no service consumes yet; a future subscriber
/// reads the current state from the owning service's API and then follows the events. Remove the attribute the day
/// a service depends on receiving every one of them.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, Inherited = false)]
public sealed class AnnouncementAttribute : Attribute;
