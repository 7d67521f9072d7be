using MassTransit;

namespace Gacere.Contracts.Partnerships;

// Partnership events carry what another service needs to act without calling partnerships back: the partnership's
// id, title, lead and partners (member ids), countries and value chains (DOMAIN.md's snake_case codes), and when.
// No service consumes them yet, so they are announcements (see AnnouncementAttribute): remove the attribute the day
// a service depends on receiving every one of them.

/// <summary>The secretariat activated a reviewed partnership: every SMART criterion accepted, every listed duplicate decided.</summary>
[Announcement]
[MessageUrn("gacere:partnerships:partnership-activated:v1")]
public sealed record PartnershipActivated(
    Guid PartnershipId, string Title, string Kind, Guid LeadMemberId, Guid[] PartnerMemberIds, string[] Countries, string[] ValueChains,
    DateOnly StartDate, DateOnly EndDate, DateTimeOffset ActivatedAt);

/// <summary>An active partnership was recorded as completed.</summary>
[Announcement]
[MessageUrn("gacere:partnerships:partnership-completed:v1")]
public sealed record PartnershipCompleted(
    Guid PartnershipId, string Title, Guid LeadMemberId, Guid[] PartnerMemberIds, DateTimeOffset CompletedAt, string? Note);

/// <summary>The secretariat discontinued a partnership that was proposed, under review or active (<c>PreviousStatus</c>).</summary>
[Announcement]
[MessageUrn("gacere:partnerships:partnership-discontinued:v1")]
public sealed record PartnershipDiscontinued(
    Guid PartnershipId, string Title, Guid LeadMemberId, Guid[] PartnerMemberIds, string PreviousStatus, DateTimeOffset DiscontinuedAt, string Reason);
