namespace Gacere.PolicyMapping.Domain;

/// <summary>Who makes a change, in which role and when: every curation step carries one, so the trail is never guessed.</summary>
/// <param name="Name">The token's subject.</param>
/// <param name="Role">The role the change was made in.</param>
/// <param name="MemberId">For a focal point, the member it acts for.</param>
/// <param name="At">When.</param>
public sealed record Actor(string Name, CuratorRole Role, Guid? MemberId, DateTimeOffset At)
{
    /// <summary>The secretariat acts for every jurisdiction; a focal point only for its own member's.</summary>
    public bool MayActFor(Guid jurisdictionMemberId) => Role == CuratorRole.Secretariat || MemberId == jurisdictionMemberId;
}
