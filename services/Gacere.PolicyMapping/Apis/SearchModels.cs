using System.ComponentModel.DataAnnotations;
using Gacere.PolicyMapping.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Gacere.PolicyMapping.Apis;

/// <summary>
/// The filter of the search, the map and the exports. Several values of one field (repeated, or separated by
/// commas) are alternatives; different fields must all hold.
/// </summary>
public sealed class PolicyQuery
{
    /// <summary>Words to find in the titles and summaries, in English or the original language (web-search syntax: "quoted phrase", -excluded, or).</summary>
    [FromQuery(Name = "q"), StringLength(200)]
    public string? Q { get; init; }

    /// <summary>SDG 12.1.1 instrument types.</summary>
    [FromQuery(Name = "instrumentType"), MaxLength(10)]
    public string[]? InstrumentType { get; init; }

    /// <summary>OECD PINE types.</summary>
    [FromQuery(Name = "pineType"), MaxLength(10)]
    public string[]? PineType { get; init; }

    /// <summary>EU CEAP key value chains.</summary>
    [FromQuery(Name = "valueChain"), MaxLength(10)]
    public string[]? ValueChain { get; init; }

    /// <summary>R-strategies.</summary>
    [FromQuery(Name = "rStrategy"), MaxLength(10)]
    public string[]? RStrategy { get; init; }

    /// <summary>Material categories.</summary>
    [FromQuery(Name = "materialCategory"), MaxLength(10)]
    public string[]? MaterialCategory { get; init; }

    /// <summary>Themes.</summary>
    [FromQuery(Name = "theme"), MaxLength(10)]
    public string[]? Theme { get; init; }

    /// <summary>Levels of government.</summary>
    [FromQuery(Name = "level"), MaxLength(10)]
    public string[]? Level { get; init; }

    /// <summary>Lifecycles (where the instrument stands in law).</summary>
    [FromQuery(Name = "lifecycle"), MaxLength(10)]
    public string[]? Lifecycle { get; init; }

    /// <summary>Countries, ISO 3166-1 alpha-3.</summary>
    [FromQuery(Name = "country"), MaxLength(50)]
    public string[]? Country { get; init; }

    /// <summary>A UN M49 region, sub-region or intermediate-region code, e.g. "150" (Europe).</summary>
    [FromQuery(Name = "region"), StringLength(3)]
    public string? Region { get; init; }

    /// <summary>Indicator codes the instrument reports on.</summary>
    [FromQuery(Name = "indicator"), MaxLength(10)]
    public string[]? Indicator { get; init; }

    /// <summary>Binding instruments only (true) or non-binding only (false).</summary>
    [FromQuery(Name = "binding")]
    public bool? Binding { get; init; }

    /// <summary>Adopted on or after this date.</summary>
    [FromQuery(Name = "adoptedFrom")]
    public DateOnly? AdoptedFrom { get; init; }

    /// <summary>Adopted on or before this date.</summary>
    [FromQuery(Name = "adoptedTo")]
    public DateOnly? AdoptedTo { get; init; }

    /// <summary>In force on or after this date.</summary>
    [FromQuery(Name = "inForceFrom")]
    public DateOnly? InForceFrom { get; init; }

    /// <summary>In force on or before this date.</summary>
    [FromQuery(Name = "inForceTo")]
    public DateOnly? InForceTo { get; init; }

    /// <summary>Curation status; "published" (the default) for everyone, any status for the secretariat.</summary>
    [FromQuery(Name = "status"), StringLength(32)]
    public string? Status { get; init; }
}

/// <summary>Keyset paging of the search: at most <see cref="Limit"/> items after the cursor of the previous page.</summary>
public sealed class SearchPaging
{
    /// <summary>The <c>nextCursor</c> of the previous page; omit for the first page.</summary>
    [FromQuery(Name = "after"), StringLength(200)]
    public string? After { get; init; }

    /// <summary>Items per page, 1 to 100; 20 when omitted.</summary>
    [FromQuery(Name = "limit"), Range(1, 100)]
    public int? Limit { get; init; }
}

/// <summary>One page of published instruments that match, with the facet counts of the whole match.</summary>
/// <param name="Items">This page: best match first when searching text, otherwise newest first.</param>
/// <param name="TotalCount">Instruments that match the filter, on all pages.</param>
/// <param name="Facets">For each vocabulary, how many matching instruments carry each code (zeros included).</param>
/// <param name="NextCursor">Pass as <c>after</c> for the next page; null on the last page.</param>
public sealed record PolicySearchPage(IReadOnlyList<PolicyInstrumentView> Items, long TotalCount, PolicyFacets Facets, string? NextCursor);

/// <summary>How many matching instruments carry a code.</summary>
/// <param name="Code">The vocabulary code (or the country's alpha-3, the region's M49 code).</param>
/// <param name="Count">Matching instruments with it.</param>
public sealed record FacetCount(string Code, long Count);

/// <summary>Facet counts of a search, one list per vocabulary. Multi-valued vocabularies count an instrument once per code it carries.</summary>
public sealed record PolicyFacets(
    IReadOnlyList<FacetCount> InstrumentType,
    IReadOnlyList<FacetCount> PineType,
    IReadOnlyList<FacetCount> ValueChain,
    IReadOnlyList<FacetCount> RStrategy,
    IReadOnlyList<FacetCount> MaterialCategory,
    IReadOnlyList<FacetCount> Theme,
    IReadOnlyList<FacetCount> Level,
    IReadOnlyList<FacetCount> Lifecycle,
    IReadOnlyList<FacetCount> Binding,
    IReadOnlyList<FacetCount> Country,
    IReadOnlyList<FacetCount> Region);

/// <summary>
/// Counts of published instruments by a row (country or organisation, M49 region, or value chain) and SDG 12.1.1
/// instrument type, for the filter given. Every member jurisdiction, region or value chain has a row, so a gap
/// (no instrument of a type) is a zero and is listed in <c>missing</c>.
/// </summary>
/// <param name="Rows">What a row is: "country", "region" or "value_chain".</param>
/// <param name="Columns">The instrument type codes, in vocabulary order.</param>
/// <param name="Items">One row per member jurisdiction, region or value chain.</param>
/// <param name="Totals">Instruments per type over all rows.</param>
public sealed record PolicyMap(string Rows, IReadOnlyList<InstrumentType> Columns, IReadOnlyList<PolicyMapRow> Items, IReadOnlyDictionary<string, long> Totals);

/// <summary>One row of the map.</summary>
/// <param name="Key">The country's alpha-3, the organisation's member id, the M49 region code, or the value chain code.</param>
/// <param name="Name">A readable name.</param>
/// <param name="Counts">Instruments per instrument type code (zeros included).</param>
/// <param name="Total">Instruments in the row.</param>
/// <param name="Missing">The instrument types with no published instrument in this row: the gaps.</param>
public sealed record PolicyMapRow(string Key, string Name, IReadOnlyDictionary<string, long> Counts, long Total, IReadOnlyList<InstrumentType> Missing);

/// <summary>Every vocabulary's codes, for building filters.</summary>
public sealed record PolicyVocabularies(
    IReadOnlyList<string> Level, IReadOnlyList<string> Lifecycle, IReadOnlyList<string> InstrumentType, IReadOnlyList<string> PineType,
    IReadOnlyList<string> ValueChain, IReadOnlyList<string> RStrategy, IReadOnlyList<string> MaterialCategory,
    IReadOnlyList<string> Theme, IReadOnlyList<string> CurationStatus);
