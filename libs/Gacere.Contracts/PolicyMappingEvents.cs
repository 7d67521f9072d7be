using MassTransit;

namespace Gacere.Contracts.PolicyMapping;

// Policy mapping announces what the public can see: an instrument entering the published map and leaving it.
// No service consumes them yet, so they are announcements (published without the mandatory flag); a future
// subscriber reads the current map from GET /api/policies/search and then follows these.
// Codes use the snake_case vocabulary of DOMAIN.md ("regulatory_legal", "plastics").

/// <summary>The secretariat published a policy instrument: it is now public (search, map, exports).</summary>
/// <param name="InstrumentId">The instrument (GET /api/policies/instruments/{id}).</param>
/// <param name="MemberId">The member whose jurisdiction it is.</param>
/// <param name="CountryIso3">ISO 3166-1 alpha-3; null for an organisation's instrument (e.g. the EU's).</param>
/// <param name="TitleEnglish">Its English title.</param>
/// <param name="InstrumentType">SDG 12.1.1 instrument type code.</param>
/// <param name="ValueChains">EU CEAP key value chain codes.</param>
/// <param name="Themes">Theme codes.</param>
/// <param name="PublishedAt">When it was published.</param>
[Announcement]
[MessageUrn("gacere:policymapping:policy-instrument-published:v1")]
public sealed record PolicyInstrumentPublished(
    Guid InstrumentId, Guid MemberId, string? CountryIso3, string TitleEnglish, string InstrumentType,
    IReadOnlyList<string> ValueChains, IReadOnlyList<string> Themes, DateTimeOffset PublishedAt);

/// <summary>The secretariat archived a published policy instrument: it has left every public answer.</summary>
/// <param name="InstrumentId">The instrument.</param>
/// <param name="MemberId">The member whose jurisdiction it is.</param>
/// <param name="CountryIso3">ISO 3166-1 alpha-3; null for an organisation's instrument.</param>
/// <param name="Reason">Why the secretariat archived it.</param>
/// <param name="ArchivedAt">When.</param>
[Announcement]
[MessageUrn("gacere:policymapping:policy-instrument-archived:v1")]
public sealed record PolicyInstrumentArchived(Guid InstrumentId, Guid MemberId, string? CountryIso3, string Reason, DateTimeOffset ArchivedAt);
