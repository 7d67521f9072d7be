using Gacere.ServiceDefaults;

namespace Gacere.Partnerships.Domain;

/// <summary>What the automatic pre-check found for one criterion; the secretariat's judgement is recorded beside it.</summary>
public sealed record SmartFinding(SmartCriterion Criterion, bool Met, string Finding);

/// <summary>
/// The automatic SMART pre-check of a proposal (UN Partnerships for SDGs): it never refuses a proposal, it tells
/// the secretariat, criterion by criterion, what to look at. Activation needs the secretariat's acceptance of
/// all five, whatever the pre-check said.
/// </summary>
public static class SmartPreCheck
{
    /// <summary>An objective shorter than this says too little to be specific.</summary>
    public const int MinimumObjectiveWords = 8;

    public static IReadOnlyList<SmartFinding> Run(PartnershipDraft draft) =>
    [
        Specific(draft),
        Measurable(draft),
        Achievable(draft),
        ResourceBased(draft),
        TimeBound(draft),
    ];

    private static SmartFinding Specific(PartnershipDraft draft)
    {
        var words = draft.Objective.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        if (words < MinimumObjectiveWords)
        {
            return new(SmartCriterion.Specific, false, $"The objective has {words} words; at least {MinimumObjectiveWords} are expected to say what will change.");
        }
        return draft.ValueChains.Count == 0
            ? new(SmartCriterion.Specific, false, "No value chain is named.")
            : new(SmartCriterion.Specific, true,
                $"Objective of {words} words; value chains: {string.Join(", ", draft.ValueChains.Select(Vocabulary.Code))}.");
    }

    private static SmartFinding Measurable(PartnershipDraft draft)
    {
        if (draft.Deliverables.Count == 0)
        {
            return new(SmartCriterion.Measurable, false, "No deliverable is named.");
        }
        var without = draft.Deliverables.Count(d => string.IsNullOrWhiteSpace(d.Indicator));
        return without == 0
            ? new(SmartCriterion.Measurable, true, $"All {draft.Deliverables.Count} deliverables have a measurable indicator.")
            : new(SmartCriterion.Measurable, false, $"{without} of {draft.Deliverables.Count} deliverables have no indicator.");
    }

    private static SmartFinding Achievable(PartnershipDraft draft)
    {
        if (draft.Partners.Count < 2)
        {
            return new(SmartCriterion.Achievable, false, "Only the lead is a partner; a partnership needs at least two partners.");
        }
        return draft.Resources.Count == 0
            ? new(SmartCriterion.Achievable, false, $"{draft.Partners.Count} partners but no resources to deliver with.")
            : new(SmartCriterion.Achievable, true, $"{draft.Partners.Count} partners with {draft.Resources.Count} resources.");
    }

    private static SmartFinding ResourceBased(PartnershipDraft draft)
    {
        if (draft.Resources.Count == 0)
        {
            return new(SmartCriterion.ResourceBased, false, "No resource (financial, in kind, staff or technical) is committed.");
        }
        var types = draft.Resources.Select(r => Vocabulary.Code(r.Type)).Distinct();
        return new(SmartCriterion.ResourceBased, true, $"{draft.Resources.Count} resources committed ({string.Join(", ", types)}).");
    }

    private static SmartFinding TimeBound(PartnershipDraft draft)
    {
        if (draft.Deliverables.Count == 0)
        {
            return new(SmartCriterion.TimeBound, false, "No deliverable, so nothing is due.");
        }
        var late = draft.Deliverables.Where(d => d.DueDate > draft.EndDate).ToList();
        var early = draft.Deliverables.Where(d => d.DueDate < draft.StartDate).ToList();
        if (late.Count > 0)
        {
            return new(SmartCriterion.TimeBound, false,
                $"{late.Count} deliverables are due after the end date {draft.EndDate:yyyy-MM-dd} (first: '{late[0].Title}', {late[0].DueDate:yyyy-MM-dd}).");
        }
        return early.Count > 0
            ? new(SmartCriterion.TimeBound, false, $"{early.Count} deliverables are due before the start date {draft.StartDate:yyyy-MM-dd}.")
            : new(SmartCriterion.TimeBound, true, $"All {draft.Deliverables.Count} deliverables are due between {draft.StartDate:yyyy-MM-dd} and {draft.EndDate:yyyy-MM-dd}.");
    }
}
