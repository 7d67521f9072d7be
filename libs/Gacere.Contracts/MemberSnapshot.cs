using MassTransit;

namespace Gacere.Contracts.Membership;

// A replica rebuilds itself from membership over the bus, never on a request path: it asks for the members
// after a keyset cursor (member id), a page at a time. The request carries a fingerprint of what the replica
// holds (count and sum of versions); versions only grow, so a replica that holds every member at its current
// version has exactly the source's fingerprint, and membership answers "in sync" without sending a page.

/// <summary>Asks membership for a page of members in member-id order; sent by a replica that may be behind.</summary>
[MessageUrn("gacere:membership:member-snapshot-requested:v1")]
public sealed record MemberSnapshotRequested(Guid? After, int PageSize, long KnownCount, long KnownVersionSum);

/// <summary>
/// One page of membership's members. <see cref="InSync"/>: the requester's fingerprint matched, so
/// <see cref="Members"/> is empty. <see cref="Next"/>: the cursor for the following page, null after the last.
/// </summary>
[MessageUrn("gacere:membership:member-snapshot-page:v1")]
public sealed record MemberSnapshotPage(bool InSync, long Count, long VersionSum, IReadOnlyList<MemberState> Members, Guid? Next);

/// <summary>A member as every replica keeps it: the same fields as <see cref="IMembershipChanged"/>.</summary>
public sealed record MemberState(
    Guid MemberId, string OrganisationName, string OrgType, string? CountryIso3,
    string Category, string Status, DateOnly EffectiveDate, long Version);
