namespace Gacere.Events.Domain;

/// <summary>Who makes a change and when; every transition records one.</summary>
public sealed record Actor(string Name, DateTimeOffset At)
{
    public const string Seed = "system:seed";
    /// <summary>A registration confirmed because a seat came free.</summary>
    public const string Waitlist = "system:waitlist";
    /// <summary>Registrations cancelled because the member was suspended or withdrawn.</summary>
    public const string Membership = "system:membership";
}
