namespace Gacere.Membership.Domain;

/// <summary>Who makes a change and when: every transition carries one, so the audit trail is never guessed.</summary>
public sealed record Actor(string Name, DateTimeOffset At)
{
    public const string Applicant = "applicant";
    public const string Seed = "system:seed";
}
