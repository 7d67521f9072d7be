using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Gacere.MemberReplica;
using Gacere.Partnerships.Domain;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;
using Gacere.ReferenceData;

namespace Gacere.Partnerships.Apis;

/// <summary>A partnership as proposed (or changed) by a member's focal point or the secretariat.</summary>
public sealed partial class PartnershipInput
{
    /// <summary>A short, specific title, 5 to 200 characters.</summary>
    [Required, StringLength(200, MinimumLength = 5)]
    public string? Title { get; init; }

    /// <summary>Sectoral, bilateral, regional or multilateral.</summary>
    [Required]
    public PartnershipKind? Kind { get; init; }

    /// <summary>What the partnership will change, for whom, 10 to 4000 characters.</summary>
    [Required, StringLength(4000, MinimumLength = 10)]
    public string? Objective { get; init; }

    /// <summary>First day of the partnership.</summary>
    [Required]
    public DateOnly? StartDate { get; init; }

    /// <summary>Last day of the partnership; after the start date.</summary>
    [Required]
    public DateOnly? EndDate { get; init; }

    /// <summary>Active Alliance members taking part, each with its role; exactly one is the lead.</summary>
    [Required, MinLength(1), MaxLength(50)]
    public List<PartnerInput>? Partners { get; init; }

    /// <summary>ISO 3166-1 alpha-3 codes of the countries where the partnership works (upper case, e.g. "KEN").</summary>
    [MaxLength(100)]
    public List<string>? Countries { get; init; }

    /// <summary>UN M49 codes of the regions where it works, e.g. "002" (Africa), "419" (Latin America and the Caribbean).</summary>
    [MaxLength(30)]
    public List<string>? Regions { get; init; }

    /// <summary>EU CEAP key value chains the partnership addresses.</summary>
    [MaxLength(8)]
    public List<ValueChain>? ValueChains { get; init; }

    /// <summary>SDG targets it contributes to, e.g. "12.5" or "8.4".</summary>
    [MaxLength(30)]
    public List<string>? SdgTargets { get; init; }

    /// <summary>What the partnership will deliver, by when, measured how.</summary>
    [MaxLength(50)]
    public List<DeliverableInput>? Deliverables { get; init; }

    /// <summary>Resources the partners commit.</summary>
    [MaxLength(50)]
    public List<ResourceInput>? Resources { get; init; }

    /// <summary>For a change: why it was changed (kept in the trail).</summary>
    [StringLength(2000)]
    public string? Note { get; init; }

    /// <summary>The lead named by the proposal; a 400 naming <c>partners</c> unless there is exactly one.</summary>
    internal Guid Lead()
    {
        RequireComplete();
        var leads = Partners!.Where(p => p.Role == PartnerRole.Lead).ToList();
        return leads.Count == 1
            ? leads[0].MemberId!.Value
            : throw new InvalidPartnershipInput("partners", $"Exactly one partner must have the role 'lead'; {leads.Count} have it.");
    }

    /// <summary>
    /// Checks what the annotations cannot (codes that exist, one lead, active partners, currencies) and returns the
    /// proposal in the domain's terms; a 400 naming the first field at fault otherwise.
    /// </summary>
    /// <param name="catalog">The countries and M49 regions that exist.</param>
    /// <param name="members">The replica's rows for the partners named (missing ones are not members).</param>
    internal PartnershipDraft ToDraft(CountryCatalog catalog, IReadOnlyDictionary<Guid, ReplicatedMember> members)
    {
        Lead();
        if (EndDate <= StartDate)
        {
            throw new InvalidPartnershipInput("endDate", $"The end date must be after the start date ({StartDate:yyyy-MM-dd}).");
        }

        var partners = new List<PartnerDraft>();
        for (var i = 0; i < Partners!.Count; i++)
        {
            var memberId = Partners[i].MemberId!.Value;
            var field = $"partners[{i}].memberId";
            if (partners.Any(p => p.MemberId == memberId))
            {
                throw new InvalidPartnershipInput(field, "This member is already a partner; each member takes part once, with one role.");
            }
            if (!members.TryGetValue(memberId, out var member))
            {
                throw new InvalidPartnershipInput(field, $"No Alliance member has the id {memberId}.");
            }
            if (member.Status != "active")
            {
                throw new InvalidPartnershipInput(field, $"'{member.OrganisationName}' is {member.Status}; only active members may be partners.");
            }
            partners.Add(new PartnerDraft(memberId, member.OrganisationName, Partners[i].Role!.Value));
        }

        var countries = Distinct(Countries);
        for (var i = 0; i < countries.Count; i++)
        {
            if (catalog.FindExact(countries[i]) is null)
            {
                throw new InvalidPartnershipInput($"countries[{Countries!.IndexOf(countries[i])}]",
                    $"'{countries[i]}' is not an ISO 3166-1 alpha-3 country code (upper case, e.g. 'KEN').");
            }
        }
        var regions = Distinct(Regions);
        foreach (var region in regions.Where(r => !catalog.IsRegion(r)))
        {
            throw new InvalidPartnershipInput($"regions[{Regions!.IndexOf(region)}]",
                $"'{region}' is not a UN M49 region code of three digits (e.g. '002' Africa, '150' Europe, '419' Latin America and the Caribbean).");
        }
        var targets = Distinct(SdgTargets);
        foreach (var target in targets.Where(t => !IsSdgTarget(t)))
        {
            throw new InvalidPartnershipInput($"sdgTargets[{SdgTargets!.IndexOf(target)}]",
                $"'{target}' is not an SDG target; write goal.target, e.g. '12.5' or '8.4' (goals 1 to 17).");
        }

        var resources = new List<ResourceDraft>();
        for (var i = 0; i < (Resources?.Count ?? 0); i++)
        {
            resources.Add(Resources![i].ToDraft($"resources[{i}]"));
        }

        return new PartnershipDraft(
            Title!.Trim(), Kind!.Value, Objective!.Trim(), StartDate!.Value, EndDate!.Value, partners, countries, regions,
            catalog.RegionsCovering(countries, regions), [.. (ValueChains ?? []).Distinct()], targets,
            [.. (Deliverables ?? []).Select(d => new DeliverableDraft(d.Title!.Trim(), d.DueDate!.Value, string.IsNullOrWhiteSpace(d.Indicator) ? null : d.Indicator.Trim()))],
            resources);
    }

    /// <summary>The validator checks each item's fields; a null item, or an item it did not reach, is refused here, never dereferenced.</summary>
    private void RequireComplete()
    {
        for (var i = 0; i < Partners!.Count; i++)
        {
            if (Partners[i] is not { MemberId: not null, Role: not null })
            {
                throw new InvalidPartnershipInput($"partners[{i}]", "Each partner needs a memberId and a role.");
            }
        }
        for (var i = 0; i < (Deliverables?.Count ?? 0); i++)
        {
            if (Deliverables![i] is not { Title.Length: > 0, DueDate: not null })
            {
                throw new InvalidPartnershipInput($"deliverables[{i}]", "Each deliverable needs a title and a dueDate.");
            }
        }
        for (var i = 0; i < (Resources?.Count ?? 0); i++)
        {
            if (Resources![i] is not { Type: not null })
            {
                throw new InvalidPartnershipInput($"resources[{i}]", "Each resource needs a type.");
            }
        }
        foreach (var (list, name) in new[] { (Countries, "countries"), (Regions, "regions"), (SdgTargets, "sdgTargets") })
        {
            if (list?.IndexOf(null!) is >= 0 and var index)
            {
                throw new InvalidPartnershipInput($"{name}[{index}]", "A code is required here, not null.");
            }
        }
    }

    private static List<string> Distinct(List<string>? codes) => [.. (codes ?? []).Distinct(StringComparer.Ordinal)];

    internal static bool IsSdgTarget(string code) =>
        SdgTarget().Match(code) is { Success: true } match && int.Parse(match.Groups[1].Value) is >= 1 and <= 17;

    [GeneratedRegex(@"^([1-9]|1[0-7])\.([1-9][0-9]?|[a-d])$")]
    private static partial Regex SdgTarget();
}

public sealed class PartnerInput
{
    /// <summary>The member's id (as in the membership service and the replica at <c>/api/partnerships/members/{id}</c>).</summary>
    [Required]
    public Guid? MemberId { get; init; }

    /// <summary>Lead, implementing, funding or knowledge partner.</summary>
    [Required]
    public PartnerRole? Role { get; init; }
}

public sealed class DeliverableInput
{
    /// <summary>What will be delivered, 3 to 300 characters.</summary>
    [Required, StringLength(300, MinimumLength = 3)]
    public string? Title { get; init; }

    /// <summary>When it is due.</summary>
    [Required]
    public DateOnly? DueDate { get; init; }

    /// <summary>How delivery is measured, e.g. "tonnes of textile waste collected per year".</summary>
    [StringLength(500)]
    public string? Indicator { get; init; }
}

public sealed class ResourceInput
{
    /// <summary>Financial, in kind, staff or technical.</summary>
    [Required]
    public ResourceType? Type { get; init; }

    /// <summary>What is committed; required for every type but financial.</summary>
    [StringLength(1000)]
    public string? Description { get; init; }

    /// <summary>The amount, greater than zero; required for a financial resource.</summary>
    public decimal? Amount { get; init; }

    /// <summary>ISO 4217 code of the amount (upper case, e.g. "EUR", "KES"); required with an amount.</summary>
    [StringLength(3)]
    public string? Currency { get; init; }

    internal ResourceDraft ToDraft(string path)
    {
        if (Amount is not null && (Amount <= 0 || Amount > 1_000_000_000_000m))
        {
            throw new InvalidPartnershipInput($"{path}.amount", "The amount must be greater than zero and at most 10^12.");
        }
        if (Type == ResourceType.Financial && Amount is null)
        {
            throw new InvalidPartnershipInput($"{path}.amount", "A financial resource needs an amount.");
        }
        if (Amount is not null && Currency is null)
        {
            throw new InvalidPartnershipInput($"{path}.currency", "An amount needs its ISO 4217 currency code, e.g. 'EUR'.");
        }
        if (Currency is not null && !Currencies.IsIso4217(Currency))
        {
            throw new InvalidPartnershipInput($"{path}.currency", $"'{Currency}' is not an ISO 4217 currency code (upper case, e.g. 'EUR', 'USD', 'KES').");
        }
        if (Currency is not null && Amount is null)
        {
            throw new InvalidPartnershipInput($"{path}.amount", "A currency needs an amount.");
        }
        if (Type != ResourceType.Financial && string.IsNullOrWhiteSpace(Description))
        {
            throw new InvalidPartnershipInput($"{path}.description", "Say what is committed (e.g. 'two engineers half time').");
        }
        return new ResourceDraft(Type!.Value, string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(), Amount, Currency);
    }
}

public sealed class PartnershipListQuery
{
    /// <summary>Only partnerships in this status (e.g. "proposed", "under_review").</summary>
    [FromQuery(Name = "status"), CodesOf(typeof(PartnershipStatus))]
    public string? Status { get; init; }
}

public sealed class NoteInput
{
    /// <summary>Why (kept in the trail).</summary>
    [StringLength(2000)]
    public string? Note { get; init; }
}

public sealed class NewLeadInput
{
    /// <summary>The new lead: an active Alliance member, already a partner or not.</summary>
    [Required]
    public Guid? MemberId { get; init; }

    /// <summary>Why this member (kept in the trail).</summary>
    [StringLength(2000)]
    public string? Note { get; init; }
}

public sealed class DiscontinuationInput
{
    /// <summary>Why the partnership is discontinued (kept in the trail).</summary>
    [Required, StringLength(2000, MinimumLength = 3)]
    public string? Reason { get; init; }
}

public sealed class SmartJudgementInput
{
    /// <summary>The criterion judged.</summary>
    [Required]
    public SmartCriterion? Criterion { get; init; }

    /// <summary>Accepted or not accepted; activation needs all five accepted.</summary>
    [Required]
    public SmartJudgement? Judgement { get; init; }

    /// <summary>The secretariat's reasoning.</summary>
    [StringLength(2000)]
    public string? Note { get; init; }
}

public sealed class DuplicateDecisionInput
{
    /// <summary>The listed candidate's id (from <c>duplicateCandidates</c>).</summary>
    [Required]
    public Guid? CandidateId { get; init; }

    /// <summary>Distinct, merge, or complementary.</summary>
    [Required]
    public DuplicateDecision? Decision { get; init; }

    /// <summary>The secretariat's reasoning.</summary>
    [StringLength(2000)]
    public string? Note { get; init; }
}

public sealed class DeliverableStatusInput
{
    /// <summary>The deliverable's new status.</summary>
    [Required]
    public DeliverableStatus? Status { get; init; }

    /// <summary>What happened (kept in the trail).</summary>
    [StringLength(2000)]
    public string? Note { get; init; }
}

public sealed class ProgressReportInput
{
    /// <summary>The calendar year reported on; one report per partnership per year.</summary>
    [Required, Range(2000, 2100)]
    public int? Year { get; init; }

    /// <summary>What was achieved against the deliverables, 10 to 8000 characters.</summary>
    [Required, StringLength(8000, MinimumLength = 10)]
    public string? Summary { get; init; }
}
