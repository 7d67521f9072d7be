using System.ComponentModel.DataAnnotations;
using Gacere.PolicyMapping.Domain;
using Gacere.ReferenceData;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;

namespace Gacere.PolicyMapping.Apis;

/// <summary>A research need as a focal point (for its own member) or the secretariat proposes it.</summary>
public sealed class ResearchNeedInput
{
    /// <summary>A short name for the need, e.g. "Comparable circularity metrics for construction".</summary>
    [Required, StringLength(300, MinimumLength = 3)]
    public string? Title { get; init; }

    /// <summary>What is not known or measured yet, and why it matters, 10 to 4000 characters.</summary>
    [Required, StringLength(4000, MinimumLength = 10)]
    public string? Description { get; init; }

    /// <summary>Codes of the indicators the need concerns (see GET /api/policies/indicators).</summary>
    [MaxLength(20)]
    public List<string>? IndicatorCodes { get; init; }

    /// <summary>Countries concerned, ISO 3166-1 alpha-3 (none for a global need).</summary>
    [MaxLength(60)]
    public List<string>? Countries { get; init; }

    /// <summary>EU CEAP key value chains concerned.</summary>
    [MaxLength(8)]
    public List<ValueChain>? ValueChains { get; init; }
}

/// <summary>The secretariat's record of progress on a published research need.</summary>
public sealed class ResearchProgressInput
{
    /// <summary>The new progress: in_progress, addressed or closed (open → in_progress → addressed → closed; closed unmet from open or in_progress; addressed → in_progress to resume).</summary>
    [Required]
    public ResearchStatus? Progress { get; init; }

    /// <summary>What happened (a study published, a project started); kept in the trail.</summary>
    [StringLength(2000)]
    public string? Reason { get; init; }
}

/// <summary>The public list's filter. Several values of one field (repeated, or separated by commas) are alternatives; different fields must all hold.</summary>
public sealed class ResearchNeedQuery : IProposalQuery
{
    /// <summary>Countries concerned, ISO 3166-1 alpha-3.</summary>
    [FromQuery(Name = "country"), MaxLength(50)]
    public string[]? Country { get; init; }

    /// <summary>A UN M49 region, sub-region or intermediate-region code, e.g. "419": needs concerning a country in it.</summary>
    [FromQuery(Name = "region"), StringLength(3)]
    public string? Region { get; init; }

    /// <summary>EU CEAP key value chains.</summary>
    [FromQuery(Name = "valueChain"), MaxLength(10)]
    public string[]? ValueChain { get; init; }

    /// <summary>Indicator codes the need concerns.</summary>
    [FromQuery(Name = "indicator"), MaxLength(10)]
    public string[]? Indicator { get; init; }

    /// <summary>Progress: open, in_progress, addressed, closed.</summary>
    [FromQuery(Name = "progress"), MaxLength(4)]
    public string[]? Progress { get; init; }

    /// <summary>"published" (the default, public); other statuses for the secretariat, and for a focal point its own member's.</summary>
    [FromQuery(Name = "status"), StringLength(32)]
    public string? Status { get; init; }
}

/// <summary>A research need.</summary>
/// <param name="ResearchNeedId">Its id.</param>
/// <param name="Title">Short name.</param>
/// <param name="Description">What is not known or measured yet.</param>
/// <param name="IndicatorCodes">Indicators it concerns.</param>
/// <param name="Countries">Countries concerned, ISO alpha-3.</param>
/// <param name="ValueChains">Value chains concerned.</param>
/// <param name="Progress">open, in_progress, addressed or closed.</param>
/// <param name="ProposerMemberId">The proposing member; null when the secretariat recorded it.</param>
/// <param name="ProposerName">The proposing member's name, or the secretariat.</param>
/// <param name="Status">Curation status; only "published" is public.</param>
/// <param name="CreatedAt">When it was proposed.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="PublishedAt">When it was published.</param>
public sealed record ResearchNeedView(
    Guid ResearchNeedId, string Title, string Description, IReadOnlyList<string> IndicatorCodes, IReadOnlyList<string> Countries,
    IReadOnlyList<ValueChain> ValueChains, ResearchStatus Progress, Guid? ProposerMemberId, string ProposerName,
    ProposalStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt)
{
    internal static ResearchNeedView Of(ResearchNeed n) => new(
        n.Id, n.Title, n.Description, n.IndicatorCodes, n.Countries, [.. n.ValueChains.Select(Vocabulary.Parse<ValueChain>)], n.Progress,
        n.ProposerMemberId, n.ProposerName, n.Status, n.CreatedAt, n.UpdatedAt, n.PublishedAt);
}
