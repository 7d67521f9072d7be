using Gacere.Partnerships.Domain;
using Gacere.ReferenceData;

namespace Gacere.UnitTests.Partnerships;

public class SmartPreCheckTests
{
    private static SmartFinding Finding(PartnershipDraft draft, SmartCriterion criterion) =>
        SmartPreCheck.Run(draft).Single(f => f.Criterion == criterion);

    [Fact]
    public void A_complete_proposal_meets_all_five_criteria_in_order()
    {
        var findings = SmartPreCheck.Run(Proposals.Complete());

        Assert.Equal(Enum.GetValues<SmartCriterion>(), findings.Select(f => f.Criterion));
        Assert.All(findings, f => Assert.True(f.Met, f.Finding));
    }

    [Theory]
    [InlineData("Recycle textiles.", true, false)]
    [InlineData("Collect and recycle post-consumer textile waste in Nairobi and Kampala.", false, false)]
    [InlineData("Collect and recycle post-consumer textile waste in Nairobi and Kampala.", true, true)]
    public void Specific_needs_an_objective_of_some_words_and_a_value_chain(string objective, bool withValueChain, bool met) =>
        Assert.Equal(met, Finding(Proposals.Complete(objective, withValueChain ? [ValueChain.Textiles] : []), SmartCriterion.Specific).Met);

    [Fact]
    public void Measurable_needs_an_indicator_on_every_deliverable()
    {
        var finding = Finding(Proposals.Complete(deliverables:
            [new("Collection points", new DateOnly(2026, 6, 30), "points operating"), new("Recycling line", new DateOnly(2027, 12, 31), null)]), SmartCriterion.Measurable);

        Assert.False(finding.Met);
        Assert.Equal("1 of 2 deliverables have no indicator.", finding.Finding);
        Assert.False(Finding(Proposals.Complete(deliverables: []), SmartCriterion.Measurable).Met);
    }

    [Fact]
    public void Achievable_needs_partners_beside_the_lead_and_resources()
    {
        Assert.False(Finding(Proposals.Complete(partners: [new(Proposals.Lead, "Kenya", PartnerRole.Lead)]), SmartCriterion.Achievable).Met);
        Assert.False(Finding(Proposals.Complete(resources: []), SmartCriterion.Achievable).Met);
    }

    [Fact]
    public void Resource_based_needs_at_least_one_resource_of_any_type()
    {
        Assert.False(Finding(Proposals.Complete(resources: []), SmartCriterion.ResourceBased).Met);
        Assert.True(Finding(Proposals.Complete(resources: [new(ResourceType.Technical, "laboratory access", null, null)]), SmartCriterion.ResourceBased).Met);
    }

    [Theory]
    [InlineData("2028-12-31", true)]
    [InlineData("2029-01-01", false)]
    [InlineData("2025-12-31", false)]
    public void Time_bound_needs_every_deliverable_due_within_the_partnership(string due, bool met) =>
        Assert.Equal(met, Finding(Proposals.Complete(deliverables: [new("Report", DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), "published")]), SmartCriterion.TimeBound).Met);
}
