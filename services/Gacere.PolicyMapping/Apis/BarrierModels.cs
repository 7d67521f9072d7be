using System.ComponentModel.DataAnnotations;
using Gacere.PolicyMapping.Domain;
using Gacere.ReferenceData;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;

namespace Gacere.PolicyMapping.Apis;

/// <summary>A barrier or gap as a focal point (for its own member) or the secretariat proposes it.</summary>
public sealed class BarrierInput
{
    /// <summary>A short name for the barrier or gap.</summary>
    [Required, StringLength(300, MinimumLength = 3)]
    public string? Title { get; init; }

    /// <summary>What stands in the way, and for whom, 10 to 4000 characters.</summary>
    [Required, StringLength(4000, MinimumLength = 10)]
    public string? Description { get; init; }

    /// <summary>knowledge_gap, governance_gap, regulatory, financial, technical, market or data_gap.</summary>
    [Required]
    public BarrierType? Type { get; init; }

    /// <summary>national (exactly one country: a focal point's own), regional (two or more countries), global, or value_chain (one or more value chains).</summary>
    [Required]
    public BarrierScope? Scope { get; init; }

    /// <summary>Countries concerned, ISO 3166-1 alpha-3.</summary>
    [MaxLength(60)]
    public List<string>? Countries { get; init; }

    /// <summary>EU CEAP key value chains concerned.</summary>
    [MaxLength(8)]
    public List<ValueChain>? ValueChains { get; init; }

    /// <summary>Published instruments it relates to (that address it or that it hinders).</summary>
    [MaxLength(20)]
    public List<Guid>? InstrumentIds { get; init; }
}

/// <summary>The public list's filter. Several values of one field (repeated, or separated by commas) are alternatives; different fields must all hold.</summary>
public sealed class BarrierQuery : IProposalQuery
{
    /// <summary>Countries concerned, ISO 3166-1 alpha-3.</summary>
    [FromQuery(Name = "country"), MaxLength(50)]
    public string[]? Country { get; init; }

    /// <summary>A UN M49 region, sub-region or intermediate-region code, e.g. "002" (Africa): barriers concerning a country in it.</summary>
    [FromQuery(Name = "region"), StringLength(3)]
    public string? Region { get; init; }

    /// <summary>EU CEAP key value chains.</summary>
    [FromQuery(Name = "valueChain"), MaxLength(10)]
    public string[]? ValueChain { get; init; }

    /// <summary>Barrier and gap types.</summary>
    [FromQuery(Name = "type"), MaxLength(10)]
    public string[]? Type { get; init; }

    /// <summary>Scopes.</summary>
    [FromQuery(Name = "scope"), MaxLength(10)]
    public string[]? Scope { get; init; }

    /// <summary>"published" (the default, public); other statuses for the secretariat, and for a focal point its own member's.</summary>
    [FromQuery(Name = "status"), StringLength(32)]
    public string? Status { get; init; }
}

/// <summary>A barrier or gap.</summary>
/// <param name="BarrierId">Its id.</param>
/// <param name="Title">Short name.</param>
/// <param name="Description">What stands in the way.</param>
/// <param name="Type">Barrier or gap type.</param>
/// <param name="Scope">How far it reaches.</param>
/// <param name="Countries">Countries concerned, ISO alpha-3.</param>
/// <param name="ValueChains">Value chains concerned.</param>
/// <param name="InstrumentIds">Instruments it relates to.</param>
/// <param name="ProposerMemberId">The proposing member; null when the secretariat recorded it.</param>
/// <param name="ProposerName">The proposing member's name, or the secretariat.</param>
/// <param name="Status">Curation status; only "published" is public.</param>
/// <param name="CreatedAt">When it was proposed.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="PublishedAt">When it was published.</param>
public sealed record BarrierView(
    Guid BarrierId, string Title, string Description, BarrierType Type, BarrierScope Scope, IReadOnlyList<string> Countries,
    IReadOnlyList<ValueChain> ValueChains, IReadOnlyList<Guid> InstrumentIds, Guid? ProposerMemberId, string ProposerName,
    ProposalStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt)
{
    internal static BarrierView Of(BarrierOrGap b) => new(
        b.Id, b.Title, b.Description, b.Type, b.Scope, b.Countries, [.. b.ValueChains.Select(Vocabulary.Parse<ValueChain>)], b.InstrumentIds,
        b.ProposerMemberId, b.ProposerName, b.Status, b.CreatedAt, b.UpdatedAt, b.PublishedAt);
}
