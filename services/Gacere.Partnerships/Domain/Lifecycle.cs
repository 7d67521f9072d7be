namespace Gacere.Partnerships.Domain;

/// <summary>What may be done to a partnership; each is one cell of <see cref="Lifecycle.Table"/>.</summary>
public enum PartnershipAction
{
    /// <summary>The proposer or the secretariat changes the proposal (before it is active).</summary>
    Change,
    StartReview,
    Activate,
    Complete,
    Discontinue,
}

/// <summary>
/// The partnership lifecycle of DOMAIN.md as one table of (state, action) → state, so the rules are read in one
/// place and tested whole. A proposal can be changed while proposed or under review; the secretariat may
/// discontinue at any point before the partnership is completed.
/// </summary>
public static class Lifecycle
{
    public static readonly IReadOnlyDictionary<(PartnershipStatus From, PartnershipAction Action), PartnershipStatus> Table =
        new Dictionary<(PartnershipStatus, PartnershipAction), PartnershipStatus>
        {
            [(PartnershipStatus.Proposed, PartnershipAction.Change)] = PartnershipStatus.Proposed,
            [(PartnershipStatus.Proposed, PartnershipAction.StartReview)] = PartnershipStatus.UnderReview,
            [(PartnershipStatus.Proposed, PartnershipAction.Discontinue)] = PartnershipStatus.Discontinued,
            [(PartnershipStatus.UnderReview, PartnershipAction.Change)] = PartnershipStatus.UnderReview,
            [(PartnershipStatus.UnderReview, PartnershipAction.Activate)] = PartnershipStatus.Active,
            [(PartnershipStatus.UnderReview, PartnershipAction.Discontinue)] = PartnershipStatus.Discontinued,
            [(PartnershipStatus.Active, PartnershipAction.Complete)] = PartnershipStatus.Completed,
            [(PartnershipStatus.Active, PartnershipAction.Discontinue)] = PartnershipStatus.Discontinued,
        };

    /// <returns>The state after <paramref name="action"/>; a 409 refusal when the lifecycle has no such move.</returns>
    public static PartnershipStatus Next(PartnershipStatus from, PartnershipAction action) =>
        Table.TryGetValue((from, action), out var to) ? to : throw new IllegalTransition(from, action);
}
