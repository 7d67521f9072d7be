namespace Gacere.PolicyMapping.Domain;

/// <summary>
/// The member an instrument belongs to, as the replica knows it: a member country's national government
/// (by ISO alpha-3) or a member organisation such as the EU (no country code).
/// </summary>
/// <param name="MemberId">The member.</param>
/// <param name="CountryIso3">The country; null for an organisation.</param>
/// <param name="Name">The country's name, or the organisation's.</param>
/// <param name="MemberStatus">The member's status in the replica ("active", "suspended", "withdrawn"); "unknown" when the replica has no row.</param>
/// <param name="OrganisationName">The member organisation's name, for messages.</param>
public sealed record Jurisdiction(Guid MemberId, string? CountryIso3, string Name, string MemberStatus, string OrganisationName)
{
    public const string Active = "active";

    /// <summary>403 for a focal point of another member, 409 when the member is not active; nothing for a permitted change.</summary>
    public void EnsureMayChange(Actor actor)
    {
        if (!actor.MayActFor(MemberId))
        {
            throw new NotYourJurisdiction();
        }
        EnsureActive();
    }

    /// <summary>Whether the member is active in the replica (a suspended or withdrawn member's instruments are frozen).</summary>
    public bool IsActive => MemberStatus == Active;

    /// <summary>A suspended or withdrawn member's instruments are frozen, not deleted (409).</summary>
    public void EnsureActive()
    {
        if (!IsActive)
        {
            throw new MemberNotActive(OrganisationName, MemberStatus);
        }
    }
}
