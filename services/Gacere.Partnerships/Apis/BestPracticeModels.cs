using System.ComponentModel.DataAnnotations;
using Gacere.MemberReplica;
using Gacere.Partnerships.Domain;
using Gacere.ReferenceData;
using Gacere.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;

namespace Gacere.Partnerships.Apis;

/// <summary>A best practice as a member's focal point submits it (modelled on the European Circular Economy Stakeholder Platform).</summary>
public sealed class BestPracticeInput
{
    /// <summary>The member submitting: the focal point's own member. The member must be active.</summary>
    [Required]
    public Guid? MemberId { get; init; }

    /// <summary>A short title, 5 to 200 characters.</summary>
    [Required, StringLength(200, MinimumLength = 5)]
    public string? Title { get; init; }

    /// <summary>ISO 3166-1 alpha-3 code of the country where the practice took place (upper case, e.g. "KEN").</summary>
    [Required, StringLength(3, MinimumLength = 3)]
    public string? Country { get; init; }

    /// <summary>The type of organisation that carried it out; the member's own type when omitted.</summary>
    public OrgType? OrganisationType { get; init; }

    /// <summary>The sector or EU CEAP key value chain.</summary>
    [Required]
    public ValueChain? ValueChain { get; init; }

    /// <summary>The R-strategies it applies (R0 refuse to R9 recover), at least one.</summary>
    [Required, MinLength(1), MaxLength(10)]
    public List<RStrategy>? RStrategies { get; init; }

    /// <summary>ISO 639-1 code of the language it is described in, e.g. "en", "es", "sw".</summary>
    [Required, StringLength(2, MinimumLength = 2)]
    public string? Language { get; init; }

    /// <summary>What it achieved, measured where possible; 20 to 8000 characters.</summary>
    [Required, StringLength(8000, MinimumLength = 20)]
    public string? Outcomes { get; init; }

    /// <summary>Where it is documented: an http or https address.</summary>
    [Required, StringLength(2000)]
    public string? Source { get; init; }

    /// <summary>The GACERE partnership it came out of, if any.</summary>
    public Guid? PartnershipId { get; init; }

    /// <summary>
    /// What the annotations cannot check (codes that exist, the address) as a 400 naming the field; the member's
    /// own organisation type when none is given.
    /// </summary>
    internal BestPracticeDraft ToDraft(CountryCatalog catalog, ReplicatedMember member)
    {
        if (RStrategies!.Count == 0)
        {
            throw new InvalidPartnershipInput("rStrategies", "Give at least one R-strategy.");
        }
        if (catalog.FindExact(Country) is null)
        {
            throw new InvalidPartnershipInput("country", $"'{Country}' is not an ISO 3166-1 alpha-3 country code (upper case, e.g. 'KEN').");
        }
        if (!Languages.IsIso6391(Language))
        {
            throw new InvalidPartnershipInput("language", "Give the language as an ISO 639-1 code of two lower-case letters, e.g. 'en', 'es', 'sw'.");
        }
        if (!Uri.TryCreate(Source!.Trim(), UriKind.Absolute, out var source) || source.Scheme is not ("http" or "https"))
        {
            throw new InvalidPartnershipInput("source", "Give the source as an absolute http or https address.");
        }
        OrgType organisationType;
        if (OrganisationType is { } given)
        {
            organisationType = given;
        }
        else if (!Vocabulary.TryParse(member.OrgType, out organisationType))
        {
            throw new InvalidPartnershipInput("organisationType", $"Give the organisation type; {Vocabulary.Expected<OrgType>()}.");
        }
        return new BestPracticeDraft(MemberId!.Value, Title!.Trim(), Country!, organisationType,
            ValueChain!.Value, RStrategies, Language!, Outcomes!.Trim(), source.ToString(), PartnershipId);
    }
}

public sealed class BestPracticeRejectionInput
{
    /// <summary>Why the practice is not published (kept in the trail and shown to the submitter).</summary>
    [Required, StringLength(2000, MinimumLength = 3)]
    public string? Reason { get; init; }
}

/// <summary>The public search's filter. Several values of one field (repeated, or separated by commas) are alternatives; different fields must all hold.</summary>
public sealed class BestPracticeQuery
{
    /// <summary>Words to find in titles and outcomes (web-search syntax: "quoted phrase", -excluded, or).</summary>
    [FromQuery(Name = "q"), StringLength(200)]
    public string? Q { get; init; }

    /// <summary>Countries, ISO 3166-1 alpha-3.</summary>
    [FromQuery(Name = "country"), MaxLength(50)]
    public string[]? Country { get; init; }

    /// <summary>A UN M49 region, sub-region or intermediate-region code, e.g. "002" (Africa).</summary>
    [FromQuery(Name = "region"), StringLength(3)]
    public string? Region { get; init; }

    /// <summary>Organisation types.</summary>
    [FromQuery(Name = "organisationType"), MaxLength(10)]
    public string[]? OrganisationType { get; init; }

    /// <summary>EU CEAP key value chains.</summary>
    [FromQuery(Name = "valueChain"), MaxLength(10)]
    public string[]? ValueChain { get; init; }

    /// <summary>R-strategies.</summary>
    [FromQuery(Name = "rStrategy"), MaxLength(10)]
    public string[]? RStrategy { get; init; }

    /// <summary>Languages, ISO 639-1.</summary>
    [FromQuery(Name = "language"), MaxLength(10)]
    public string[]? Language { get; init; }

    /// <summary>Only practices that came out of this partnership.</summary>
    [FromQuery(Name = "partnershipId")]
    public Guid? PartnershipId { get; init; }
}

/// <summary>Keyset paging of the search: at most <see cref="Limit"/> items after the cursor of the previous page.</summary>
public sealed class BestPracticePaging
{
    /// <summary>The <c>nextCursor</c> of the previous page; omit for the first page.</summary>
    [FromQuery(Name = "after"), StringLength(200)]
    public string? After { get; init; }

    /// <summary>Items per page, 1 to 100; 20 when omitted.</summary>
    [FromQuery(Name = "limit"), Range(1, 100)]
    public int? Limit { get; init; }
}

public sealed class BestPracticeListQuery
{
    /// <summary>Only practices in this status ("submitted", "published", "rejected").</summary>
    [FromQuery(Name = "status"), CodesOf(typeof(BestPracticeStatus))]
    public string? Status { get; init; }
}

/// <summary>A published best practice, as everyone sees it.</summary>
/// <param name="BestPracticeId">Its id.</param>
/// <param name="MemberId">The member that submitted it.</param>
/// <param name="Title">Its title.</param>
/// <param name="Country">ISO 3166-1 alpha-3 code of the country where it took place.</param>
/// <param name="OrganisationType">Who carried it out.</param>
/// <param name="ValueChain">The sector or value chain.</param>
/// <param name="RStrategies">The R-strategies it applies.</param>
/// <param name="Language">ISO 639-1 code of the language it is described in.</param>
/// <param name="Outcomes">What it achieved.</param>
/// <param name="Source">Where it is documented.</param>
/// <param name="PartnershipId">The partnership it came out of, if any.</param>
/// <param name="PublishedAt">When the secretariat published it.</param>
public sealed record BestPracticeView(
    Guid BestPracticeId, Guid MemberId, string Title, string Country, OrgType OrganisationType, ValueChain ValueChain,
    IReadOnlyList<RStrategy> RStrategies, string Language, string Outcomes, string Source, Guid? PartnershipId, DateTimeOffset PublishedAt);

/// <summary>A best practice with where it stands, for its submitter's focal points and the secretariat.</summary>
/// <param name="BestPracticeId">Its id.</param>
/// <param name="MemberId">The member that submitted it.</param>
/// <param name="Title">Its title.</param>
/// <param name="Country">ISO 3166-1 alpha-3 code of the country where it took place.</param>
/// <param name="OrganisationType">Who carried it out.</param>
/// <param name="ValueChain">The sector or value chain.</param>
/// <param name="RStrategies">The R-strategies it applies.</param>
/// <param name="Language">ISO 639-1 code of the language it is described in.</param>
/// <param name="Outcomes">What it achieved.</param>
/// <param name="Source">Where it is documented.</param>
/// <param name="PartnershipId">The partnership it came out of, if any.</param>
/// <param name="Status">Submitted, published or rejected.</param>
/// <param name="SubmittedBy">Subject of the focal point who submitted it.</param>
/// <param name="SubmittedAt">When it was submitted.</param>
/// <param name="PublishedAt">When it was published; null otherwise.</param>
public sealed record BestPracticeSubmissionView(
    Guid BestPracticeId, Guid MemberId, string Title, string Country, OrgType OrganisationType, ValueChain ValueChain,
    IReadOnlyList<RStrategy> RStrategies, string Language, string Outcomes, string Source, Guid? PartnershipId,
    BestPracticeStatus Status, string SubmittedBy, DateTimeOffset SubmittedAt, DateTimeOffset? PublishedAt)
{
    internal static BestPracticeSubmissionView Of(BestPractice p) => new(
        p.Id, p.MemberId, p.Title, p.CountryIso3, p.OrganisationType, p.ValueChain, [.. p.RStrategyCodes], p.Language, p.Outcomes, p.Source,
        p.PartnershipId, p.Status, p.SubmittedBy, p.SubmittedAt, p.PublishedAt);
}

/// <summary>One step of a best practice's life.</summary>
/// <param name="Action">What happened: submitted, published or rejected.</param>
/// <param name="From">The status before; null for the submission.</param>
/// <param name="To">The status after.</param>
/// <param name="Actor">Subject of the token that made the change.</param>
/// <param name="At">When.</param>
/// <param name="Note">Why (a rejection's reason).</param>
public sealed record BestPracticeTrailEntryView(BestPracticeAction Action, BestPracticeStatus? From, BestPracticeStatus To, string Actor, DateTimeOffset At, string? Note);

/// <summary>One page of published best practices that match, with the facet counts of the whole match.</summary>
/// <param name="Items">This page: best match first when searching text, otherwise newest first.</param>
/// <param name="TotalCount">Practices that match the filter, on all pages.</param>
/// <param name="Facets">For each vocabulary, how many matching practices carry each code.</param>
/// <param name="NextCursor">Pass as <c>after</c> for the next page; null on the last page.</param>
public sealed record BestPracticeSearchPage(IReadOnlyList<BestPracticeView> Items, long TotalCount, BestPracticeFacets Facets, string? NextCursor);

/// <summary>How many matching practices carry a code.</summary>
/// <param name="Code">The vocabulary code (or the country's alpha-3, the language's ISO 639-1 code, the region's M49 code).</param>
/// <param name="Count">Matching practices with it.</param>
public sealed record FacetCount(string Code, long Count);

/// <summary>
/// Facet counts of a search. Closed vocabularies (organisation type, value chain, R-strategy, top-level M49 region)
/// list every code, zeros included; languages and countries list the codes that occur, most frequent first. A
/// practice counts once per R-strategy it applies.
/// </summary>
public sealed record BestPracticeFacets(
    IReadOnlyList<FacetCount> OrganisationType,
    IReadOnlyList<FacetCount> ValueChain,
    IReadOnlyList<FacetCount> RStrategy,
    IReadOnlyList<FacetCount> Language,
    IReadOnlyList<FacetCount> Country,
    IReadOnlyList<FacetCount> Region);
