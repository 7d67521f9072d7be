using Gacere.ReferenceData;

namespace Gacere.Partnerships.Domain;

/// <summary>A partner as the proposal names it, with the organisation name the replica holds for it.</summary>
public sealed record PartnerDraft(Guid MemberId, string OrganisationName, PartnerRole Role);

public sealed record DeliverableDraft(string Title, DateOnly DueDate, string? Indicator);

/// <summary>A financial resource has an amount and an ISO 4217 currency; others a description (and optionally a value).</summary>
public sealed record ResourceDraft(ResourceType Type, string? Description, decimal? Amount, string? Currency);

/// <summary>
/// Everything a proposal says, already checked against the rules (the API's input checks): codes
/// exist, exactly one lead, partners active. What is checked but not refused (SMART) is in <see cref="SmartPreCheck"/>.
/// </summary>
public sealed record PartnershipDraft(
    string Title,
    PartnershipKind Kind,
    string Objective,
    DateOnly StartDate,
    DateOnly EndDate,
    IReadOnlyList<PartnerDraft> Partners,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Regions,
    IReadOnlyList<string> CoveredRegions,
    IReadOnlyList<ValueChain> ValueChains,
    IReadOnlyList<string> SdgTargets,
    IReadOnlyList<DeliverableDraft> Deliverables,
    IReadOnlyList<ResourceDraft> Resources)
{
    public Guid LeadMemberId => Partners.Single(p => p.Role == PartnerRole.Lead).MemberId;
}
