namespace Gacere.PolicyMapping.Domain;

/// <summary>The member a focal point proposes for, as the replica knows it.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="OrganisationName">Its name, shown as the proposer.</param>
/// <param name="CountryIso3">Its country for a national government; null for an organisation.</param>
/// <param name="Status">"active", "suspended" or "withdrawn" in the replica; "unknown" when the replica has no row.</param>
public sealed record ProposingMember(Guid MemberId, string OrganisationName, string? CountryIso3, string Status)
{
    /// <summary>Only an active member proposes; a suspended or withdrawn one is refused with its status (409).</summary>
    public void EnsureMayPropose(Actor actor)
    {
        if (actor.MemberId != MemberId)
        {
            throw new NotYourMember();
        }
        if (Status != Jurisdiction.Active)
        {
            throw new ProposerNotActive(OrganisationName, Status);
        }
    }
}
