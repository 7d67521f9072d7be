using Gacere.Partnerships.Domain;
using Gacere.ReferenceData;

namespace Gacere.UnitTests.Partnerships;

/// <summary>Drafts and partnerships in a given state, for the domain tests.</summary>
internal static class Proposals
{
    public static readonly Actor Secretariat = new("secretariat-officer", new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    public static readonly Guid Lead = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    public static readonly Guid Funder = Guid.Parse("00000000-0000-0000-0000-0000000000b2");

    public static PartnershipDraft Complete(
        string objective = "Collect and recycle post-consumer textile waste in Nairobi and Kampala, creating jobs for waste pickers.",
        IReadOnlyList<ValueChain>? valueChains = null, IReadOnlyList<DeliverableDraft>? deliverables = null,
        IReadOnlyList<ResourceDraft>? resources = null, IReadOnlyList<PartnerDraft>? partners = null) => new(
        "Textile waste recycling in East Africa", PartnershipKind.Regional, objective, new DateOnly(2026, 1, 1), new DateOnly(2028, 12, 31),
        partners ?? [new(Lead, "Republic of Kenya", PartnerRole.Lead), new(Funder, "Republic of Uganda", PartnerRole.Funding)],
        ["KEN", "UGA"], ["014"], ["002", "014", "202"], valueChains ?? [ValueChain.Textiles], ["12.5"],
        deliverables ?? [new("Collection points", new DateOnly(2026, 6, 30), "points operating"), new("Recycling line", new DateOnly(2027, 12, 31), "tonnes recycled per year")],
        resources ?? [new(ResourceType.Financial, null, 250_000m, "EUR")]);

    public static Partnership In(PartnershipStatus status)
    {
        var (partnership, _) = Partnership.Propose(Complete(), Secretariat);
        if (status == PartnershipStatus.Proposed)
        {
            return partnership;
        }
        if (status == PartnershipStatus.Discontinued)
        {
            partnership.Discontinue(Secretariat, "no longer pursued");
            return partnership;
        }
        partnership.StartReview(Secretariat, null);
        if (status == PartnershipStatus.UnderReview)
        {
            return partnership;
        }
        AcceptAll(partnership);
        partnership.Activate(Secretariat, null);
        if (status == PartnershipStatus.Completed)
        {
            partnership.Complete(Secretariat, null);
        }
        return partnership;
    }

    public static void AcceptAll(Partnership partnership)
    {
        foreach (var criterion in Enum.GetValues<SmartCriterion>())
        {
            partnership.Judge(criterion, SmartJudgement.Accepted, null, Secretariat);
        }
    }
}
